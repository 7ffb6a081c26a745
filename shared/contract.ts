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
import { type KpiReport, MAX_KPI_TRAINS } from './kpis';
import { type OrderingDeployment, type RolloutPolicy, rolloutPolicySchema } from './ordering';
import type { DeploymentVersion } from './fleet-versions';
import { DEFAULT_PATCH_BAKE_HOURS, MAX_PATCH_BAKE_HOURS, type PatchRecord, type PatchStatus } from './patches';
import {
  type SimulationProgress,
  type SimulationResult,
  simulationRequestSchema,
  simulationRunIdSchema,
  simulationTooLarge,
} from './simulate';
import {
  type Freeze,
  type Holiday,
  type TrainStatus,
  freezeDraftSchema,
  holidaySchema,
  workingDaysSchema,
} from './schedule';
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
import { FEED_KINDS, type FeedKind } from './feeds';
import { requiredText } from './text-schema';
import {
  type GateKind,
  type GatePolicy,
  type GateState,
  GATE_ACTIONS_NEEDING_REASON,
  evidenceUrlSchema,
  gateActionSchema,
  gatePolicySchema,
} from './gates';
import {
  ACTIONS_NEEDING_REASON,
  type HaltSeverity,
  type Progress,
  type StepAction,
  type StepState,
  type TrackedStatus,
  haltSeveritySchema,
  stepActionSchema,
} from './rollout-steps';
import type { WaveRefusalKind } from './wave-rules';
import { exportRenderRequestSchema, exportSaveRequestSchema } from './export/formats';
import { type TeamUser, displayNameSchema, loginNameSchema, passwordSchema, roleSchema } from './team-accounts';
import {
  NOTIFICATION_CLIENTS,
  type NotificationSettings,
  type ReleaseNotification,
  notificationSettingsChangeSchema,
} from './notifications';

/**
 * What a method does to the database, declared where it is defined; the dispatcher acts on it:
 * - `read`: runs on a read-only connection in one read transaction (a consistent picture, no
 *   write lock, and a read that tried to write would fail);
 * - `write`: a person's change: one immediate transaction with its audit events, after which the
 *   publish folder is rewritten if the plan changed;
 * - `record`: writes only the app's own bookkeeping (iCalendar sequences, notifications shown),
 *   in one immediate transaction, never published.
 */
export type MethodKind = 'read' | 'write' | 'record';

/** A method of the API: what it does to the database, its input schema, and its result type carried as a phantom. */
export interface MethodDef<S extends z.ZodType, R> {
  kind: MethodKind;
  input: S;
  /** Type-only: never read at run time. */
  readonly result?: R;
}

function method<R>(kind: MethodKind) {
  return <S extends z.ZodType>(input: S): MethodDef<S, R> => ({ kind, input });
}
const read = <R>() => method<R>('read');
const write = <R>() => method<R>('write');
const record = <R>() => method<R>('record');

/**
 * Several steps of one rollout (a train's, or a patch's, with the field naming it) moved at once:
 * the named deployments, all or nothing, or every step of a wave the action applies to.
 */
const stepBatchFields = z.object({
  keys: z
    .array(deploymentKeySchema)
    .min(1, 'Name at least one deployment.')
    .max(10_000)
    .refine((keys) => new Set(keys).size === keys.length, 'Name each deployment once.')
    .optional(),
  wave: z.int('Wave must be a whole number.').min(0, 'Waves start at 0 (the internal deployment).').optional(),
  action: stepActionSchema,
  reason: reasonSchema.optional(),
  /** Start a wave whose predecessor is still baking; the reason is recorded. */
  bakeOverride: reasonSchema.optional(),
});

function checkStepBatch(r: z.output<typeof stepBatchFields>, ctx: z.RefinementCtx): void {
  if ((r.keys === undefined) === (r.wave === undefined))
    ctx.addIssue({ code: 'custom', message: 'Give either the deployments or a wave, not both.', path: ['keys'] });
  if (ACTIONS_NEEDING_REASON.includes(r.action) && r.reason === undefined)
    ctx.addIssue({
      code: 'custom',
      message: 'Failing, rolling back or skipping a deployment needs a reason.',
      path: ['reason'],
    });
  if (r.bakeOverride !== undefined && r.action !== 'start')
    ctx.addIssue({ code: 'custom', message: 'Only starting a step can override a bake.', path: ['bakeOverride'] });
}

const noInput = z.object({}).strict().prefault({});
/** A setting that can be cleared: text, trimmed, at most `max` characters; null (or empty) clears it. */
function clearableText(notText: string, max: number, tooLong: string) {
  return z
    .string({ error: notText })
    .trim()
    .max(max, tooLong)
    .nullable()
    .transform((t) => (t ? t : null));
}
const byKey = z.object({ key: deploymentKeySchema }).strict();
const byId = z.object({ id: trainIdSchema }).strict();
/**
 * The revision of what a person edits, as the page they edit from read it (a train's, a plan's, a
 * gate's, the settings'): when the stored one has moved on, the edit is refused with `conflict`,
 * naming who changed it and when, and nothing is changed. Left out (the CLI, scripts), the edit
 * applies to whatever is stored.
 */
const expectedRevision = z
  .int('The expected revision must be a whole number.')
  .min(0, 'The expected revision cannot be negative.')
  .optional();
const byTrain = z.object({ trainId: trainIdSchema }).strict();

export interface AppInfo {
  version: string;
  schemaVersion: number;
  databasePath: string;
  /** The file (or its folder) cannot be written: reads work, every change is refused. */
  readOnly: boolean;
  /** `team`: a team server, with accounts and roles (docs/team-mode.md); subscribable feeds need one. */
  transport: 'electron' | 'browser' | 'cli' | 'team';
  actor: string;
}

/** What SQLite's full integrity check found in the open database file. */
export interface DatabaseCheck {
  databasePath: string;
  ok: boolean;
  /** One sentence for people: no problems found, or that the file is damaged and what to do. */
  message: string;
  /** SQLite's own words for each problem found (at most the first hundred). */
  problems: string[];
}

/** Why an automatic (or asked-for) backup was taken; part of its file name. */
export const BACKUP_REASONS = ['daily', 'import', 'migration', 'before-restore', 'manual'] as const;
export type BackupReason = (typeof BACKUP_REASONS)[number];

/** One consistent copy of the database in its backups folder. */
export interface DatabaseBackup {
  /** The file name in the backups folder: its time (UTC) and reason, e.g. 2026-12-06T070000.000Z-daily.db. */
  name: string;
  path: string;
  reason: BackupReason;
  takenAt: string;
  bytes: number;
}

/** The backups of the open database, newest first. */
export interface DatabaseBackups {
  databasePath: string;
  folder: string;
  backups: DatabaseBackup[];
}

/** What a restore did: the backup now in place, and the copy of the file it replaced. */
export interface DatabaseRestore {
  databasePath: string;
  restored: DatabaseBackup;
  /** The copy of the replaced file, taken first so that a restore can itself be undone. */
  beforeRestore: DatabaseBackup | null;
  schemaVersion: number;
}

/** A backup's file name as listed: no folder, so the API can only restore from the backups folder. */
export const backupNameSchema = z
  .string({ error: 'Name a backup from the list of backups.' })
  .max(200, 'Name a backup from the list of backups.')
  .regex(/^[\w.-]+\.db$/, 'Name a backup from the list of backups, such as 2026-12-06T070000.000Z-daily.db.');

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
  /** Trains not started whose plans put the deployment on one of these days: re-planned off them in the same change. */
  replanned: { trainId: number; version: string }[];
  /** Waves of started trains (which keep their plans) that still put the deployment on one of these days: move it by hand. */
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
  /** Raised by every change of the three above: `settings.update` made from what a page read sends it back. */
  revision: number;
  /** The rollout policy's revision (`policy.get` answers the policy alone, as `policy.update` takes it). */
  policyRevision: number;
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

/** Everything the calendar shows, in one read: what a change to a train reloads. */
export interface CalendarOverview {
  /** Every train, as `trains.list` answers. */
  trains: TrainView[];
  /** The days on screen, as `calendar.range` answers. */
  range: CalendarRange;
  /** The open train, as `trains.get` answers; null when none was asked for. */
  detail: TrainDetail | null;
  /** How the trains of `range` roll out (progress on their bands), as `status.get` with their ids answers. */
  tracking: TrainTracking[];
  /** The open train's rollout plan, as `rollout.get` answers; null when it has none or none was asked for. */
  rolloutPlan: RolloutPlanView | null;
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
  /** Its rollout step in this train (null when there is none): only a pending one can still move. */
  step: StepState | null;
}

export interface RolloutPlanView {
  trainId: number;
  version: string;
  engineVersion: string;
  policy: RolloutPolicy;
  createdAt: string;
  updatedAt: string;
  /** Raised by every change of the plan (waves, days, placements): `rollout.move` made from what a page read sends it back. */
  revision: number;
  /** A started train keeps its plan: it cannot be re-planned. */
  started: boolean;
  waves: { index: number; date: Day; deployments: PlannedDeployment[] }[];
  /**
   * The active deployments as `rollout.move` checks a move against them (tier, weight, pairing
   * group, pin policy, …): with `policy`, `planViolations` tells before asking which waves accept one.
   */
  fleet: OrderingDeployment[];
  /** When and why the plan last changed, from its audit trail (null before any audited change). */
  lastChange: { at: string; actor: string; summary: string } | null;
  /**
   * Active customer deployments the plan lacks: added to the fleet after the train started (a
   * started train keeps its plan). A lead may add one to a wave still to come (`rollout.move`);
   * empty when no wave is.
   */
  unplanned: { key: string; name: string }[];
}

/** Which version every deployment runs now, and which still run one a regression was found in. */
export interface FleetVersions {
  deployments: (DeploymentVersion & {
    name: string;
    status: 'active' | 'retired';
    /** For a broken deployment: its step in the patch that brings the fix, or null when no patch has it. */
    patch: { id: number; version: string; state: StepState; wave: number; date: Day } | null;
  })[];
}

export interface FairnessReport {
  /** The trains counted (the last K planned ones, oldest first). */
  trains: { id: number; version: string; start: Day }[];
  metrics: FleetFairness;
  /** The same figures over every planned train: what the rotation answers for (its turns never forget). */
  allTime: FleetFairness;
  /** Deployment × train: the customer wave (1…) it was in, or null when it was not planned. */
  heatmap: { key: string; name: string; waves: (number | null)[] }[];
}

/** What reading the fairness accounts again from the committed trains' stored plans found. */
export interface FairnessRebuild {
  /** Deployments with an account. */
  deployments: number;
  /** Committed trains (rollout started) read, oldest first. */
  trains: number;
  /** Deployments whose kept account differed from the one read again (0: they agreed). */
  differed: number;
  /** The kept accounts were marked stale (a committed train's plan or regression had changed). */
  wasStale: boolean;
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

// ----- rollout tracking -----

export interface GateView {
  key: string;
  name: string;
  kind: GateKind;
  required: boolean;
  /** Order in the train's list. */
  position: number;
  /** For the internal bake gate: how long the internal deployment bakes; null for a check. */
  bakeHours: number | null;
  state: GateState;
  /** Why it was waived or failed. */
  reason: string | null;
  evidenceUrl: string | null;
  /** Who set the current state, and when (UTC ISO). */
  updatedBy: string;
  updatedAt: string;
  /** Raised by every change of this gate: `gates.set` made from what a page read sends it back. */
  revision: number;
}

export interface StepView {
  key: string;
  name: string;
  region: string;
  internal: boolean;
  wave: number;
  state: StepState;
  /** Why it failed, was rolled back or skipped. */
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  updatedBy: string;
  updatedAt: string;
  /** Ids of the halts of this train whose regression reached it. */
  regressions: number[];
}

/** What a release manager can do next on a wave, and what blocks it. */
export interface NextWaveAction {
  action: StepAction;
  /** The deployments it applies to. */
  keys: string[];
  /** One sentence when the action is refused now; null when it is allowed. */
  refusal: string | null;
  refusalKind: WaveRefusalKind | null;
  /** A bake can be overridden with a reason; nothing else can. */
  overridable: boolean;
  /** For a bake: the first day the wave may start without an override. */
  until: Day | null;
}

export interface WaveTracking {
  index: number;
  /** The day the plan gives this wave. */
  date: Day;
  steps: StepView[];
  progress: Progress;
  /** Null when every step is released or skipped. */
  next: NextWaveAction | null;
}

export interface HaltView {
  id: number;
  trainId: number;
  reason: string;
  /** The regression's reference: an incident or ticket id, or a link. */
  reference: string;
  severity: HaltSeverity;
  haltedAt: string;
  haltedBy: string;
  /** The wave being rolled out when it halted; the rollout continues from it. */
  haltedWave: number;
  resumedAt: string | null;
  resumedBy: string | null;
  /** The version with the fix that was integrated; set when resumed. */
  fixVersion: string | null;
  /** The deployments the regression reached. */
  deployments: string[];
}

/**
 * A patch rollout: the fix of a halt, delivered to every deployment that still ran the broken
 * version when the train resumed. Wave 0 is the internal deployment; customers follow in the order
 * they received the broken release. Its steps move like a train's.
 */
export interface PatchView extends PatchRecord {
  trainVersion: string;
  status: PatchStatus;
  waves: WaveTracking[];
  progress: Progress;
}

/** One train's rollout as tracked: status, gates, waves with each deployment's step, halts, progress. */
export interface TrainTracking {
  trainId: number;
  version: string;
  start: Day;
  end: Day;
  /** The status the calendar alone gives (dates, skipped, cancelled). */
  calendarStatus: TrainStatus;
  /** The status to show: the calendar's, moved on by the steps and halts (see shared/rollout-steps.ts). */
  status: TrackedStatus;
  statusSentence: string;
  /** False when the train has no rollout plan yet (then it has no gates or steps). */
  planned: boolean;
  /** The open halt, if the train is halted. */
  halt: HaltView | null;
  /** Every halt of the train, oldest first. */
  halts: HaltView[];
  gates: GateView[];
  /** Names of the required gates not yet passed or waived. */
  openGates: string[];
  waves: WaveTracking[];
  progress: Progress;
  /** Days a wave bakes after its last release before the next may start (the plan's policy; 0 without a plan). */
  bakeDays: number;
  /** The patches made when the train resumed with a fix, oldest first. */
  patches: PatchView[];
}

export interface StatusReport {
  today: Day;
  /** Trains in flight (or the ones asked for), in start order. */
  trains: TrainTracking[];
}

export type TodayKind = 'release' | 'in_progress' | 'attention' | 'gate' | 'bake' | 'halt' | 'waiting' | 'blocked';

/** One train and wave on the Today board. */
export interface TodayRow {
  trainId: number;
  /** Set when the row is a wave of a patch; `version` is then the patch's. */
  patchId: number | null;
  version: string;
  wave: number;
  /** The wave's planned day (today or earlier when it is late). */
  date: Day;
  /**
   * release: may start now; in_progress: steps to watch and release; attention: failed or rolled-back
   * steps; gate / bake / halt / waiting (an earlier wave) / blocked (train skipped or cancelled): why it waits.
   */
  kind: TodayKind;
  keys: string[];
  /** One sentence: what to do, or why it waits. */
  reason: string;
  /** For a bake: the day it ends. */
  until: Day | null;
}

export interface TodayBoard {
  today: Day;
  rows: TodayRow[];
  /** What became true today that the app notifies (the kinds turned on in Settings), oldest first. */
  notifications: ReleaseNotification[];
}

/** Everything the Rollouts view shows, in one read: what a change there reloads. */
export interface RolloutsOverview {
  board: TodayBoard;
  /** The trains in flight. */
  report: StatusReport;
  /** The train asked for, as tracked, with its audit trail (newest first); null when none was asked for. */
  train: { tracking: TrainTracking; audit: AuditEntry[] } | null;
}

export interface DeploymentTrainHistory {
  trainId: number;
  version: string;
  trainStatus: TrackedStatus;
  wave: number;
  date: Day;
  state: StepState;
  reason: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  /** Halts of that train whose regression reached this deployment. */
  regressions: HaltView[];
}

export interface DeploymentHistory {
  key: string;
  name: string;
  internal: boolean;
  /** Every train whose plan holds it, newest first. */
  trains: DeploymentTrainHistory[];
}

export interface AuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityKey: string;
  summary: string;
  before: unknown;
  after: unknown;
  /** For an `undo` event: the id of the event it undid. */
  undoes: number | null;
  /** The id of the `undo` event that undid this one, if any. */
  undoneBy: number | null;
}

export interface UndoResult {
  /** The event that was undone. */
  undone: AuditEntry;
  /** The new compensating event. */
  undo: AuditEntry;
}

export interface UserSetting {
  /** The name set in the app, or null to use the OS user name. */
  userName: string | null;
  /** The OS user name. */
  osUserName: string;
  /** Who the audit log records for changes made now. */
  actor: string;
}

// ----- exports and the publish folder -----

/** One rendered export, as text (a PDF is printed from the HTML by a browser engine). */
export interface ExportFile {
  /** The file name it suggests, e.g. `release-calendar.ics`. */
  fileName: string;
  mimeType: string;
  content: string;
}

/** What the desktop app's save dialog did. */
export interface SavedExport {
  /** False when the person cancelled the dialog. */
  saved: boolean;
  path: string | null;
  fileName: string;
}

/** The publish folder: where the plan's ICS, CSV and JSON are rewritten after every change. */
export interface PublishStatus {
  /** Absolute path, or null when publishing is off. */
  folder: string | null;
  /** The files it writes there. */
  files: string[];
  lastPublishedAt: string | null;
  /** The last failure, cleared by the next success; the change that triggered it stays saved. */
  lastError: string | null;
  lastErrorAt: string | null;
}

// ----- subscribable feeds (docs/team-mode.md) -----

/** A subscribable feed as listed: its URL's path with the secret left out, which is shown once. */
export interface Feed {
  id: number;
  kind: FeedKind;
  /** The deployment of a `deployment` feed; null for the others. */
  deploymentKey: string | null;
  label: string;
  /** `/feeds/…/calendar.ics`: the shape of its URL, without the secret. */
  path: string;
  createdBy: string;
  createdAt: string;
  revokedAt: string | null;
  revokedBy: string | null;
  /** When a calendar or feed reader last fetched it; null when never. */
  lastFetchedAt: string | null;
  /** Whether the caller may revoke it: a person their own feeds, an admin any. */
  revocable: boolean;
}

/** A feed just created: the only answer that carries its secret. */
export interface CreatedFeed {
  feed: Feed;
  /** 32 random bytes, base64url; never stored, never shown again. */
  secret: string;
  /** The URL's path with the secret: `/feeds/<secret>/calendar.ics`. */
  path: string;
}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const contract = {
  'app.info': read<AppInfo>()(noInput),
  'database.check': read<DatabaseCheck>()(noInput),
  'database.backups': read<DatabaseBackups>()(noInput),
  // Both run outside a transaction (a copy cannot be taken inside one); the dispatcher knows them.
  'database.backup': write<DatabaseBackup>()(noInput),
  'database.restore': write<DatabaseRestore>()(z.object({ backup: backupNameSchema }).strict()),
  'deployments.list': read<DeploymentList>()(deploymentQuerySchema.prefault({})),
  'deployments.get': read<Deployment>()(byKey),
  'deployments.create': write<Deployment>()(deploymentDraftSchema),
  'deployments.update': write<Deployment>()(
    z.object({ key: deploymentKeySchema, changes: deploymentChangesSchema }).strict(),
  ),
  'deployments.retire': write<Deployment>()(byKey),
  'deployments.reactivate': write<Deployment>()(byKey),
  'deployments.block': write<BlockedDatesChange>()(
    z
      .object({ key: deploymentKeySchema, ...blockedDateRangeFields })
      .strict()
      .superRefine(checkBlockedRange),
  ),
  'deployments.unblock': write<Deployment>()(
    z
      .object({
        key: deploymentKeySchema,
        id: z.int('The id of a blocked range is a whole number (see "deployments show").').positive(),
      })
      .strict(),
  ),
  'deployments.importCsv': write<ImportReport>()(
    z
      .object({
        csv: z
          .string({ error: 'csv must be the text of a CSV file.' })
          .max(MAX_IMPORT_BYTES, 'The CSV file is larger than 5 MB; split it into smaller files.'),
      })
      .strict(),
  ),
  'deployments.exportCsv': read<CsvExport>()(
    z
      .object({
        status: z.enum(['active', 'retired', 'all']).default('all'),
        bom: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  ),
  'fleet.loadDemo': write<DemoReport>()(noInput),
  'fleet.versions': read<FleetVersions>()(noInput),
  'calendar.range': read<CalendarRange>()(rangeSchema),
  'calendar.overview': read<CalendarOverview>()(rangeSchema.safeExtend({ trainId: trainIdSchema.optional() })),
  'trains.list': read<TrainView[]>()(
    z
      .object({ from: dayString('From').optional(), to: dayString('To').optional() })
      .strict()
      .refine((r) => !r.from || !r.to || r.to >= r.from, {
        error: 'The end of the range must be on or after its start.',
        path: ['to'],
      })
      .prefault({}),
  ),
  'trains.get': read<TrainDetail>()(byId),
  'trains.plan': write<TrainView[]>()(planRequestSchema),
  'trains.move': write<TrainView[]>()(
    z
      .object({
        id: trainIdSchema,
        start: dayString('New start'),
        shiftLater: z.boolean().default(false),
        expectedRevision,
      })
      .strict(),
  ),
  'trains.skip': write<TrainView>()(z.object({ id: trainIdSchema, reason: reasonSchema }).strict()),
  'trains.cancel': write<TrainView>()(z.object({ id: trainIdSchema, reason: reasonSchema }).strict()),
  'trains.reinstate': write<TrainView>()(byId),
  'trains.rename': write<TrainView>()(
    z.object({ id: trainIdSchema, version: versionSchema, expectedRevision }).strict(),
  ),
  'trains.setNotes': write<TrainView>()(
    z
      .object({
        id: trainIdSchema,
        notes: z
          .string({ error: 'Notes must be text.' })
          .max(NOTES_MAX, `Release notes must be at most ${NOTES_MAX.toLocaleString('en-US')} characters.`),
        expectedRevision,
      })
      .strict(),
  ),
  'holidays.list': read<Holiday[]>()(noInput),
  'holidays.add': write<Holiday>()(holidaySchema),
  'holidays.remove': write<Holiday>()(z.object({ date: dayString('Holiday date') }).strict()),
  'freezes.list': read<Freeze[]>()(noInput),
  'freezes.add': write<Freeze>()(freezeDraftSchema),
  'freezes.remove': write<Freeze>()(z.object({ id: z.int().positive() }).strict()),
  'settings.get': read<Settings>()(noInput),
  'settings.update': write<Settings>()(
    z
      .object({
        cadence: cadenceSchema.optional(),
        template: lifecycleTemplateSchema.optional(),
        workingDays: workingDaysSchema.optional(),
        /** Re-lay the phases of trains that have not started on the new template (default true). */
        applyToPlanned: z.boolean().default(true),
        expectedRevision,
      })
      .strict(),
  ),
  'rollout.get': read<RolloutPlanView | null>()(z.object({ trainId: trainIdSchema }).strict()),
  'rollout.plan': write<RolloutPlanView>()(z.object({ trainId: trainIdSchema }).strict()),
  'rollout.move': write<RolloutPlanView>()(
    z
      .object({
        trainId: trainIdSchema,
        key: deploymentKeySchema,
        wave: z
          .int('Wave must be a whole number.')
          .min(1, 'Customer waves start at 1; wave 0 is the internal deployment.'),
        reason: reasonSchema,
        expectedRevision,
      })
      .strict(),
  ),
  'fairness.report': read<FairnessReport>()(
    z
      .object({ last: z.int().min(1, 'Count at least one train.').max(520).optional() })
      .strict()
      .prefault({}),
  ),
  'fairness.rebuild': write<FairnessRebuild>()(noInput),
  'kpis.report': read<KpiReport>()(
    z
      .object({
        from: dayString('From').optional(),
        to: dayString('To').optional(),
        last: z
          .int('Give the number of trains as a whole number.')
          .min(1, 'Count at least one train.')
          .max(MAX_KPI_TRAINS, `Count at most ${MAX_KPI_TRAINS} trains (20 years of a two-week train).`)
          .optional(),
      })
      .strict()
      .refine((r) => r.last === undefined || (r.from === undefined && r.to === undefined), {
        error: 'Give either a range of days (from, to) or a number of trains (last), not both.',
        path: ['last'],
      })
      .refine((r) => !r.from || !r.to || r.to >= r.from, {
        error: 'The end of the range must be on or after its start.',
        path: ['to'],
      })
      .prefault({}),
  ),
  'simulate.run': read<SimulationResult>()(
    simulationRequestSchema
      .extend({
        /** Simulate the real fleet instead of a synthetic one (deployments is then ignored; the service checks its size). */
        useFleet: z.boolean().default(false),
        policy: rolloutPolicySchema.optional(),
        /** An id of the caller's choosing, by which `simulate.progress` and `simulate.cancel` find this run. */
        runId: simulationRunIdSchema.optional(),
      })
      .superRefine((r, ctx) => {
        const tooLarge = r.useFleet ? null : simulationTooLarge(r.deployments, r.trains);
        if (tooLarge) ctx.addIssue({ code: 'custom', path: ['trains'], message: tooLarge });
      }),
  ),
  // Both change nothing stored: they look at, or end, a simulation in flight.
  'simulate.progress': read<SimulationProgress>()(z.object({ runId: simulationRunIdSchema }).strict()),
  'simulate.cancel': read<{ cancelled: boolean }>()(z.object({ runId: simulationRunIdSchema }).strict()),
  'policy.get': read<RolloutPolicy>()(noInput),
  'policy.update': write<RolloutPolicy>()(z.object({ policy: rolloutPolicySchema, expectedRevision }).strict()),
  'gates.list': read<GateView[]>()(byTrain),
  'gates.set': write<TrainTracking>()(
    z
      .object({
        trainId: trainIdSchema,
        key: z.string({ error: 'Gate key is required.' }).trim().min(1, 'Gate key is required.'),
        action: gateActionSchema,
        reason: reasonSchema.optional(),
        evidenceUrl: evidenceUrlSchema.optional(),
        expectedRevision,
      })
      .strict()
      .refine((r) => !GATE_ACTIONS_NEEDING_REASON.includes(r.action) || r.reason !== undefined, {
        error: 'A waiver needs a reason: say why the gate may be skipped.',
        path: ['reason'],
      }),
  ),
  'gates.defaults.get': read<GatePolicy>()(noInput),
  'gates.defaults.update': write<GatePolicy>()(z.object({ policy: gatePolicySchema }).strict()),
  'steps.transition': write<TrainTracking>()(
    stepBatchFields.extend({ trainId: trainIdSchema }).strict().superRefine(checkStepBatch),
  ),
  'trains.halt': write<TrainTracking>()(
    z
      .object({
        trainId: trainIdSchema,
        reason: reasonSchema,
        reference: z
          .string({ error: 'A regression reference is required (an incident or ticket id, or a link).' })
          .trim()
          .min(1, { error: 'A regression reference is required (an incident or ticket id, or a link).', abort: true })
          .max(200, 'The reference must be at most 200 characters.'),
        severity: haltSeveritySchema.default('high'),
        /** The deployments the regression reached; default: those released or in progress in this train. */
        deployments: z
          .array(deploymentKeySchema)
          .min(1, 'Name at least one deployment the regression reached, or leave the list out.')
          .max(10_000)
          .refine((keys) => new Set(keys).size === keys.length, 'Name each deployment once.')
          .optional(),
      })
      .strict(),
  ),
  'trains.resume': write<TrainTracking>()(
    z
      .object({
        trainId: trainIdSchema,
        fixVersion: versionSchema,
        /** Hours the internal deployment bakes the patch before customers take it. */
        patchBakeHours: z
          .int('Patch bake hours must be a whole number.')
          .min(0, 'Patch bake hours cannot be negative.')
          .max(MAX_PATCH_BAKE_HOURS, `A patch bakes at most ${MAX_PATCH_BAKE_HOURS} hours (a week).`)
          .default(DEFAULT_PATCH_BAKE_HOURS),
      })
      .strict(),
  ),
  'patches.transition': write<TrainTracking>()(
    stepBatchFields
      .extend({ patchId: z.int('A patch id is a whole number.').min(1, 'A patch id is a positive number.') })
      .strict()
      .superRefine(checkStepBatch),
  ),
  'status.get': read<StatusReport>()(
    z
      .object({
        trainId: trainIdSchema.optional(),
        /** Several trains at once, e.g. those a calendar view shows (their progress), in start order. */
        trainIds: z.array(trainIdSchema).max(500, 'Ask for at most 500 trains at once.').optional(),
      })
      .strict()
      .refine((r) => r.trainId === undefined || r.trainIds === undefined, {
        error: 'Give either one train or a list of trains, not both.',
        path: ['trainIds'],
      })
      .prefault({}),
  ),
  'today.board': read<TodayBoard>()(noInput),
  'rollouts.overview': read<RolloutsOverview>()(
    z
      .object({
        trainId: trainIdSchema.optional(),
        auditLimit: z.int().min(1, 'Ask for at least one event.').max(10_000).default(500),
      })
      .strict()
      .prefault({}),
  ),
  'deployments.history': read<DeploymentHistory>()(byKey),
  'audit.list': read<AuditEntry[]>()(
    z
      .object({
        trainId: trainIdSchema.optional(),
        key: deploymentKeySchema.optional(),
        limit: z.int().min(1, 'Ask for at least one event.').max(10_000).default(500),
      })
      .strict()
      .refine((r) => r.trainId === undefined || r.key === undefined, {
        error: 'Give either a train or a deployment, not both.',
        path: ['key'],
      })
      .prefault({}),
  ),
  'audit.undo': write<UndoResult>()(z.object({ trainId: trainIdSchema.optional() }).strict().prefault({})),
  'export.render': record<ExportFile>()(exportRenderRequestSchema),
  /** Desktop app only: renders, asks where to save (the main process's dialog) and writes the file. */
  'export.save': record<SavedExport>()(exportSaveRequestSchema),
  'publish.get': read<PublishStatus>()(noInput),
  'publish.update': write<PublishStatus>()(
    z
      .object({
        /** An absolute path to an existing folder; null (or empty) turns publishing off. */
        folder: clearableText(
          'The publish folder must be a path.',
          1000,
          'The publish folder path must be at most 1,000 characters.',
        ),
      })
      .strict(),
  ),
  /** Every feed, newest first; secrets are never listed. */
  'feeds.list': read<Feed[]>()(noInput),
  'feeds.create': write<CreatedFeed>()(
    z
      .object({
        kind: z.enum(FEED_KINDS, { error: 'kind must be calendar, deployment or release-notes.' }),
        /** The deployment of a `deployment` feed. */
        key: deploymentKeySchema.optional(),
        label: requiredText('Label', 120),
      })
      .strict()
      .superRefine((r, ctx) => {
        if (r.kind === 'deployment' && r.key === undefined)
          ctx.addIssue({
            code: 'custom',
            message: 'Choose the deployment whose releases the feed holds.',
            path: ['key'],
          });
        if (r.kind !== 'deployment' && r.key !== undefined)
          ctx.addIssue({ code: 'custom', message: 'Only a deployment feed names a deployment.', path: ['key'] });
      }),
  ),
  /** Its creator, or an admin, revokes a feed: its URL answers 404 from then on. */
  'feeds.revoke': write<Feed>()(
    z.object({ id: z.int('A feed id is a whole number.').positive('A feed id is a positive number.') }).strict(),
  ),
  'notifications.settings.get': read<NotificationSettings>()(noInput),
  'notifications.settings.update': write<NotificationSettings>()(notificationSettingsChangeSchema),
  /**
   * The notifications to show now on this client (its switch and the kinds turned on, not
   * shown before), recorded as shown in the same transaction: each shows once.
   */
  'notifications.take': record<ReleaseNotification[]>()(
    z.object({ client: z.enum(NOTIFICATION_CLIENTS, { error: 'client must be desktop or browser.' }) }).strict(),
  ),
  'user.get': read<UserSetting>()(noInput),
  'user.update': write<UserSetting>()(
    z
      .object({
        /** Null (or empty) goes back to the OS user name. */
        userName: clearableText('The user name must be text.', 80, 'The user name must be at most 80 characters.'),
      })
      .strict(),
  ),
  // The accounts of a team server (docs/team-mode.md). A password is accepted, never answered.
  'users.list': read<TeamUser[]>()(noInput),
  'users.add': write<TeamUser>()(
    z
      .object({
        name: loginNameSchema,
        role: roleSchema,
        displayName: displayNameSchema.optional(),
        password: passwordSchema,
      })
      .strict(),
  ),
  'users.setRole': write<TeamUser>()(z.object({ name: loginNameSchema, role: roleSchema }).strict()),
  'users.disable': write<TeamUser>()(z.object({ name: loginNameSchema }).strict()),
  'users.enable': write<TeamUser>()(z.object({ name: loginNameSchema }).strict()),
  'users.resetPassword': write<TeamUser>()(z.object({ name: loginNameSchema, password: passwordSchema }).strict()),
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
