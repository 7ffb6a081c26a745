import { useState } from 'react';
import type { AuditEntry } from '../../../../shared/contract';
import { Badge } from '../../components/Badge';
import { formatInstant } from './rollout-format';

function json(value: unknown): string {
  return value === null || value === undefined ? '—' : JSON.stringify(value, null, 2);
}

function AuditItem({ entry }: { entry: AuditEntry }) {
  const [open, setOpen] = useState(false);
  const changes = entry.before !== null || entry.after !== null;
  const detailsId = `audit-${entry.id}-changes`;
  return (
    <li
      className={`audit-entry${entry.undoneBy !== null ? ' is-undone' : ''}${entry.action === 'undo' ? ' is-undo' : ''}`}
      data-testid="audit-entry"
    >
      <p className="audit-summary">{entry.summary}</p>
      <p className="audit-meta">
        <span className="audit-actor">{entry.actor}</span>
        <span aria-hidden="true"> · </span>
        <time dateTime={entry.at}>{formatInstant(entry.at)}</time>
        <span aria-hidden="true"> · </span>
        <span className="mono">{entry.action}</span>
        {entry.undoneBy !== null && <Badge tone="muted">Undone</Badge>}
      </p>
      {changes && (
        <>
          <button
            type="button"
            className="audit-toggle"
            aria-expanded={open}
            aria-controls={detailsId}
            onClick={() => setOpen((o) => !o)}
          >
            {open ? 'Hide before and after' : 'Show before and after'}
          </button>
          {open && (
            <div id={detailsId} className="audit-changes">
              <div>
                <p className="audit-changes-title">Before</p>
                {/* Focusable: a long record scrolls, and keyboard users must be able to scroll it. */}
                <pre tabIndex={0}>{json(entry.before)}</pre>
              </div>
              <div>
                <p className="audit-changes-title">After</p>
                <pre tabIndex={0}>{json(entry.after)}</pre>
              </div>
            </div>
          )}
        </>
      )}
    </li>
  );
}

interface AuditTrailProps {
  /** Newest first, as `audit.list` answers. */
  entries: readonly AuditEntry[] | null;
  /** Names the list, e.g. "Audit trail of 2027.03". */
  label: string;
  empty: string;
}

/** Who changed what and when, newest first; each change opens to show its record before and after. */
export function AuditTrail({ entries, label, empty }: AuditTrailProps) {
  if (entries === null) return <p className="rollout-empty">Loading the audit trail…</p>;
  if (entries.length === 0) return <p className="rollout-empty">{empty}</p>;
  return (
    <ol className="audit-trail" aria-label={label} data-testid="audit-trail">
      {entries.map((e) => (
        <AuditItem key={e.id} entry={e} />
      ))}
    </ol>
  );
}
