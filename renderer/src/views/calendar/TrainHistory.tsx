import type { HistoryEvent } from '../../../../shared/contract';

const instant = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** The train's audit trail, newest first: who did what, and when (in the reader's time zone). */
export function TrainHistory({ events }: { events: readonly HistoryEvent[] | null }) {
  if (events === null) return <p className="notes-empty">Loading history…</p>;
  if (events.length === 0) return <p className="notes-empty">No changes recorded yet.</p>;
  return (
    <ol className="history">
      {[...events].reverse().map((e) => (
        <li key={e.id} className="history-event">
          <p className="history-summary">{e.summary}</p>
          <p className="history-meta">
            <span className="history-actor">{e.actor}</span>
            <span aria-hidden="true"> · </span>
            <time dateTime={e.at}>{instant.format(new Date(e.at))}</time>
            <span aria-hidden="true"> · </span>
            <span className="mono">{e.action}</span>
          </p>
        </li>
      ))}
    </ol>
  );
}
