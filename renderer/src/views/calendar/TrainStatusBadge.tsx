import type { TrainView } from '../../../../shared/train';
import { Badge } from '../../components/Badge';
import { useRolloutsStore } from '../../stores/rollouts';
import { TRACKED_STATUS_LABEL, TRACKED_STATUS_TONE } from '../rollouts/rollout-format';
import { STATUS_LABEL, STATUS_TONE } from './calendar-format';

/**
 * A train's status as the calendar shows it: the one rollout tracking gives once it is read (the
 * calendar's dates moved on by steps and halts: "Overdue" for a train past its end with a
 * deployment still failed), else the calendar's own. The same word as the Rollouts view's.
 */
export function TrainStatusBadge({ train }: { train: TrainView }) {
  const tracked = useRolloutsStore((s) => s.tracked[train.id]);
  if (tracked) return <Badge tone={TRACKED_STATUS_TONE[tracked.status]}>{TRACKED_STATUS_LABEL[tracked.status]}</Badge>;
  return <Badge tone={STATUS_TONE[train.status]}>{STATUS_LABEL[train.status]}</Badge>;
}
