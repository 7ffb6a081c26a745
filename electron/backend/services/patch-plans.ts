import { formatDay } from '../../../shared/days';
import { planPatch } from '../../../shared/patches';
import type { TrainView } from '../../../shared/train';
import { insertPatch } from '../repositories/patches';
import { type StoredHalt, trainSteps } from '../repositories/tracking';
import { type ServiceContext } from './context';
import { currentVersions, keyList, plural } from './tracking-views';

// The patch a resume creates (shared/patches.ts): every deployment of the train that still runs
// the version the halt was found in gets the fix, the internal deployment first.

export interface CreatedPatch {
  id: number;
  keys: string[];
  /** One clause for the resume's audit event. */
  clause: string;
}

/**
 * Creates the patch of a resumed `halt` at `at`, or returns null when no deployment runs the
 * broken version (the regression was caught before any release finished).
 */
export function createPatch(
  ctx: ServiceContext,
  train: TrainView,
  halt: StoredHalt,
  bakeHours: number,
  at: string,
): CreatedPatch | null {
  if (halt.fixVersion === null) return null;
  const steps = trainSteps(ctx.db, train.id);
  const versions = currentVersions(
    ctx,
    steps.map((s) => s.key),
  );
  const broken = versions.filter((v) => v.broken?.haltId === halt.id);
  if (broken.length === 0) return null;
  const byKey = new Map(steps.map((s) => [s.key, s]));
  const planned = planPatch(
    broken.map((v) => ({ key: v.key, internal: byKey.get(v.key)!.internal, trainWave: byKey.get(v.key)!.wave })),
    ctx.dayOf(new Date(at)),
  );
  const id = insertPatch(
    ctx.db,
    {
      trainId: train.id,
      haltId: halt.id,
      version: halt.fixVersion,
      broken: broken[0]!.version!,
      reason: halt.reason,
      reference: halt.reference,
      bakeHours,
      createdAt: at,
      createdBy: ctx.actor,
    },
    planned,
  );
  const keys = planned.map((s) => s.key);
  const waves = new Set(planned.map((s) => s.wave)).size;
  const [first, last] = [planned[0]!.date, planned.at(-1)!.date];
  const who = keys.length === 1 ? `${keys[0]}, the one deployment` : `the ${keys.length} deployments`;
  const when =
    first === last
      ? `on ${formatDay(first, { weekday: true })}`
      : `in ${plural(waves, 'wave')} from ${formatDay(first, { weekday: true })} to ${formatDay(last, { weekday: true })}`;
  return {
    id,
    keys,
    clause: `the patch ${halt.fixVersion} goes to ${who} still running ${broken[0]!.version}${keys.length > 1 ? ` (${keyList(keys)})` : ''}, ${when}`,
  };
}
