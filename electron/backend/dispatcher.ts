import {
  type AppInfo,
  type DatabaseBackup,
  type DatabaseBackups,
  type DatabaseRestore,
  type MethodKind,
  type ParsedInput,
  type Result,
  contract,
} from '../../shared/contract';
import { type ApiResponse, DomainError, invalidInput } from '../../shared/errors';
import { METHOD_ROLES, ROLE_LABELS, type Role, mayCall } from '../../shared/method-roles';
import { wellFormed } from '../../shared/utf8';
import { METHOD_NAMES, type MethodName } from '../../shared/method-names';
import {
  addFreeze,
  addHoliday,
  calendarRange,
  freezesList,
  holidaysList,
  cancelTrain,
  moveTrain,
  planTrainsService,
  reinstateTrain,
  removeFreeze,
  removeHoliday,
  renameTrain,
  setTrainNotes,
  skipTrain,
  trainDetail,
  updateSettings,
} from './services/calendar';
import { auditList, planChangeMark, readUser, undoLast, updateUser } from './services/audit-trail';
import type { ServiceContext } from './services/context';
import { databaseBusy, isDatabaseBusy } from './db/busy';
import { checkDatabase } from './db/check';
import {
  publishFolder,
  readPublishStatus,
  recordPublishOutcome,
  renderExport,
  renderPublishedSet,
  setPublishFolder,
  writePublishedSet,
} from './services/export';
import {
  fairnessReport,
  getRolloutPlan,
  moveInPlan,
  planTrainRollout,
  prepareSimulation,
  updatePolicy,
} from './services/rollout';
import { createFeed, listFeeds, revokeFeed } from './services/feeds';
import { notificationSettings, takeNotifications, updateNotificationSettings } from './services/notifications';
import {
  blockDeploymentDates,
  createDeployment,
  exportFleetCsv,
  getDeployment,
  importFleetCsv,
  listFleet,
  reactivateDeployment,
  retireDeployment,
  unblockDeploymentDates,
  updateDeployment,
} from './services/fleet';
import { loadDemo } from './demo-seed';
import { readPolicy } from './services/rollout-planning';
import type { SimulationPool } from './workers/simulate-pool';
import { createSimulationRuns } from './workers/simulation-runs';
import { haltTrain, resumeTrain } from './services/halts';
import { listTrainGates, readGateDefaults, setGate, updateGateDefaults } from './services/gates';
import { keepLedgerCurrent, rebuildLedger } from './services/fairness-ledger';
import { kpisReport } from './services/kpis';
import { transitionPatchSteps, transitionSteps } from './services/steps';
import { deploymentHistory, fleetVersions, statusReport, todayBoard, trainTracking } from './services/tracking-views';
import { listTrainViews, readSettings } from './services/train-views';
import {
  addTeamUser,
  listTeamUsers,
  resetTeamUserPassword,
  setTeamUserDisabled,
  setTeamUserRole,
} from './services/team-accounts';

/**
 * What a handler answers when the long part of its work runs after its transaction, off the
 * request thread (a simulation): the dispatcher awaits it, so other calls are answered meanwhile.
 */
class AfterTransaction<R> {
  constructor(readonly run: (signal: AbortSignal | undefined) => Promise<R>) {}
}

type Handler<M extends MethodName> = (
  ctx: ServiceContext,
  input: ParsedInput<M>,
) => Result<M> | AfterTransaction<Result<M>>;
/** Every handler is synchronous: it runs inside the call's one better-sqlite3 transaction. */
type Handlers = { [M in MethodName]: Handler<M> };

/** The database file's backups, which the backend manages beside the file. */
export interface BackupHooks {
  list: () => DatabaseBackups;
  /** A backup now, asked for by someone. */
  take: () => DatabaseBackup;
  /** Puts the named backup in place of the database and reopens it. */
  restore: (name: string) => DatabaseRestore;
  /** Before a call that writes: the daily backup when due, the copy before an import; throws to refuse the call. */
  beforeChange: (method: MethodName) => void;
}

/** Methods that copy or replace the whole file: no transaction can hold them. */
const OUTSIDE_TRANSACTION: ReadonlySet<MethodName> = new Set(['database.backup', 'database.restore']);

export interface DispatcherOptions {
  /** The context of one call: reads get the read-only connection, writes the writing one. */
  context: (kind: MethodKind) => ServiceContext;
  info: Omit<AppInfo, 'actor'>;
  /** Backups of the database file; absent where there is no file to back up (tests of the dispatcher alone). */
  backups?: BackupHooks;
  /** Where unexpected errors go (stderr, a log file); their text never reaches the caller. */
  logError?: (method: string, err: unknown) => void;
  /** Where notices go that are not a call's answer (a publish that failed after a saved change). */
  log?: (message: string) => void;
  /** Runs a simulation the call has read what it needs for, off the request thread. */
  simulate: SimulationPool['run'];
}

/** What a transport knows of a call: whether its caller has gone, and who is calling. */
export interface CallOptions {
  /** Aborted when the caller has gone (the HTTP client disconnected). */
  signal?: AbortSignal;
  /**
   * The signed-in person on a team server: the method must be theirs to call (shared/method-roles.ts),
   * and the audit trail names them. Absent on the desktop app, browser mode and the CLI, which serve
   * the owner of the file.
   */
  user?: { name: string; role: Role };
  /** After a call that changed the plan has committed (a team server tells every open page). */
  onChanged?: (method: MethodName) => void;
}

export type Dispatch = (method: unknown, input: unknown, call?: CallOptions) => Promise<ApiResponse<unknown>>;

/** The refusal of a method the caller's role does not reach, saying which role does. */
function forbidden(method: MethodName, role: Role): ApiResponse<never> {
  const needed = METHOD_ROLES[method];
  return {
    ok: false,
    error: {
      code: 'forbidden',
      message: `As a ${ROLE_LABELS[role].toLowerCase()} you may not call ${method}: it needs the ${ROLE_LABELS[needed].toLowerCase()} role or above. Ask an admin of this team server.`,
    },
  };
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}

/**
 * The one entry point of the API for every transport (IPC, HTTP, CLI): it parses
 * `unknown` input with the contract's schema, runs the handler, and answers a
 * typed envelope. No stack trace or raw exception text crosses it.
 */
export function createDispatcher(options: DispatcherOptions): Dispatch {
  const log = options.log ?? ((message: string) => options.logError?.('publish', new Error(message)));
  const backups = (): BackupHooks => {
    if (!options.backups) throw new DomainError('rule_violation', 'This database has no backups.');
    return options.backups;
  };
  const simulations = createSimulationRuns(options.simulate);
  const handlers: Handlers = {
    'app.info': (ctx) => ({
      ...options.info,
      actor: ctx.actor,
      // Where the server keeps its file is the admin's business, not everyone's on a team server.
      ...(ctx.role !== undefined && ctx.role !== 'admin' ? { databasePath: 'kept by the team server' } : {}),
    }),
    'database.check': (ctx) => checkDatabase(ctx.db, options.info.databasePath),
    'database.backups': () => backups().list(),
    'database.backup': () => backups().take(),
    'database.restore': (_ctx, { backup }) => backups().restore(backup),
    'deployments.list': (ctx, q) => listFleet(ctx, q),
    'deployments.get': (ctx, { key }) => getDeployment(ctx, key),
    'deployments.create': (ctx, draft) => createDeployment(ctx, draft),
    'deployments.update': (ctx, { key, changes }) => updateDeployment(ctx, key, changes),
    'deployments.retire': (ctx, { key }) => retireDeployment(ctx, key),
    'deployments.reactivate': (ctx, { key }) => reactivateDeployment(ctx, key),
    'deployments.block': (ctx, { key, ...range }) => blockDeploymentDates(ctx, key, range),
    'deployments.unblock': (ctx, { key, id }) => unblockDeploymentDates(ctx, key, id),
    'deployments.importCsv': (ctx, { csv }) => importFleetCsv(ctx, csv),
    'deployments.exportCsv': (ctx, { status, bom }) => exportFleetCsv(ctx, status, bom),
    'fleet.loadDemo': (ctx) => loadDemo(ctx),
    'fleet.versions': (ctx) => fleetVersions(ctx),
    'calendar.range': (ctx, { from, to }) => calendarRange(ctx, from, to),
    'calendar.overview': (ctx, { from, to, trainId }) => {
      const range = calendarRange(ctx, from, to);
      const shown = range.trains.map((t) => t.id);
      return {
        trains: listTrainViews(ctx),
        range,
        detail: trainId === undefined ? null : trainDetail(ctx, trainId),
        tracking: statusReport(ctx, shown).trains,
        rolloutPlan: trainId === undefined ? null : getRolloutPlan(ctx, trainId),
      };
    },
    'trains.list': (ctx, { from, to }) => listTrainViews(ctx, from, to),
    'trains.get': (ctx, { id }) => trainDetail(ctx, id),
    'trains.plan': (ctx, req) => planTrainsService(ctx, req),
    'trains.move': (ctx, { id, start, shiftLater, expectedRevision }) =>
      moveTrain(ctx, id, start, shiftLater, expectedRevision),
    'trains.skip': (ctx, { id, reason }) => skipTrain(ctx, id, reason),
    'trains.cancel': (ctx, { id, reason }) => cancelTrain(ctx, id, reason),
    'trains.reinstate': (ctx, { id }) => reinstateTrain(ctx, id),
    'trains.rename': (ctx, { id, version, expectedRevision }) => renameTrain(ctx, id, version, expectedRevision),
    'trains.setNotes': (ctx, { id, notes, expectedRevision }) => setTrainNotes(ctx, id, notes, expectedRevision),
    'holidays.list': (ctx) => holidaysList(ctx),
    'holidays.add': (ctx, h) => addHoliday(ctx, h),
    'holidays.remove': (ctx, { date }) => removeHoliday(ctx, date),
    'freezes.list': (ctx) => freezesList(ctx),
    'freezes.add': (ctx, f) => addFreeze(ctx, f),
    'freezes.remove': (ctx, { id }) => removeFreeze(ctx, id),
    'settings.get': (ctx) => readSettings(ctx.db),
    'settings.update': (ctx, changes) => updateSettings(ctx, changes),
    'rollout.get': (ctx, { trainId }) => getRolloutPlan(ctx, trainId),
    'rollout.plan': (ctx, { trainId }) => planTrainRollout(ctx, trainId),
    'rollout.move': (ctx, { trainId, key, wave, reason, expectedRevision }) =>
      moveInPlan(ctx, trainId, key, wave, reason, expectedRevision),
    'fairness.report': (ctx, { last }) => fairnessReport(ctx, last),
    'fairness.rebuild': (ctx) => rebuildLedger(ctx.db, readPolicy(ctx)),
    'kpis.report': (ctx, range) => kpisReport(ctx, range),
    'simulate.run': (ctx, { runId, ...req }) => {
      const job = prepareSimulation(ctx, req);
      return new AfterTransaction((signal) => simulations.run(job, runId, signal));
    },
    'simulate.progress': (_ctx, { runId }) => simulations.progress(runId),
    'simulate.cancel': (_ctx, { runId }) => simulations.cancel(runId),
    'policy.get': (ctx) => readPolicy(ctx),
    'policy.update': (ctx, { policy, expectedRevision }) => updatePolicy(ctx, policy, expectedRevision),
    'gates.list': (ctx, { trainId }) => listTrainGates(ctx, trainId),
    'gates.set': (ctx, req) => setGate(ctx, req),
    'gates.defaults.get': (ctx) => readGateDefaults(ctx),
    'gates.defaults.update': (ctx, { policy }) => updateGateDefaults(ctx, policy),
    'steps.transition': (ctx, req) => transitionSteps(ctx, req),
    'patches.transition': (ctx, req) => transitionPatchSteps(ctx, req),
    'trains.halt': (ctx, req) => haltTrain(ctx, req),
    'trains.resume': (ctx, req) => resumeTrain(ctx, req),
    'status.get': (ctx, { trainId, trainIds }) => statusReport(ctx, trainId !== undefined ? [trainId] : trainIds),
    'today.board': (ctx) => todayBoard(ctx),
    'rollouts.overview': (ctx, { trainId, auditLimit }) => ({
      board: todayBoard(ctx),
      report: statusReport(ctx),
      train:
        trainId === undefined
          ? null
          : { tracking: trainTracking(ctx, trainId), audit: auditList(ctx, { trainId, limit: auditLimit }) },
    }),
    'deployments.history': (ctx, { key }) => deploymentHistory(ctx, key),
    'audit.list': (ctx, q) => auditList(ctx, q),
    'audit.undo': (ctx, { trainId }) => undoLast(ctx, trainId),
    'export.render': (ctx, req) => renderExport(ctx, req),
    'export.save': () => {
      throw new DomainError(
        'rule_violation',
        'Saving through a file dialog is only in the desktop app; here the export downloads instead.',
      );
    },
    'publish.get': (ctx) => readPublishStatus(ctx),
    // Publishing follows in afterCommit: a folder that cannot be written must not undo the setting.
    'publish.update': (ctx, { folder }) => {
      setPublishFolder(ctx, folder);
      return readPublishStatus(ctx);
    },
    'feeds.list': (ctx) => listFeeds(ctx),
    'feeds.create': (ctx, req) => createFeed(ctx, req),
    'feeds.revoke': (ctx, { id }) => revokeFeed(ctx, id),
    'notifications.settings.get': (ctx) => notificationSettings(ctx),
    'notifications.settings.update': (ctx, change) => updateNotificationSettings(ctx, change),
    'notifications.take': (ctx, { client }) => takeNotifications(ctx, client),
    'user.get': (ctx) => readUser(ctx),
    'user.update': (ctx, { userName }) => updateUser(ctx, userName),
    'users.list': (ctx) => listTeamUsers(ctx),
    'users.add': (ctx, input) => addTeamUser(ctx, input),
    'users.setRole': (ctx, { name, role }) => setTeamUserRole(ctx, name, role),
    'users.disable': (ctx, { name }) => setTeamUserDisabled(ctx, name, true),
    'users.enable': (ctx, { name }) => setTeamUserDisabled(ctx, name, false),
    'users.resetPassword': (ctx, { name, password }) => resetTeamUserPassword(ctx, name, password),
  };

  /**
   * After a change has committed: rewrites the published set when a folder is set. The set is
   * rendered in one transaction (one picture of the plan), the files written after it, and the
   * outcome recorded; a failure is recorded and logged, never thrown: the change is saved.
   */
  function publish(ctx: ServiceContext): void {
    const folder = publishFolder(ctx);
    if (!folder) return;
    let error: string | null = null;
    try {
      writePublishedSet(folder, ctx.db.transaction(() => renderPublishedSet(ctx)).immediate());
    } catch (err) {
      if (err instanceof DomainError) error = err.message;
      else {
        error = `Publishing to ${folder} failed unexpectedly; details are in the log.`;
        options.logError?.('publish', err);
      }
    }
    ctx.db.transaction(() => recordPublishOutcome(ctx, error)).immediate();
    if (error) log(`Publishing the plan failed (the change is saved): ${error}`);
  }

  /** Runs one call in the transaction its kind asks for; says whether it changed the plan (wrote audit events). */
  function run(method: MethodName, ctx: ServiceContext, input: unknown): { result: unknown; changed: boolean } {
    const handler = handlers[method] as (ctx: ServiceContext, input: unknown) => unknown;
    if (OUTSIDE_TRANSACTION.has(method)) return { result: handler(ctx, input), changed: method === 'database.restore' };
    if (contract[method].kind === 'read')
      return { result: ctx.db.transaction(() => handler(ctx, input)).deferred(), changed: false };
    return ctx.db
      .transaction(() => {
        const before = planChangeMark(ctx);
        const result = handler(ctx, input);
        // A train whose rollout this call started is read into the kept fairness accounts now, in
        // this transaction; accounts a change made stale are read again. A record (an export's
        // SEQUENCE numbers, a notification shown) changes no plan.
        if (contract[method].kind === 'write') keepLedgerCurrent(ctx.db);
        return { result, changed: planChangeMark(ctx) !== before };
      })
      .immediate();
  }

  return async (method, input, call) => {
    if (!isMethodName(method)) {
      return {
        ok: false,
        error: { code: 'unknown_method', message: `There is no API method named "${String(method)}".` },
      };
    }
    // A lone surrogate cannot be stored as UTF-8: it is made U+FFFD before anything reads the text.
    if (call?.user && !mayCall(call.user.role, method)) return forbidden(method, call.user.role);
    // A lone surrogate cannot be stored as UTF-8: it is made U+FFFD before anything reads the text.
    const parsed = contract[method].input.safeParse(wellFormed(input));
    if (!parsed.success) return invalidInput(method, parsed.error);
    try {
      const kind = contract[method].kind;
      let ctx = options.context(kind);
      if (call?.user) ctx = { ...ctx, actor: call.user.name, role: call.user.role };
      if (kind !== 'read') options.backups?.beforeChange(method);
      const { result: done, changed } = run(method, ctx, parsed.data);
      const result = done instanceof AfterTransaction ? await done.run(call?.signal) : done;
      // The restored file is open on new connections.
      if (method === 'database.restore') ctx = options.context(kind);
      // "Publish now": setting the folder it already has publishes again.
      if (method === 'publish.update' || (changed && kind === 'write')) {
        try {
          publish(ctx);
        } catch (err) {
          // The change is saved; a publish that fails even to record its failure must not report it lost.
          options.logError?.('publish', err);
        }
        if (method === 'publish.update') return { ok: true, result: readPublishStatus(ctx) };
      }
      if (changed && kind === 'write') call?.onChanged?.(method);
      return { ok: true, result };
    } catch (err) {
      if (err instanceof DomainError) {
        return {
          ok: false,
          error: {
            code: err.code,
            message: err.message,
            ...(err.fields ? { fields: err.fields } : {}),
            ...(err.hint ? { hint: err.hint } : {}),
          },
        };
      }
      if (isDatabaseBusy(err)) return { ok: false, error: databaseBusy(options.info.databasePath) };
      options.logError?.(method, err);
      return {
        ok: false,
        error: {
          code: 'internal',
          message: `${method} failed unexpectedly; nothing was changed. Details are in the log.`,
        },
      };
    }
  };
}
