import { formatDay } from '../../../shared/days';
import { findPlan } from '../repositories/rollout-plans';
import { DEFAULT_PATCH_BAKE_HOURS } from '../../../shared/patches';
import type { StepRecord } from '../../../shared/rollout-steps';
import { listPatchSteps, writePatchStep } from '../repositories/patches';
import {
  findHalt,
  insertHalt,
  trainGates,
  trainSteps,
  writeGate,
  writeResume,
  writeStep,
} from '../repositories/tracking';
import { type ServiceContext } from './context';
import { createPatch } from './patch-plans';
import { auditTrainChange } from './tracking-records';
import { plural } from './tracking-views';
import { viewOf } from './train-views';

const DEMO_REGRESSION = {
  reason: 'Session cache evicts SSO tokens early; users are signed out',
  reference: 'INC-2417',
  severity: 'high' as const,
};

/**
 * Demo only: the rollout of a freshly planned demo train as it would stand today
 * had it been tracked. Waves planned before today are released (started 09:00,
 * released 11:00 UTC on their day) and the gates passed in time; with
 * `regression`, a train that has ended was halted in wave 2 by a regression and
 * resumed with a fix, so the fairness figures have one to count. One audit event
 * says what was recorded. Returns whether the regression was recorded.
 */
export function recordDemoRollout(ctx: ServiceContext, trainId: number, regression: boolean): boolean {
  const train = viewOf(ctx, trainId);
  const plan = findPlan(ctx.db, trainId);
  const today = ctx.today();
  if (!plan) return false;
  const due = plan.waves.filter((w) => w.date < today);
  if (due.length === 0) return false;
  const actor = ctx.actor;
  const at = (day: string, hour: number) =>
    new Date(Date.parse(`${day}T00:00:00.000Z`) + hour * 3_600_000).toISOString();
  // A step of the demo's day: started at 09:00 and released at 11:00 UTC.
  const releasedOn = (key: string, day: string): StepRecord => ({
    key,
    state: 'released',
    reason: null,
    startedAt: at(day, 9),
    finishedAt: at(day, 11),
  });
  const steps = trainSteps(ctx.db, trainId);
  const gates = trainGates(ctx.db, trainId);
  const bake = gates.find((g) => g.kind === 'internal_bake');
  const internalDay = plan.waves[0]!.date;
  const bakeHours = bake?.bakeHours ?? 0;
  const gatePassed = at(internalDay, 11 + bakeHours);
  // A regression needs an ended train with a wave after the halted one, late enough for the fix to bake.
  const halted = plan.waves.find((w) => w.index === 2);
  const after = plan.waves.find((w) => w.index === 3);
  const haltAt = halted ? at(halted.date, 13) : '';
  const resumeAt = halted ? at(halted.date, 13 + 2 + bakeHours + 1) : '';
  const withRegression =
    regression && train.end < today && halted !== undefined && after !== undefined && at(after.date, 9) > resumeAt;

  for (const w of due)
    for (const s of steps.filter((x) => x.wave === w.index))
      writeStep(ctx.db, trainId, releasedOn(s.key, w.date), actor, at(w.date, 11));
  for (const g of gates) {
    if (g.kind === 'internal_bake' && gatePassed > ctx.now().toISOString()) continue;
    const when = g.kind === 'internal_bake' ? gatePassed : at(internalDay, 8);
    writeGate(ctx.db, trainId, g.key, {
      state: 'passed',
      reason: null,
      evidenceUrl: null,
      updatedBy: actor,
      updatedAt: when,
    });
  }
  let summary = `Demo: recorded the rollout of ${train.version} as of ${formatDay(today, { weekday: true })}: ${plural(
    due.reduce((n, w) => n + steps.filter((s) => s.wave === w.index).length, 0),
    'deployment',
  )} released in waves ${due[0]!.index}–${due.at(-1)!.index}`;
  if (withRegression) {
    const reached = steps.filter((s) => s.wave <= 2).map((s) => s.key);
    const id = insertHalt(ctx.db, {
      trainId,
      ...DEMO_REGRESSION,
      haltedAt: haltAt,
      haltedBy: actor,
      haltedWave: 2,
      deployments: [...reached].sort(),
    });
    // The fix goes to the internal deployment, bakes, and the train resumes.
    const internal = steps.find((s) => s.wave === 0)!;
    const fixReleased = at(halted!.date, 15);
    writeStep(
      ctx.db,
      trainId,
      { key: internal.key, state: 'released', reason: null, startedAt: at(halted!.date, 14), finishedAt: fixReleased },
      actor,
      fixReleased,
    );
    if (bake)
      writeGate(ctx.db, trainId, bake.key, {
        state: 'passed',
        reason: null,
        evidenceUrl: null,
        updatedBy: actor,
        updatedAt: at(halted!.date, 15 + bakeHours),
      });
    const fixVersion = `${train.version}.1`;
    writeResume(ctx.db, id, { resumedAt: resumeAt, resumedBy: actor, fixVersion });
    summary += `; ${DEMO_REGRESSION.reference} halted it in wave 2 and ${fixVersion} fixed it`;
    // The fix's patch reaches those released before the halt, its waves before today released like the train's.
    const patch = createPatch(ctx, train, findHalt(ctx.db, id)!, DEFAULT_PATCH_BAKE_HOURS, resumeAt);
    if (patch) {
      const released = listPatchSteps(ctx.db, [patch.id]).filter((s) => s.date < today);
      for (const s of released) writePatchStep(ctx.db, patch.id, releasedOn(s.key, s.date), actor, at(s.date, 11));
      summary += `, delivered by its patch to ${plural(released.length, 'deployment')} of ${patch.keys.length}`;
    }
  }
  auditTrainChange(ctx, trainId, 'demo.rollout', summary, undefined, { waves: due.map((w) => w.index) });
  return withRegression;
}
