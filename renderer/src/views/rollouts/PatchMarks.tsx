import type { PatchView } from '../../../../shared/contract';
import { type Day, daysBetween } from '../../../../shared/days';
import type { CssVars } from '../../components/css-vars';
import { useTracked } from '../../stores/rollouts';
import { progressText } from './ProgressBar';
import { PATCH_STATUS_LABEL } from './rollout-format';
import './rollouts.css';

/** One wave of a patch on its day. */
export interface PatchDay {
  patch: PatchView;
  wave: PatchView['waves'][number];
}

/** The days a train's patches roll out on (one per patch wave), from its tracking once loaded. */
export function usePatchDays(trainId: number): PatchDay[] {
  const train = useTracked(trainId);
  return (train?.patches ?? []).flatMap((patch) => patch.waves.map((wave) => ({ patch, wave })));
}

/** "Patch 2027.03.1 (fixes INC-7310), wave 1: 0 of 2 released · Rolling out". */
export function patchTitle({ patch, wave }: PatchDay): string {
  return `Patch ${patch.version} (fixes ${patch.reference}), wave ${wave.index}: ${progressText(wave.progress)} · ${PATCH_STATUS_LABEL[patch.status]}`;
}

/**
 * The days a train's patches roll out, inside its calendar band: a small "P" mark per patch wave,
 * green once the wave is finished, with what it fixes and how far it got in its title.
 */
export function PatchMarks({
  days,
  from,
  to,
  testIds,
  releaseDays,
}: {
  days: readonly PatchDay[];
  from: Day;
  to: Day;
  testIds: boolean;
  /** Days that carry a release mark: the release mark says the patch there (`patchTitle`), so no "P" is drawn. */
  releaseDays: ReadonlySet<Day>;
}) {
  const total = daysBetween(from, to) + 1;
  return (
    <>
      {days
        .filter(({ wave }) => from <= wave.date && wave.date <= to && !releaseDays.has(wave.date))
        .map(({ patch, wave: w }) => {
          const done = w.progress.finished === w.progress.total;
          return (
            <span
              key={`${patch.id}-${w.index}`}
              className={`patch-mark${done ? ' is-done' : ''}`}
              style={{ '--at': (daysBetween(from, w.date) + 0.5) / total } as CssVars}
              title={patchTitle({ patch, wave: w })}
              data-testid={testIds ? `patch-day-${patch.version}-${w.date}` : undefined}
            >
              P
            </span>
          );
        })}
    </>
  );
}
