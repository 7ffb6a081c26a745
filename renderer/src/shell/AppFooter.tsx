import { useAppInfoStore } from '../stores/app-info';

const TRANSPORT_LABEL = { electron: 'Desktop', browser: 'Browser mode', cli: 'CLI' } as const;

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
          </span>
          <span className="footer-end">
            {TRANSPORT_LABEL[info.transport]}
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
