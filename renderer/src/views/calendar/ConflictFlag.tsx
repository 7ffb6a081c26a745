import type { TrainView } from '../../../../shared/train';
import { WarningIcon } from '../../components/icons';
import { plural } from './calendar-format';

/** "2 conflicts" beside a train's name, each conflict's message on hover; nothing when it has none. */
export function ConflictFlag({ conflicts }: { conflicts: TrainView['conflicts'] }) {
  if (conflicts.length === 0) return null;
  return (
    <span className="conflict-flag" title={conflicts.map((c) => c.message).join('\n')}>
      <WarningIcon width={12} height={12} />
      {plural(conflicts.length, 'conflict')}
    </span>
  );
}
