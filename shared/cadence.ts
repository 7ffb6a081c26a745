import { z } from 'zod';
import {
  type Day,
  FIRST_SUPPORTED_DAY,
  LAST_SUPPORTED_DAY,
  addDays,
  daysBetween,
  formatDay,
  isCalendarDay,
  isSupportedDay,
} from './days';

// The cadence and the lifecycle template: what a train is made of, and when each
// one starts. Pure; "today" is never read here.

/** The supported range in words, for messages: "1 Jan 1970 to 31 Dec 2199". */
export const SUPPORTED_DAYS_TEXT = `${formatDay(FIRST_SUPPORTED_DAY)} to ${formatDay(LAST_SUPPORTED_DAY)}`;

export const dayString = (what: string) =>
  z
    .string({ error: `${what} must be a day written YYYY-MM-DD.` })
    .refine(isCalendarDay, {
      error: (i) => `${what} "${String(i.input)}" is not a day written YYYY-MM-DD (e.g. 2027-01-04).`,
      abort: true,
    })
    .refine(isSupportedDay, {
      error: (i) =>
        `${what} ${String(i.input)} is outside the days the calendar supports (${SUPPORTED_DAYS_TEXT}); choose a day in that range.`,
    });

export const PHASE_KINDS = ['development', 'validation', 'rollout', 'monitoring', 'other'] as const;
export type PhaseKind = (typeof PHASE_KINDS)[number];

const phaseTemplateSchema = z
  .object({
    key: z
      .string()
      .trim()
      .regex(/^[a-z][a-z0-9-]{0,30}$/, 'Phase key must be lowercase letters, digits and hyphens (e.g. rollout).'),
    name: z.string().trim().min(1, 'Phase name is required.').max(60, 'Phase name must be at most 60 characters.'),
    kind: z.enum(PHASE_KINDS, { error: `Phase kind must be one of: ${PHASE_KINDS.join(', ')}.` }),
    offsetDays: z.int('Offset must be a whole number of days.').min(0, 'Offset cannot be negative.'),
    lengthDays: z
      .int('Length must be a whole number of days.')
      .min(1, 'A phase lasts at least one day.')
      .max(120, 'A phase lasts at most 120 days.'),
    /** Production phases release to customer deployments; freezes and holidays keep releases off their days. */
    production: z.boolean(),
    /** Planned release days, as offsets inside the phase (production phases only). */
    releaseDays: z.array(z.int().min(0)).default([]),
  })
  .strict();
export type PhaseTemplate = z.output<typeof phaseTemplateSchema>;

export const lifecycleTemplateSchema = z
  .object({
    phases: z
      .array(phaseTemplateSchema)
      .min(1, 'A template needs at least one phase.')
      .max(12, 'A template has at most 12 phases.'),
  })
  .strict()
  .superRefine(({ phases }, ctx) => {
    let expected = 0;
    const keys = new Set<string>();
    phases.forEach((p, i) => {
      if (keys.has(p.key))
        ctx.addIssue({ code: 'custom', path: ['phases', i, 'key'], message: `Phase key "${p.key}" is used twice.` });
      keys.add(p.key);
      if (p.offsetDays !== expected) {
        ctx.addIssue({
          code: 'custom',
          path: ['phases', i, 'offsetDays'],
          message: `Phases must follow each other without gaps or overlaps: "${p.name}" should start on day ${expected}.`,
        });
      }
      expected = p.offsetDays + p.lengthDays;
      const sorted = [...new Set(p.releaseDays)].sort((a, b) => a - b);
      if (sorted.length !== p.releaseDays.length || sorted.some((d, j) => d !== p.releaseDays[j])) {
        ctx.addIssue({
          code: 'custom',
          path: ['phases', i, 'releaseDays'],
          message: 'Release days must be distinct and in order.',
        });
      }
      if (p.releaseDays.some((d) => d >= p.lengthDays)) {
        ctx.addIssue({
          code: 'custom',
          path: ['phases', i, 'releaseDays'],
          message: `Release days of "${p.name}" must fall inside its ${p.lengthDays} days.`,
        });
      }
      if (p.production && p.releaseDays.length === 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['phases', i, 'releaseDays'],
          message: `Production phase "${p.name}" needs at least one release day.`,
        });
      }
      if (!p.production && p.releaseDays.length > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['phases', i, 'releaseDays'],
          message: `Only production phases have release days; "${p.name}" is not one.`,
        });
      }
    });
    if (!phases.some((p) => p.production))
      ctx.addIssue({ code: 'custom', path: ['phases'], message: 'A template needs at least one production phase.' });
  });
export type LifecycleTemplate = z.output<typeof lifecycleTemplateSchema>;

/**
 * The release process (docs/calendar.md) for a train starting on a Monday: weeks 1–2
 * development and automated testing; week 3 internal validation (the internal
 * deployment first) then the first production waves; week 4 the rest of the
 * fleet, then monitoring. Release days leave slack so a blocked day can move.
 */
export const DEFAULT_TEMPLATE: LifecycleTemplate = {
  phases: [
    {
      key: 'development',
      name: 'Development & automated testing',
      kind: 'development',
      offsetDays: 0,
      lengthDays: 14,
      production: false,
      releaseDays: [],
    },
    {
      key: 'validation',
      name: 'Internal validation',
      kind: 'validation',
      offsetDays: 14,
      lengthDays: 2,
      production: false,
      releaseDays: [],
    },
    // Wed, Thu of week 3; Mon, Wed of week 4 — Fri, Tue, Thu, Fri stay free for moves.
    {
      key: 'rollout',
      name: 'Production rollout',
      kind: 'rollout',
      offsetDays: 16,
      lengthDays: 9,
      production: true,
      releaseDays: [0, 1, 5, 7],
    },
    {
      key: 'monitoring',
      name: 'Monitoring',
      kind: 'monitoring',
      offsetDays: 25,
      lengthDays: 3,
      production: false,
      releaseDays: [],
    },
  ],
};

export function templateLength(template: LifecycleTemplate): number {
  return template.phases.reduce((sum, p) => sum + p.lengthDays, 0);
}

export const VERSION_TOKENS = ['{yyyy}', '{yy}', '{mm}', '{dd}', '{nn}', '{n}'] as const;

/** Two different slots can never get the same version. */
function tellsTrainsApart(p: string): boolean {
  const year = p.includes('{yyyy}') || p.includes('{yy}');
  return p.includes('{n}') || (year && p.includes('{nn}')) || (year && p.includes('{mm}') && p.includes('{dd}'));
}

export const cadenceSchema = z
  .object({
    lengthDays: z
      .int('Cadence must be a whole number of days.')
      .min(1, 'Cadence must be at least one day.')
      .max(91, 'Cadence must be at most 91 days.'),
    /** The start of one train; every slot is this day plus a whole number of cadences. Null until the first plan. */
    anchorDate: dayString('Anchor date').nullable(),
    versionPattern: z
      .string()
      .trim()
      .min(1, 'Version pattern is required.')
      .max(40, 'Version pattern must be at most 40 characters.')
      .refine(tellsTrainsApart, {
        error:
          'Version pattern must tell trains apart for ever: include {n} (overall number), or {nn} (number in the year) with {yyyy} or {yy}, or {mm} and {dd} with a year.',
      })
      .refine(
        (p) => /^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(VERSION_TOKENS.reduce((text, t) => text.replaceAll(t, '0'), p)),
        {
          error:
            'Version pattern may only add letters, digits, dots, hyphens, underscores or plus signs to its tokens, and must start with a letter, a digit or a token (e.g. {yyyy}.{nn} or R{yy}-{nn}).',
        },
      ),
  })
  .strict();
export type Cadence = z.output<typeof cadenceSchema>;

export const DEFAULT_CADENCE: Cadence = { lengthDays: 14, anchorDate: null, versionPattern: '{yyyy}.{nn}' };

/** Start of slot `k` (slot 0 starts on the anchor). */
export function slotStart(cadence: Cadence & { anchorDate: Day }, k: number): Day {
  return addDays(cadence.anchorDate, k * cadence.lengthDays);
}

/** The first slot whose start is on or after `day`. */
export function firstSlotOnOrAfter(cadence: Cadence & { anchorDate: Day }, day: Day): number {
  return Math.ceil(daysBetween(cadence.anchorDate, day) / cadence.lengthDays);
}

/** A train's version from the pattern: `{nn}` counts slots that start in the same calendar year. */
export function formatVersion(cadence: Cadence & { anchorDate: Day }, sequence: number): string {
  const start = slotStart(cadence, sequence);
  const year = start.slice(0, 4);
  const firstOfYear = firstSlotOnOrAfter(cadence, `${year}-01-01`);
  const inYear = sequence - firstOfYear + 1;
  return cadence.versionPattern
    .replaceAll('{yyyy}', year)
    .replaceAll('{yy}', year.slice(2))
    .replaceAll('{mm}', start.slice(5, 7))
    .replaceAll('{dd}', start.slice(8, 10))
    .replaceAll('{nn}', String(inYear).padStart(2, '0'))
    .replaceAll('{n}', String(sequence + 1));
}

export interface PlannedPhase {
  key: string;
  name: string;
  kind: PhaseKind;
  start: Day;
  end: Day;
  production: boolean;
  /** Nominal release days, before calendar rules move them. */
  releaseDays: Day[];
}

export interface PlannedTrain {
  /** The start of the cadence slot it fills; a train that is moved keeps its slot. */
  slotStart: Day;
  version: string;
  start: Day;
  end: Day;
  phases: PlannedPhase[];
}

/** A train's phases laid on the calendar from its start. */
export function phasesFrom(template: LifecycleTemplate, start: Day): PlannedPhase[] {
  return template.phases.map((p) => {
    const phaseStart = addDays(start, p.offsetDays);
    return {
      key: p.key,
      name: p.name,
      kind: p.kind,
      start: phaseStart,
      end: addDays(phaseStart, p.lengthDays - 1),
      production: p.production,
      releaseDays: p.releaseDays.map((d) => addDays(phaseStart, d)),
    };
  });
}

export interface PlanRequest {
  from: Day;
  count?: number;
  through?: Day;
  /** Slot starts that already have a train (planned earlier, moved, skipped…): never planned twice. */
  takenSlots: ReadonlySet<Day>;
}

/** Upper bound on one plan: ten years of weekly trains. */
export const MAX_PLAN = 520;

/**
 * Trains for the free slots from `from` on: `count` of them, or every slot that
 * starts on or before `through`, never one that starts after the last supported
 * day. The anchor must be set (the first plan sets it).
 */
export function planTrains(
  cadence: Cadence & { anchorDate: Day },
  template: LifecycleTemplate,
  req: PlanRequest,
): PlannedTrain[] {
  const life = templateLength(template);
  const out: PlannedTrain[] = [];
  // The anchor is the first slot: none before it, so {n} counts from 1.
  for (let k = Math.max(0, firstSlotOnOrAfter(cadence, req.from)); out.length < MAX_PLAN; k++) {
    const start = slotStart(cadence, k);
    // Trains start within the supported days, so that no plan, however often repeated, walks past them.
    if (start > LAST_SUPPORTED_DAY) break;
    if (req.count !== undefined && out.length >= req.count) break;
    if (req.through !== undefined && start > req.through) break;
    if (req.takenSlots.has(start)) continue;
    out.push({
      slotStart: start,
      version: formatVersion(cadence, k),
      start,
      end: addDays(start, life - 1),
      phases: phasesFrom(template, start),
    });
  }
  return out;
}
