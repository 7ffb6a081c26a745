import { z } from 'zod';
import {
  type BlockedDateRange,
  type Deployment,
  type FleetSummary,
  blockedDateRangeFields,
  checkBlockedRange,
  deploymentChangesSchema,
  deploymentDraftSchema,
  deploymentKeySchema,
  deploymentQuerySchema,
} from './deployment';
import { type Cadence, type LifecycleTemplate, cadenceSchema, dayString, lifecycleTemplateSchema } from './cadence';
import type { Day } from './days';
import type { ApiResponse } from './errors';
import type { FleetFairness } from './fairness';
import { type RolloutPolicy, rolloutPolicySchema } from './ordering';
import { type SimulationResult, simulationRequestSchema } from './simulate';
import { type Freeze, type Holiday, freezeDraftSchema, holidaySchema, workingDaysSchema } from './schedule';
import {
  NOTES_MAX,
  type TrainView,
  planRequestSchema,
  rangeSchema,
  reasonSchema,
  trainIdSchema,
  versionSchema,
} from './train';
import type { MethodName } from './method-names';

/** A method of the API: its input schema, and its result type carried as a phantom. */
export interface MethodDef<S extends z.ZodType, R> {
  input: S;
  /** Type-only: never read at run time. */
  readonly result?: R;
}

function method<R>() {
  return <S extends z.ZodType>(input: S): MethodDef<S, R> => ({ input });
}

const noInput = z.object({}).strict().prefault({});
const byKey = z.object({ key: deploymentKeySchema }).strict();
const byId = z.object({ id: trainIdSchema }).strict();

export interface AppInfo {
  version: string;
  schemaVersion: number;
  databasePath: string;
  transport: 'electron' | 'browser' | 'cli';
  actor: string;
}

export interface DeploymentList {
  deployments: Deployment[];
  summary: FleetSummary;
  /** Distinct regions and tiers of the whole fleet, for filter menus. */
  regions: string[];
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
}

export interface BlockedDatesChange {
  deployment: Deployment;
  range: BlockedDateRange;
  /** Waves of stored plans that already put the deployment on one of these days: re-plan the train or move it. */
  plannedOnBlockedDays: { trainId: number; version: string; wave: number; date: Day }[];
}

export interface DemoReport extends ImportReport {
  /** Trains planned around today, with holidays and a freeze, so the calendar has something to show. */
  trains: number;
}

export interface Settings {
  cadence: Cadence;
  template: LifecycleTemplate;
  /** ISO weekdays, 1 = Monday … 7 = Sunday. */
  workingDays: number[];
}

/** What a calendar view needs for the days it shows. */
export interface CalendarRange {
  from: Day;
  to: Day;
  today: Day;
  /** Trains whose life overlaps the range, in start order. */
  trains: TrainView[];
  holidays: Holiday[];
  freezes: Freeze[];
  workingDays: number[];
}

export interface PlannedDeployment {
  key: string;
  name: string;
  region: string;
  timeZone: string;
  /** Why it is in this wave, in one sentence. */
  reason: string;
  /** Moved by hand (with the reason recorded in the audit log). */
  manual: boolean;
}

export interface RolloutPlanView {
  trainId: number;
  version: string;
  engineVersion: string;
  policy: RolloutPolicy;
  createdAt: string;
  updatedAt: string;
  /** A started train keeps its plan: it cannot be re-planned. */
  started: boolean;
  waves: { index: number; date: Day; deployments: PlannedDeployment[] }[];
}

export interface FairnessReport {
  /** The trains counted (the last K planned ones, oldest first). */
  trains: { id: number; version: string; start: Day }[];
  metrics: FleetFairness;
  /** Deployment × train: the customer wave (1…) it was in, or null when it was not planned. */
  heatmap: { key: string; name: string; waves: (number | null)[] }[];
}

export interface HistoryEvent {
  id: number;
  at: string;
  actor: string;
  action: string;
  summary: string;
}

export interface TrainDetail {
  train: TrainView;
  /** Audit events of this train, oldest first. */
  history: HistoryEvent[];
}

export interface CsvExport {
  filename: string;
  csv: string;
  rows: number;
}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const contract = {
  'app.info': method<AppInfo>()(noInput),
  'deployments.list': method<DeploymentList>()(deploymentQuerySchema.prefault({})),
  'deployments.get': method<Deployment>()(byKey),
  'deployments.create': method<Deployment>()(deploymentDraftSchema),
  'deployments.update': method<Deployment>()(
    z.object({ key: deploymentKeySchema, changes: deploymentChangesSchema }).strict(),
  ),
  'deployments.retire': method<Deployment>()(byKey),
  'deployments.reactivate': method<Deployment>()(byKey),
  'deployments.block': method<BlockedDatesChange>()(
    z
      .object({ key: deploymentKeySchema, ...blockedDateRangeFields })
      .strict()
      .superRefine(checkBlockedRange),
  ),
  'deployments.unblock': method<Deployment>()(
    z
      .object({
        key: deploymentKeySchema,
        id: z.int('The id of a blocked range is a whole number (see "deployments show").').positive(),
      })
      .strict(),
  ),
  'deployments.importCsv': method<ImportReport>()(
    z
      .object({
        csv: z
          .string({ error: 'csv must be the text of a CSV file.' })
          .max(MAX_IMPORT_BYTES, 'The CSV file is larger than 5 MB; split it into smaller files.'),
      })
      .strict(),
  ),
  'deployments.exportCsv': method<CsvExport>()(
    z
      .object({
        status: z.enum(['active', 'retired', 'all']).default('all'),
        bom: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  ),
  'fleet.loadDemo': method<DemoReport>()(noInput),
  'calendar.range': method<CalendarRange>()(rangeSchema),
  'trains.list': method<TrainView[]>()(
    z
      .object({ from: dayString('From').optional(), to: dayString('To').optional() })
      .strict()
      .refine((r) => !r.from || !r.to || r.to >= r.from, {
        error: 'The end of the range must be on or after its start.',
        path: ['to'],
      })
      .prefault({}),
  ),
  'trains.get': method<TrainDetail>()(byId),
  'trains.plan': method<TrainView[]>()(planRequestSchema),
  'trains.move': method<TrainView[]>()(
    z.object({ id: trainIdSchema, start: dayString('New start'), shiftLater: z.boolean().default(false) }).strict(),
  ),
  'trains.skip': method<TrainView>()(z.object({ id: trainIdSchema, reason: reasonSchema }).strict()),
  'trains.cancel': method<TrainView>()(z.object({ id: trainIdSchema, reason: reasonSchema }).strict()),
  'trains.reinstate': method<TrainView>()(byId),
  'trains.rename': method<TrainView>()(z.object({ id: trainIdSchema, version: versionSchema }).strict()),
  'trains.setNotes': method<TrainView>()(
    z
      .object({
        id: trainIdSchema,
        notes: z
          .string({ error: 'Notes must be text.' })
          .max(NOTES_MAX, `Release notes must be at most ${NOTES_MAX.toLocaleString('en-US')} characters.`),
      })
      .strict(),
  ),
  'holidays.list': method<Holiday[]>()(noInput),
  'holidays.add': method<Holiday>()(holidaySchema),
  'holidays.remove': method<Holiday>()(z.object({ date: dayString('Holiday date') }).strict()),
  'freezes.list': method<Freeze[]>()(noInput),
  'freezes.add': method<Freeze>()(freezeDraftSchema),
  'freezes.remove': method<Freeze>()(z.object({ id: z.int().positive() }).strict()),
  'settings.get': method<Settings>()(noInput),
  'settings.update': method<Settings>()(
    z
      .object({
        cadence: cadenceSchema.optional(),
        template: lifecycleTemplateSchema.optional(),
        workingDays: workingDaysSchema.optional(),
        /** Re-lay the phases of trains that have not started on the new template (default true). */
        applyToPlanned: z.boolean().default(true),
      })
      .strict(),
  ),
  'rollout.get': method<RolloutPlanView | null>()(z.object({ trainId: trainIdSchema }).strict()),
  'rollout.plan': method<RolloutPlanView>()(z.object({ trainId: trainIdSchema }).strict()),
  'rollout.move': method<RolloutPlanView>()(
    z
      .object({
        trainId: trainIdSchema,
        key: deploymentKeySchema,
        wave: z
          .int('Wave must be a whole number.')
          .min(1, 'Customer waves start at 1; wave 0 is the internal deployment.'),
        reason: reasonSchema,
      })
      .strict(),
  ),
  'fairness.report': method<FairnessReport>()(
    z
      .object({ last: z.int().min(1, 'Count at least one train.').max(520).optional() })
      .strict()
      .prefault({}),
  ),
  'simulate.run': method<SimulationResult>()(
    simulationRequestSchema.extend({
      /** Simulate the real fleet instead of a synthetic one (deployments is then ignored). */
      useFleet: z.boolean().default(false),
      policy: rolloutPolicySchema.optional(),
    }),
  ),
  'policy.get': method<RolloutPolicy>()(noInput),
  'policy.update': method<RolloutPolicy>()(z.object({ policy: rolloutPolicySchema }).strict()),
} satisfies Record<MethodName, MethodDef<z.ZodType, unknown>>;

export type Contract = typeof contract;
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Result<M extends MethodName> = Contract[M] extends MethodDef<z.ZodType, infer R> ? R : never;

/** What every transport exposes to the renderer: one function per method. */
export type Api = { [M in MethodName]: (input: Input<M>) => Promise<ApiResponse<Result<M>>> };

// Both lists must name the same methods: a compile error here means method-names.ts is out of date.
type MissingFromNames = Exclude<keyof Contract, MethodName>;
const namesAreComplete: MissingFromNames extends never ? true : never = true;
void namesAreComplete;
