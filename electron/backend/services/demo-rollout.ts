import { type Day, addDays, daysBetween, formatDay } from '../../../shared/days';
import type { DemoRegression, DemoTrainScript } from '../../../shared/demo-history';
import {
  type GateAction,
  type GateKind,
  type GateState,
  gateTransition,
  internalBakeRefusal,
  isCleared,
} from '../../../shared/gates';
import { DEFAULT_POLICY, rolloutPolicySchema } from '../../../shared/ordering';
import { DEFAULT_PATCH_BAKE_HOURS, patchWaveRefusal } from '../../../shared/patches';
import {
  type HaltSeverity,
  type StepAction,
  type StepRecord,
  applyTransition,
  stepTransition,
} from '../../../shared/rollout-steps';
import { RuleBook } from '../../../shared/schedule';
import type { TrainView } from '../../../shared/train';
import { waveStartRefusal } from '../../../shared/wave-rules';
import { listPatchSteps, writePatchStep } from '../repositories/patches';
import { type StoredPlan, findPlan } from '../repositories/rollout-plans';
import { listFreezes, listHolidays } from '../repositories/rules';
import {
  findHalt,
  insertHalt,
  readGatePolicy,
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
import { readSettings, viewOf } from './train-views';

// Demo only: a freshly planned demo train's rollout as it would have been tracked, played through
// the tracking rules (the step and gate machines, the wave rules, the internal bake, the resume
// policy, the patch rules) and written through the repositories, with one audit event saying
// what was recorded. A train that has ended plays its script (shared/demo-history.ts); one in
// flight is recorded as of today, its waves before today released on their days. Every instant
// is a working hour where the user is, varied by a hash of what happens (never Math.random), and
// before now. A rule the history would break throws: the demo is wrong, not the user.

const HOUR = 3_600_000;

interface Step extends StepRecord {
  wave: number;
  internal: boolean;
  /** When it last changed. */
  at: string;
}

/** A stored step (of the train, or of a patch) as the demo plays it. */
function stepOf(s: StepRecord & { wave: number; internal: boolean; updatedAt: string }): Step {
  return {
    key: s.key,
    state: s.state,
    reason: s.reason,
    startedAt: s.startedAt,
    finishedAt: s.finishedAt,
    wave: s.wave,
    internal: s.internal,
    at: s.updatedAt,
  };
}

interface Gate {
  key: string;
  name: string;
  kind: GateKind;
  required: boolean;
  bakeHours: number | null;
  state: GateState;
  reason: string | null;
  at: string;
  changed: boolean;
}

interface Halt {
  reason: string;
  reference: string;
  severity: HaltSeverity;
  haltedAt: string;
  haltedWave: number;
  deployments: string[];
  resumedAt: string;
  fixVersion: string;
}

/** FNV-1a of `text`, as a fraction in [0, 1): the demo's only source of variety. */
function fraction(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h / 2 ** 32;
}

const later = (a: string, b: string) => (a > b ? a : b);
const hoursAfter = (instant: string, hours: number) => new Date(Date.parse(instant) + hours * HOUR).toISOString();

/** One train's rollout as it is played: its steps and gates, in memory, moved by the rules. */
class Rollout {
  readonly steps: Step[];
  readonly gates: Gate[];
  halt: Halt | null = null;
  /**
   * When each wave first started. A step keeps only its last start, so a wave started again (the
   * internal deployment taking a fix, a step rolled back at a halt) shows its later start there.
   */
  readonly firstStarts = new Map<number, string>();
  /** The halt while it stands. */
  private open: Halt | null = null;
  private readonly book: RuleBook;
  private readonly freshBake: boolean;
  readonly bakeDays: number;

  constructor(
    private readonly ctx: ServiceContext,
    readonly train: TrainView,
    readonly plan: StoredPlan,
    /** What the hash of each instant starts with: the same history relative to today gives the same times. */
    private readonly seed: string,
  ) {
    this.steps = trainSteps(ctx.db, train.id).map(stepOf);
    this.gates = trainGates(ctx.db, train.id).map((g) => ({
      key: g.key,
      name: g.name,
      kind: g.kind,
      required: g.required,
      bakeHours: g.bakeHours,
      state: g.state,
      reason: g.reason,
      at: g.updatedAt,
      changed: false,
    }));
    this.book = new RuleBook({
      workingDays: readSettings(ctx.db).workingDays,
      holidays: listHolidays(ctx.db),
      freezes: listFreezes(ctx.db),
    });
    this.freshBake = readGatePolicy(ctx.db).freshInternalBakeOnResume;
    try {
      this.bakeDays = rolloutPolicySchema.parse(JSON.parse(plan.policyJson)).bakeDays;
    } catch {
      this.bakeDays = DEFAULT_POLICY.bakeDays;
    }
  }

  /** A fraction in [0, 1) for what `label` names. */
  vary(label: string): number {
    return fraction(`${this.seed}:${label}`);
  }

  /** `hours` after the start of `day` where the user is. */
  hour(day: Day, hours: number): string {
    return new Date(this.ctx.startOfDay(day).getTime() + hours * HOUR).toISOString();
  }

  dayOf(instant: string): Day {
    return this.ctx.dayOf(new Date(instant));
  }

  /** The hour of the day of an instant where the user is. */
  private hourOf(instant: string): number {
    return (Date.parse(instant) - this.ctx.startOfDay(this.dayOf(instant)).getTime()) / HOUR;
  }

  /** A day a release may happen on: a working day, no holiday, no freeze. */
  private working(day: Day): boolean {
    return this.book.blockOn(day) === null;
  }

  private nextWorking(day: Day): Day {
    let d = addDays(day, 1);
    for (let i = 0; i < 60 && !this.working(d); i++) d = addDays(d, 1);
    return d;
  }

  /** `n` working days after (or, negative, before) `day`. */
  shiftWorking(day: Day, n: number): Day {
    let d = day;
    for (let left = Math.abs(n); left > 0; left--) {
      d = addDays(d, Math.sign(n));
      for (let i = 0; i < 60 && !this.working(d); i++) d = addDays(d, Math.sign(n));
    }
    return d;
  }

  wave(index: number): Step[] {
    return this.steps.filter((s) => s.wave === index);
  }

  step(key: string): Step {
    return this.steps.find((s) => s.key === key)!;
  }

  private broke(message: string): never {
    throw new Error(`The demo history of ${this.train.version} breaks a rule: ${message}`);
  }

  move(key: string, action: StepAction, at: string, reason: string | null = null): void {
    const step = this.step(key);
    const t = stepTransition(step.state, action);
    if (!t.ok) this.broke(`${key} cannot ${action}: ${t.refusal}`);
    Object.assign(step, applyTransition(step, t.next, at, reason), { at });
  }

  gate(key: string, action: GateAction, at: string, reason: string | null = null): void {
    const gate = this.gates.find((g) => g.key === key)!;
    const t = gateTransition(gate.state, action);
    if (!t.ok) this.broke(`the gate ${gate.name} cannot ${action}: ${t.refusal}`);
    Object.assign(gate, { state: t.next, reason, at, changed: true });
  }

  get bakeGate(): Gate | undefined {
    return this.gates.find((g) => g.kind === 'internal_bake');
  }

  /** The wave rules at `at`: a step of `wave` may start then. */
  mayStart(wave: number, at: string): void {
    const refusal = waveStartRefusal({
      version: this.train.version,
      trainState: this.train.state,
      stateReason: this.train.stateReason,
      halt: this.open,
      wave,
      gates: this.gates,
      waves: this.plan.waves.map((w) => ({ index: w.index, steps: this.wave(w.index) })),
      bakeDays: this.bakeDays,
      today: this.dayOf(at),
      dayOf: (instant) => this.dayOf(instant),
    });
    if (refusal) this.broke(`wave ${wave} at ${at}: ${refusal.message}`);
  }

  /**
   * When a wave (or what is left of it) starts: on its planned day moved by `slip` working days,
   * in the morning, but not before what it waits for — the cleared gates, the resume, and the
   * bake of the nearest earlier wave that released anything — nor outside working hours.
   */
  startOf(wave: number, planned: Day, slip: number, after: string | null): string {
    let floor = after;
    if (wave > 0) for (const g of this.gates) if (g.required) floor = floor === null ? g.at : later(floor, g.at);
    // On time, a wave starts on the day its plan says (the calendar placed it); moved, on a working day.
    let day = slip === 0 ? planned : this.shiftWorking(planned, slip);
    let moved = false;
    const releases = this.plan.waves
      .filter((w) => w.index < wave)
      .map((w) => this.wave(w.index).flatMap((s) => (s.state === 'released' && s.finishedAt ? [s.finishedAt] : [])))
      .filter((r) => r.length > 0)
      .at(-1);
    if (releases && this.bakeDays > 0) {
      const until = addDays(this.dayOf(releases.reduce(later)), this.bakeDays);
      if (until > day) [day, moved] = [until, true];
    }
    if (moved && !this.working(day)) day = this.nextWorking(day);
    // The internal deployment takes it some time before lunch; the customers' waves start first thing.
    const morning = wave === 0 ? 8.5 + 4 * this.vary('start 0') : 8.75 + 1.25 * this.vary(`start ${wave}`);
    let at = this.hour(day, morning);
    if (floor !== null && at <= floor) {
      at = hoursAfter(floor, 0.25 + 0.5 * this.vary(`after ${wave}`));
      // Too late in the day to start a wave: the next working morning.
      if (this.hourOf(at) > 15.5 || !this.working(this.dayOf(at)))
        at = this.hour(this.nextWorking(this.dayOf(at)), morning);
    }
    return at;
  }

  /** Starts `keys` of `wave` at `at` (the rules checked), and says when each is released. */
  start(wave: number, keys: readonly string[], at: string): Map<string, string> {
    this.mayStart(wave, at);
    if (!this.firstStarts.has(wave)) this.firstStarts.set(wave, at);
    const done = new Map<string, string>();
    for (const key of keys) {
      this.move(key, 'start', at);
      const hours = wave === 0 ? 0.4 + 0.6 * this.vary(`release ${key}`) : 0.5 + 1.75 * this.vary(`release ${key}`);
      done.set(key, hoursAfter(at, hours));
    }
    return done;
  }

  /** Records the regression at `at`: it reached every deployment released or in progress, and resets the bake gate by policy. */
  haltAt(r: DemoRegression, at: string): Halt {
    const started = this.steps.filter((s) => s.state !== 'pending');
    const halt: Halt = {
      reason: r.reason,
      reference: r.reference,
      severity: r.severity,
      haltedAt: at,
      haltedWave: Math.max(...started.map((s) => s.wave)),
      deployments: started
        .filter((s) => s.state === 'released' || s.state === 'in_progress')
        .map((s) => s.key)
        .sort(),
      resumedAt: at,
      fixVersion: `${this.train.version}.1`,
    };
    this.halt = halt;
    this.open = halt;
    const bake = this.bakeGate;
    if (bake && this.freshBake && bake.state !== 'pending') this.gate(bake.key, 'reset', at);
    return halt;
  }

  /**
   * The fix: released to the internal deployment and baked there (its gate passed again), or
   * the fresh bake waived; then the train resumes with it.
   */
  fix(r: DemoRegression): void {
    const halt = this.open!;
    const bake = this.bakeGate;
    const internal = this.steps.find((s) => s.internal && s.wave === 0);
    const bakeHours = bake?.bakeHours ?? 0;
    let resumeAt = hoursAfter(halt.haltedAt, r.hoursToFix);
    if (r.waived !== undefined || !internal) {
      if (bake && bake.state !== 'passed' && bake.state !== 'waived')
        this.gate(bake.key, 'waive', hoursAfter(resumeAt, -0.5), r.waived ?? 'Fix verified on staging');
    } else {
      resumeAt = later(resumeAt, hoursAfter(halt.haltedAt, bakeHours + 2));
      const started = hoursAfter(resumeAt, -(bakeHours + 1.25));
      this.move(internal.key, 'rollback', hoursAfter(started, -0.1), `Taking the fix for ${r.reference}`);
      this.mayStart(0, started);
      this.move(internal.key, 'start', started);
      const released = hoursAfter(started, 0.5);
      this.move(internal.key, 'release', released);
      if (bake) {
        const passed = hoursAfter(released, bakeHours + 0.25);
        const refusal = internalBakeRefusal({
          internalKey: internal.key,
          internalStep: internal,
          bakeHours,
          releasedAfter: halt.haltedAt,
          now: new Date(passed),
        });
        if (refusal) this.broke(`the internal bake cannot pass at ${passed}: ${refusal}`);
        if (bake.state !== 'passed') this.gate(bake.key, 'pass', passed);
      }
    }
    if (bake && this.freshBake && !((bake.state === 'passed' || bake.state === 'waived') && bake.at >= halt.haltedAt))
      this.broke(`it resumes before the gate ${bake.name} passed again`);
    halt.resumedAt = resumeAt;
    this.open = null;
  }
}

/** How each wave's first start compares with its planned day: days late (+) or early (−). */
function slipsOf(r: Rollout): { wave: number; days: number }[] {
  return r.plan.waves.flatMap((w) => {
    const start = r.firstStarts.get(w.index);
    const days = start === undefined ? 0 : daysBetween(w.date, r.dayOf(start));
    return days === 0 ? [] : [{ wave: w.index, days }];
  });
}

function wavesList(waves: readonly number[]): string {
  return waves.length === 1 ? `wave ${waves[0]}` : `waves ${waves.slice(0, -1).join(', ')} and ${waves.at(-1)}`;
}

/**
 * Demo only: the rollout of a freshly planned demo train as it would stand today had it been
 * tracked. With a script (a train that has ended), the whole rollout plays as the script says;
 * without one (a train in flight), its waves planned before today are released on their days and
 * its gates passed when due. One audit event says what was recorded. Returns whether anything was.
 */
export function recordDemoRollout(
  ctx: ServiceContext,
  trainId: number,
  script: DemoTrainScript | null,
  seed: string,
): boolean {
  const train = viewOf(ctx, trainId);
  const plan = findPlan(ctx.db, trainId);
  const today = ctx.today();
  const now = ctx.now().toISOString();
  if (!plan || plan.waves[0] === undefined || plan.waves[0].date >= today) return false;
  const r = new Rollout(ctx, train, plan, seed);
  const planned = (wave: number) => plan.waves.find((w) => w.index === wave)!.date;
  const lastWave = plan.waves.at(-1)!.index;
  const firstDay = plan.waves[0].date;
  const past = (instant: string) => script !== null || instant < now;

  // The checks are signed off by the morning of the internal release (the acceptance suite late, by the script).
  const checks = r.gates.filter((g) => g.kind === 'check');
  checks.forEach((g, i) => {
    const late = script?.lateSignOff !== undefined && i === checks.length - 1 && plan.waves[1] !== undefined;
    const at = late
      ? r.hour(planned(1), 15.75 + 0.5 * r.vary(`gate ${g.key}`))
      : i === 0
        ? r.hour(addDays(firstDay, -3), 15 + 1.5 * r.vary(`gate ${g.key}`))
        : r.hour(firstDay, 7.5 + 0.25 * i + 0.25 * r.vary(`gate ${g.key}`));
    if (past(at)) r.gate(g.key, 'pass', at);
  });

  const regression = script?.regression;
  let lastStart: string | null = null;
  let restarted = 0;
  for (const w of plan.waves) {
    // In flight: the waves before today, those whose gates are cleared by now.
    if (script === null && (w.date >= today || (w.index > 0 && r.gates.some((g) => g.required && !isCleared(g.state)))))
      break;
    const slip = script?.slips?.waves[w.index] ?? 0;
    const after = r.halt?.resumedAt ?? null;
    const keys = r.wave(w.index).map((s) => s.key);
    const at = r.startOf(w.index, w.date, slip, after);
    if (!past(at)) break;
    let releases = r.start(w.index, keys, at);
    lastStart = at;
    // The failed deployment of the last wave, and the earlier one rolled back once this wave started.
    if (script?.failed !== undefined && w.index === lastWave && w.index > 0) {
      const key = keys[Math.floor(r.vary('failed') * keys.length)]!;
      r.move(key, 'fail', hoursAfter(at, 0.75 + r.vary('failed at')), script.failed);
      releases.delete(key);
    }
    if (regression?.wave === w.index && regression.during) {
      // Found while the wave was under way, once the first half of it was released: those still
      // in progress are rolled back, and start again after the resume.
      const times = [...releases.values()].sort();
      const haltedAt = hoursAfter(times[Math.floor((times.length - 1) / 2)]!, 0.05);
      const early = [...releases].filter(([, done]) => done <= haltedAt);
      for (const [key, done] of early) r.move(key, 'release', done);
      r.haltAt(regression, haltedAt);
      const rolled = [...releases.keys()].filter((k) => r.step(k).state === 'in_progress');
      for (const key of rolled)
        r.move(key, 'rollback', hoursAfter(haltedAt, 0.25), `Rolled back at the halt for ${regression.reference}`);
      r.fix(regression);
      releases = r.start(w.index, rolled, r.startOf(w.index, w.date, 0, r.halt!.resumedAt));
      restarted = rolled.length;
    }
    for (const [key, done] of releases) if (past(done)) r.move(key, 'release', done);
    if (regression?.wave === w.index && !regression.during) {
      const done = r.wave(w.index).flatMap((s) => (s.finishedAt ? [s.finishedAt] : []));
      r.haltAt(regression, hoursAfter(done.reduce(later), 1.5 + r.vary('found')));
      r.fix(regression);
    }
    // The internal deployment bakes, and its gate is passed when someone looks, a little after it has.
    const bake = r.bakeGate;
    if (w.index === 0 && bake && bake.state === 'pending') {
      const released = r.wave(0).flatMap((s) => (s.state === 'released' && s.finishedAt ? [s.finishedAt] : []));
      if (released.length > 0) {
        const passedAt = hoursAfter(released.reduce(later), (bake.bakeHours ?? 0) + 0.25 + 1.5 * r.vary('bake'));
        if (past(passedAt)) r.gate(bake.key, 'pass', passedAt);
      }
    }
  }
  if (script?.rolledBack !== undefined && lastStart !== null && lastWave > 1) {
    const released = r.wave(lastWave - 1).filter((s) => s.state === 'released');
    const step = released[Math.floor(r.vary('rolled back') * released.length)];
    if (step) r.move(step.key, 'rollback', hoursAfter(lastStart, 4 + 2 * r.vary('rolled back at')), script.rolledBack);
  }

  const touched = r.steps.filter((s) => s.state !== 'pending');
  if (touched.length === 0 && !r.gates.some((g) => g.changed)) return false;
  for (const s of touched) {
    if (s.at > now) throw new Error(`The demo history of ${train.version} records ${s.key} after now (${s.at}).`);
    writeStep(ctx.db, trainId, s, ctx.actor, s.at);
  }
  for (const g of r.gates.filter((x) => x.changed))
    writeGate(ctx.db, trainId, g.key, {
      state: g.state,
      reason: g.reason,
      evidenceUrl: null,
      updatedBy: ctx.actor,
      updatedAt: g.at,
    });

  const released = touched.filter((s) => s.state === 'released');
  const waves = [...new Set(touched.map((s) => s.wave))];
  let summary = `Demo: recorded the rollout of ${train.version} as of ${formatDay(today, { weekday: true })}: ${plural(
    released.length,
    'deployment',
  )} released in waves ${waves[0]}–${waves.at(-1)}`;
  const slips = slipsOf(r);
  const late = slips.filter((s) => s.days > 0).map((s) => s.wave);
  const early = slips.filter((s) => s.days < 0).map((s) => s.wave);
  if (late.length > 0) summary += `; ${wavesList(late)} started late`;
  if (early.length > 0) summary += `; ${wavesList(early)} started early`;
  const why = script?.slips?.why ?? script?.lateSignOff;
  if (why !== undefined && slips.length > 0) summary += ` (${why})`;
  const halt = r.halt;
  if (halt) {
    const id = insertHalt(ctx.db, {
      trainId,
      reason: halt.reason,
      reference: halt.reference,
      severity: halt.severity,
      haltedAt: halt.haltedAt,
      haltedBy: ctx.actor,
      haltedWave: halt.haltedWave,
      deployments: halt.deployments,
    });
    writeResume(ctx.db, id, { resumedAt: halt.resumedAt, resumedBy: ctx.actor, fixVersion: halt.fixVersion });
    const hours = Math.round((Date.parse(halt.resumedAt) - Date.parse(halt.haltedAt)) / HOUR);
    summary += `; ${halt.reference} (${halt.severity}) halted it in wave ${halt.haltedWave} for ${plural(hours, 'hour')} and ${halt.fixVersion} fixed it`;
    if (restarted > 0)
      summary += ` (${plural(restarted, 'deployment')} in progress rolled back at the halt, then released with the fix)`;
    // The fix's patch reaches those still running the broken build, wave by wave after the resume.
    const patch = createPatch(ctx, train, findHalt(ctx.db, id)!, DEFAULT_PATCH_BAKE_HOURS, halt.resumedAt);
    if (patch) {
      const released = recordPatch(ctx, r, patch.id, halt, now);
      summary += `, delivered by its patch to ${plural(released, 'deployment')} of ${patch.keys.length}`;
    }
  }
  const failed = touched.filter((s) => s.state === 'failed' || s.state === 'rolled_back');
  for (const s of failed) summary += `; ${s.key} ${s.state === 'failed' ? 'failed' : 'was rolled back'}: ${s.reason}`;
  auditTrainChange(ctx, trainId, 'demo.rollout', summary, undefined, { waves });
  return true;
}

/** The patch's steps, each wave started after the one before (the first customer wave after the internal bake), released before now. */
function recordPatch(ctx: ServiceContext, r: Rollout, patchId: number, halt: Halt, now: string): number {
  const steps: (Step & { date: Day })[] = listPatchSteps(ctx.db, [patchId]).map((s) => ({
    ...stepOf(s),
    date: s.date,
  }));
  const indexes = [...new Set(steps.map((s) => s.wave))].sort((a, b) => a - b);
  let floor = halt.resumedAt;
  let released = 0;
  for (const wave of indexes) {
    const inWave = steps.filter((s) => s.wave === wave);
    const date = inWave[0]!.date;
    let at = wave === 0 ? hoursAfter(floor, 0.25) : r.hour(date, 9 + 0.5 * r.vary(`patch ${wave}`));
    if (at <= floor) at = hoursAfter(floor, 0.5);
    if (at >= now) break;
    const refusal = patchWaveRefusal({
      version: halt.fixVersion,
      trainVersion: r.train.version,
      halt: null,
      wave,
      waves: indexes.map((index) => ({ index, steps: steps.filter((s) => s.wave === index) })),
      bakeHours: DEFAULT_PATCH_BAKE_HOURS,
      now: at,
      dayOf: (instant) => r.dayOf(instant),
    });
    if (refusal) throw new Error(`The demo patch ${halt.fixVersion} breaks a rule: ${refusal.message}`);
    for (const s of inWave) {
      const done = hoursAfter(at, 0.5 + r.vary(`patch release ${s.key}`));
      if (done >= now) continue;
      for (const [action, when] of [
        ['start', at],
        ['release', done],
      ] as const) {
        const t = stepTransition(s.state, action);
        if (!t.ok) throw new Error(`The demo patch ${halt.fixVersion} cannot ${action} ${s.key}: ${t.refusal}`);
        Object.assign(s, applyTransition(s, t.next, when, null), { at: when });
      }
      writePatchStep(ctx.db, patchId, s, ctx.actor, s.at);
      released++;
      floor = later(floor, done);
    }
    if (wave === 0) floor = hoursAfter(floor, DEFAULT_PATCH_BAKE_HOURS);
  }
  return released;
}
