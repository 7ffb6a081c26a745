import type { Day } from '../../../../shared/days';
import type { BlockedDateRange } from '../../../../shared/deployment';
import { Badge } from '../../components/Badge';
import { RemoveButton } from '../../components/RemoveButton';
import { rangeLength, rangeSpan, rangeTiming } from './blocked-dates-model';

interface BlockedRangeListProps {
  deploymentKey: string;
  /** In the order shown (see sortedRanges). */
  ranges: readonly BlockedDateRange[];
  today: Day;
  /** The range just added, highlighted. */
  added: number | null;
  /** A removal is under way: no other may start. */
  busy: boolean;
  onRemove: (range: BlockedDateRange) => void;
}

/** A deployment's blocked ranges, past ones dimmed, each with its Remove button. */
export function BlockedRangeList({ deploymentKey, ranges, today, added, busy, onRemove }: BlockedRangeListProps) {
  return ranges.length === 0 ? (
    <p className="blocked-empty">No blocked dates.</p>
  ) : (
    <ul className="blocked-list" aria-label={`Blocked dates of ${deploymentKey}`}>
      {ranges.map((r) => {
        const timing = rangeTiming(r, today);
        return (
          <li
            key={r.id}
            data-testid={`blocked-range-${r.id}`}
            className={`removable-row blocked-row${timing === 'past' ? ' is-past' : ''}${r.id === added ? ' is-highlighted' : ''}`}
          >
            <span className="blocked-what">
              <span className="blocked-span">
                {rangeSpan(r)}
                {timing === 'current' && <Badge tone="warning">In effect</Badge>}
                {timing === 'past' && <Badge tone="muted">Past</Badge>}
              </span>
              <span className="blocked-meta">
                {rangeLength(r)}
                <span aria-hidden="true"> · </span>
                <span className="blocked-reason">{r.reason}</span>
              </span>
            </span>
            <RemoveButton
              aria-label={`Remove blocked dates ${rangeSpan(r)}`}
              disabled={busy}
              onClick={() => onRemove(r)}
            />
          </li>
        );
      })}
    </ul>
  );
}
