import { Badge } from '../components/Badge';
import { transportKind } from '../api/client';
import { useAppInfoStore } from '../stores/app-info';

const TRANSPORT_LABEL = { electron: 'Desktop', browser: 'Browser mode', cli: 'CLI', team: 'Team server' } as const;

/** Which build and which database file this window shows: the first question of anyone on call. */
export function AppFooter() {
  const info = useAppInfoStore((s) => s.info);
  return (
    <footer className="app-footer">
      {info && (
        <>
          <span>Release Calendar {info.version}</span>
          <span className="footer-separator" aria-hidden="true">
            ·
          </span>
          <span className="footer-db">
            Database <span className="mono footer-path">{info.databasePath}</span>
            {info.readOnly && (
              <Badge
                tone="warning"
                title="The file or its folder cannot be written: you can read everything, and every change is refused. Make them writable, or copy the file to a writable folder, and open it again."
              >
                Read-only
              </Badge>
            )}
          </span>
          <span className="footer-end">
            {transportKind === 'team' ? 'Team server' : TRANSPORT_LABEL[info.transport]}
            <span className="footer-separator" aria-hidden="true">
              ·
            </span>
            {info.actor}
          </span>
        </>
      )}
    </footer>
  );
}
