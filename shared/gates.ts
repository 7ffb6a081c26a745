import { z } from 'zod';
import { formatDay } from './days';
import { type StateTable, stateMachine } from './state-machine';
import { requiredText } from './text-schema';

// Validation gates (docs/rollout-tracking.md): checks a train must pass, or waive with a
// reason, before any customer wave starts. Each train gets its own copy of the
// default list when its rollout is planned, so editing the defaults never
// changes a train already under way. Pure: no clock, no I/O.

export const GATE_STATES = ['pending', 'passed', 'failed', 'waived'] as const;
export type GateState = (typeof GATE_STATES)[number];

export const GATE_ACTIONS = ['pass', 'fail', 'waive', 'reset'] as const;
export type GateAction = (typeof GATE_ACTIONS)[number];

/** `check`: a person signs it off (test suites); `internal_bake`: the internal deployment released and baked long enough. */
const GATE_KINDS = ['check', 'internal_bake'] as const;
export type GateKind = (typeof GATE_KINDS)[number];

export const DEFAULT_BAKE_HOURS = 24;
export const MAX_GATES = 20;

const gateKeySchema = requiredText('Gate key', 40).regex(
  /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/,
  'Gate key must use lowercase letters, digits and hyphens (e.g. unit-tests).',
);

const gateNameSchema = requiredText('Gate name', 80);

const requiredSchema = z.boolean({ error: 'Required must be true or false.' }).default(true);

const gateDefinitionSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ key: gateKeySchema, name: gateNameSchema, kind: z.literal('check'), required: requiredSchema }).strict(),
    z
      .object({
        key: gateKeySchema,
        name: gateNameSchema,
        kind: z.literal('internal_bake'),
        required: requiredSchema,
        bakeHours: z
          .int('Bake hours must be a whole number.')
          .min(1, 'The internal deployment bakes for at least 1 hour.')
          .max(720, 'Bake hours must be at most 720 (30 days).')
          .default(DEFAULT_BAKE_HOURS),
      })
      .strict(),
  ],
  { error: `Gate kind must be one of: ${GATE_KINDS.join(', ')}.` },
);
export type GateDefinition = z.output<typeof gateDefinitionSchema>;

/** The editable setting: the gates every newly planned train gets, and the resume policy. */
export const gatePolicySchema = z
  .object({
    gates: z
      .array(gateDefinitionSchema)
      .max(MAX_GATES, `A train has at most ${MAX_GATES} gates.`)
      .superRefine((gates, ctx) => {
        const seen = new Set<string>();
        gates.forEach((g, i) => {
          if (seen.has(g.key))
            ctx.addIssue({ code: 'custom', path: [i, 'key'], message: `Gate key ${g.key} is used twice.` });
          seen.add(g.key);
        });
        if (gates.filter((g) => g.kind === 'internal_bake').length > 1)
          ctx.addIssue({
            code: 'custom',
            path: [],
            message: 'Only one gate can be the internal deployment bake.',
          });
      }),
    /**
     * By policy, resuming a halted train needs a fresh pass of the internal bake
     * gate: the halt sets it back to pending, and it passes again only once the fix
     * is released to the internal deployment and has baked.
     */
    freshInternalBakeOnResume: z.boolean({ error: 'freshInternalBakeOnResume must be true or false.' }).default(true),
  })
  .strict();
export type GatePolicy = z.output<typeof gatePolicySchema>;

export const DEFAULT_GATES: GateDefinition[] = [
  { key: 'unit-tests', name: 'Unit tests', kind: 'check', required: true },
  { key: 'integration-tests', name: 'Integration tests', kind: 'check', required: true },
  { key: 'acceptance-suite', name: 'Acceptance suite', kind: 'check', required: true },
  {
    key: 'internal-bake',
    name: 'Internal deployment released and baked',
    kind: 'internal_bake',
    required: true,
    bakeHours: DEFAULT_BAKE_HOURS,
  },
];

export const DEFAULT_GATE_POLICY: GatePolicy = { gates: DEFAULT_GATES, freshInternalBakeOnResume: true };

export const gateActionSchema = z.enum(GATE_ACTIONS, { error: `Action must be one of: ${GATE_ACTIONS.join(', ')}.` });

/** Evidence: a link to the test run, dashboard or ticket. Only http(s): it is opened in a browser. */
export const evidenceUrlSchema = z
  .string({ error: 'Evidence must be a link.' })
  .trim()
  .max(2000, 'The evidence link must be at most 2,000 characters.')
  .pipe(
    z.url({
      protocol: /^https?$/,
      error: 'Evidence must be an http:// or https:// link, e.g. https://ci.example.com/runs/42.',
    }),
  );

/** Actions that must say why. */
export const GATE_ACTIONS_NEEDING_REASON: readonly GateAction[] = ['waive'];

/** Next state, or the rest of a sentence about the gate saying why not (see `gateRefusal`). */
const MACHINE: StateTable<GateState, GateAction> = {
  pending: {
    pass: 'passed',
    fail: 'failed',
    waive: 'waived',
    reset: 'is already pending',
  },
  passed: {
    pass: 'has already passed',
    fail: 'failed',
    waive: 'has passed; there is nothing to waive',
    reset: 'pending',
  },
  failed: {
    pass: 'passed',
    fail: 'has already failed',
    waive: 'waived',
    reset: 'pending',
  },
  waived: {
    pass: 'passed',
    fail: 'failed',
    waive: 'is already waived',
    reset: 'pending',
  },
};

export const gateTransition = stateMachine(MACHINE, GATE_STATES);

/** 'The gate "Unit tests" has already passed.' */
export function gateRefusal(name: string, refusal: string): string {
  return `The gate "${name}" ${refusal}.`;
}

/** A gate counts as cleared for customer waves when it passed or was waived (with a reason). */
export function isCleared(state: GateState): boolean {
  return state === 'passed' || state === 'waived';
}

/** Names of the required gates not yet passed or waived, in list order. */
export function openGates(gates: readonly { name: string; required: boolean; state: GateState }[]): string[] {
  return gates.filter((g) => g.required && !isCleared(g.state)).map((g) => g.name);
}

/** "Wed 3 Mar 2027 14:00 UTC": instants in messages, locale-free like `formatDay`. */
export function formatInstant(iso: string): string {
  return `${formatDay(iso.slice(0, 10), { weekday: true })} ${iso.slice(11, 16)} UTC`;
}

const HOUR_MS = 3_600_000;

export interface InternalBakeInput {
  internalKey: string | null;
  /** The internal deployment's step in this train. */
  internalStep: { state: string; finishedAt: string | null } | null;
  bakeHours: number;
  /** When a fresh pass is needed (after a halt): the release must come at or after this instant. */
  releasedAfter: string | null;
  now: Date;
}

/**
 * Why the internal bake gate cannot pass now (the rest of a sentence starting
 * "it cannot pass yet: "), or null when it may: the internal deployment's step
 * must be released, after the halt that asked for a fresh pass if there is one,
 * and at least `bakeHours` ago. The refusal says when it will be ready.
 */
export function internalBakeRefusal(input: InternalBakeInput): string | null {
  const { internalKey: key, internalStep: step, bakeHours } = input;
  if (key === null || step === null)
    return 'the plan has no internal deployment; mark one as internal and re-plan the train';
  if (step.state !== 'released' || step.finishedAt === null)
    return `${key} is not released (it is ${step.state.replace('_', ' ')}); release it, then let it bake for ${bakeHours} hours`;
  if (input.releasedAfter !== null && step.finishedAt < input.releasedAfter)
    return `${key} was released before the halt of ${formatInstant(input.releasedAfter)}; release the fix to it (roll it back, start it, release it), then let it bake for ${bakeHours} hours`;
  const ready = Date.parse(step.finishedAt) + bakeHours * HOUR_MS;
  if (ready > input.now.getTime()) {
    const baked = Math.floor((input.now.getTime() - Date.parse(step.finishedAt)) / HOUR_MS);
    return `${key} has baked for ${baked} of ${bakeHours} hours; it can pass from ${formatInstant(new Date(ready).toISOString())}`;
  }
  return null;
}
