import type { Day } from '../days';
import {
  type DeploymentStatusInTrain,
  type ExportSelection,
  type ExportSnapshot,
  deploymentIndex,
  planOf,
  selectSnapshot,
  stepStatusIndex,
} from './snapshot';

/** One deployment in one train's rollout: a line of the schedule (CSV, printed plan). */
export interface ScheduleRow {
  trainId: number;
  version: string;
  wave: number;
  date: Day;
  key: string;
  name: string;
  region: string;
  timeZone: string;
  status: DeploymentStatusInTrain;
}

/** The rollout schedule of a selection: trains in start order, then waves, then deployments in wave order. */
export function scheduleRows(snapshot: ExportSnapshot, selection: ExportSelection): ScheduleRow[] {
  const selected = selectSnapshot(snapshot, selection);
  const deployment = deploymentIndex(selected);
  const status = stepStatusIndex(selected);
  return selected.trains.flatMap((train) =>
    (planOf(selected, train.id)?.waves ?? []).flatMap((wave) =>
      wave.keys.map((key) => {
        const d = deployment(key);
        return {
          trainId: train.id,
          version: train.version,
          wave: wave.index,
          date: wave.date,
          key,
          name: d.name,
          region: d.region,
          timeZone: d.timeZone,
          status: status(train, key),
        };
      }),
    ),
  );
}
