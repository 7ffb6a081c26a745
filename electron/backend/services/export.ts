import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import type { ExportFile, PublishStatus } from '../../../shared/contract';
import { formatRange } from '../../../shared/days';
import { DomainError } from '../../../shared/errors';
import { type ExportOptions, FORMAT_INFO, type RenderFormat, exportFileName } from '../../../shared/export/formats';
import { toAtom } from '../../../shared/export/atom';
import { toPrintableHtml } from '../../../shared/export/html';
import { eventsFor, toIcs } from '../../../shared/export/ics';
import { toJson } from '../../../shared/export/json';
import { trainMarkdown } from '../../../shared/export/markdown';
import { type ExportSelection, type ExportSnapshot, selectSnapshot } from '../../../shared/export/snapshot';
import { waveIndexes } from '../../../shared/rollout-steps';
import { describeFsError, writeFileAtomic } from '../export/atomic-write';
import { scheduleToCsv } from '../export/csv';
import { PRODUCT_NAME } from '../paths';
import { lastNotesChanges } from '../repositories/audit';
import { listDeployments } from '../repositories/deployments';
import { sequencesOf } from '../repositories/export-sequences';
import { listPatchSteps, listPatches } from '../repositories/patches';
import { listPlanWaves } from '../repositories/rollout-plans';
import { readSetting, writeSetting } from '../repositories/settings';
import { listGateStates, listHalts, listStartedSteps } from '../repositories/tracking';
import { type ServiceContext, audit } from './context';
import { kpisOfTrains } from './kpis';
import { listTrainViews } from './train-views';

// Exports of the plan: one snapshot (the dispatcher runs each call in one transaction),
// rendered by the pure exporters (shared/export). iCalendar keeps a SEQUENCE per event
// UID in the same transaction, so the export that raises it is the one that wrote it.
// The publish folder rewrites the plan's ICS, CSV, JSON and release-notes feed after every change.

export interface ExportRequest {
  selection: ExportSelection;
  format: RenderFormat;
  options: ExportOptions;
}

/**
 * The whole plan as the exporters read it; inside the call's transaction, every part is of one
 * moment. It says it was generated now, or at `generatedAt` (a feed: when the plan last changed).
 */
function takeSnapshot(ctx: ServiceContext, generatedAt = ctx.now().toISOString()): ExportSnapshot {
  const trains = listTrainViews(ctx);
  const ids = trains.map((t) => t.id);
  const waves = listPlanWaves(ctx.db, ids);
  const plans = trains.flatMap((t) => {
    const own = waves.get(t.id);
    return own ? [{ trainId: t.id, waves: own }] : [];
  });
  const gates = [...listGateStates(ctx.db, ids).entries()].flatMap(([trainId, list]) =>
    list.map((g) => ({ trainId, name: g.name, state: g.state })),
  );
  const halts = [...listHalts(ctx.db, ids).values()].flat();
  const patches = listPatches(ctx.db, ids);
  const patchSteps = listPatchSteps(
    ctx.db,
    patches.map((p) => p.id),
  );
  return {
    generatedAt,
    calendarName: PRODUCT_NAME,
    // Every deployment, retired ones included: old plans still name them.
    deployments: listDeployments(ctx.db),
    trains,
    plans,
    // Only the steps that have left pending: the exporters take a step they are not given for pending.
    steps: listStartedSteps(ctx.db, ids).map(({ finishedAt, ...s }) =>
      finishedAt === null ? s : { ...s, finishedAt },
    ),
    gates,
    halts: halts.map((h) => ({
      id: h.id,
      trainId: h.trainId,
      reason: h.reason,
      reference: h.reference,
      from: ctx.dayOf(new Date(h.haltedAt)),
      to: h.resumedAt === null ? null : ctx.dayOf(new Date(h.resumedAt)),
      fixVersion: h.fixVersion,
    })),
    patches: patches.map((p) => {
      const steps = patchSteps.filter((s) => s.patchId === p.id);
      const waves = waveIndexes(steps);
      return {
        id: p.id,
        trainId: p.trainId,
        version: p.version,
        broken: p.broken,
        reason: p.reason,
        reference: p.reference,
        waves: waves.map((index) => {
          const inWave = steps.filter((s) => s.wave === index);
          return { index, date: inWave[0]!.date, steps: inWave.map((s) => ({ key: s.key, state: s.state })) };
        }),
      };
    }),
    notesChanges: [...lastNotesChanges(ctx.db, ids)].map(([trainId, at]) => ({ trainId, at })),
  };
}

/** "the range 1 Feb – 31 Mar 2027", "us-east-3": what a refusal calls a selection. */
function describeSelection(snapshot: ExportSnapshot, selection: ExportSelection): string {
  switch (selection.kind) {
    case 'all':
      return 'the plan';
    case 'train':
      return snapshot.trains.find((t) => t.id === selection.trainId)?.version ?? `train ${selection.trainId}`;
    case 'deployment':
      return selection.key;
    case 'range':
      return `the range ${formatRange(selection.from, selection.to)}`;
  }
}

/** Release health of the selection's trains that have started (the JSON section, the schedule's last sheets). */
function kpisOfSelection(ctx: ServiceContext, snapshot: ExportSnapshot, selection: ExportSelection) {
  return kpisOfTrains(ctx, selectSnapshot(snapshot, selection).trains);
}

function render(ctx: ServiceContext, snapshot: ExportSnapshot, request: ExportRequest): string {
  const { selection, format, options } = request;
  switch (format) {
    case 'ics': {
      const events = eventsFor(snapshot, selection);
      // RFC 5545 wants at least one component in a calendar, and some clients refuse an empty one.
      if (events.length === 0) {
        const what = describeSelection(snapshot, selection);
        throw new DomainError(
          'rule_violation',
          selection.kind === 'deployment'
            ? `${what} is in no rollout plan yet, so its calendar would be empty; plan a train's rollout first.`
            : `${what[0]!.toUpperCase()}${what.slice(1)} holds no trains, so the calendar would be empty; choose another selection.`,
        );
      }
      const uids = events.map((e) => e.uid);
      return toIcs(snapshot, selection, { sequenceOf: sequencesOf(ctx.db, uids) }, events);
    }
    case 'csv':
      return scheduleToCsv(snapshot, selection, { bom: options.bom });
    case 'json':
      return toJson(snapshot, selection, kpisOfSelection(ctx, snapshot, selection));
    case 'md':
      if (selection.kind !== 'train')
        throw new DomainError('rule_violation', 'A Markdown summary covers one train: choose the train to summarise.');
      return trainMarkdown(snapshot, selection.trainId);
    case 'html':
      return toPrintableHtml(snapshot, selection, {
        paper: options.paper,
        // The quarterly schedule (everything, or a range of days) ends with the release health of its trains.
        ...(selection.kind === 'all' || selection.kind === 'range'
          ? { kpis: kpisOfSelection(ctx, snapshot, selection) }
          : {}),
      });
    case 'atom':
      return toAtom(snapshot, selection);
  }
}

/** Renders one export of the plan as it is now (iCalendar raises the sequences of the events that changed). */
export function renderExport(ctx: ServiceContext, request: ExportRequest): ExportFile {
  const snapshot = takeSnapshot(ctx);
  // Refuses an unknown train or deployment before anything is rendered.
  const selected = selectSnapshot(snapshot, request.selection);
  const version = request.selection.kind === 'train' ? selected.trains[0]?.version : undefined;
  return {
    fileName: exportFileName(request.format, request.selection, version),
    mimeType: FORMAT_INFO[request.format].mimeType,
    content: render(ctx, snapshot, request),
  };
}

// ----- subscribable feeds -----

/** What a subscribable feed holds: the whole plan, or one deployment's releases. */
export type FeedSelection = { kind: 'all' } | { kind: 'deployment'; key: string };

/**
 * A subscribable feed's document (docs/team-mode.md): the export of the selection in iCalendar or
 * Atom, rendered by the same exporters as a download and the publish folder, with two differences.
 * It says it was generated at `generatedAt` (when the plan last changed: the iCalendar DTSTAMP), so
 * an unchanged plan gives the same bytes and the same ETag; and a calendar with no events is
 * served empty rather than refused, since a subscription must keep working while a deployment is
 * in no plan yet. SEQUENCEs come from the one store every export shares (`export_sequences`): the
 * first export of any kind to see an event changed raises it, and every other one, feeds
 * included, then says the same number (`record: false`, on a read-only file: the number the store
 * would give, written nowhere). Throws not_found for a deployment the fleet does not know.
 */
export function renderFeedDocument(
  ctx: ServiceContext,
  selection: FeedSelection,
  format: 'ics' | 'atom',
  generatedAt: string,
  options: { record: boolean } = { record: true },
): ExportFile {
  const snapshot = takeSnapshot(ctx, generatedAt);
  selectSnapshot(snapshot, selection);
  let content: string;
  if (format === 'atom') content = toAtom(snapshot, selection);
  else {
    const events = eventsFor(snapshot, selection);
    const uids = events.map((e) => e.uid);
    content = toIcs(snapshot, selection, { sequenceOf: sequencesOf(ctx.db, uids, options) }, events);
  }
  return { fileName: exportFileName(format, selection), mimeType: FORMAT_INFO[format].mimeType, content };
}

// ----- the publish folder -----
// The dispatcher publishes after a change has committed, in three steps, so that a folder
// that cannot be written never undoes the change: render the set (one transaction, one
// picture of the plan), write the files, record the outcome (publish-after-commit.ts).

const PUBLISH_FOLDER_KEY = 'publish_folder';
const PUBLISH_STATE_KEY = 'publish_state';
const publishFolderSchema = z.string().min(1).nullable();
const publishStateSchema = z.object({
  lastPublishedAt: z.string().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.string().nullable(),
});
type PublishState = z.output<typeof publishStateSchema>;
const NEVER: PublishState = { lastPublishedAt: null, lastError: null, lastErrorAt: null };

/**
 * The set a publish folder holds: the whole plan as a calendar feed, the rollout schedule, the JSON
 * document, and the release notes of the released trains as an Atom feed.
 */
const PUBLISHED: readonly RenderFormat[] = ['ics', 'csv', 'json', 'atom'];
const PUBLISHED_FILES = PUBLISHED.map((f) => exportFileName(f, { kind: 'all' }));

export function readPublishStatus(ctx: ServiceContext): PublishStatus {
  return {
    folder: publishFolder(ctx),
    files: [...PUBLISHED_FILES],
    ...readSetting(ctx.db, PUBLISH_STATE_KEY, publishStateSchema, NEVER),
  };
}

/** The folder the plan is published to, or null when publishing is off. */
export function publishFolder(ctx: ServiceContext): string | null {
  return readSetting(ctx.db, PUBLISH_FOLDER_KEY, publishFolderSchema, null);
}

/** The message says what is wrong with the folder; the one field it is about is obvious to every caller. */
function checkFolder(folder: string): void {
  if (!path.isAbsolute(folder))
    throw new DomainError(
      'invalid_input',
      `Give the publish folder as a full path (for example /home/me/Shared/releases), not "${folder}".`,
    );
  let stat: fs.Stats;
  try {
    stat = fs.statSync(folder);
  } catch {
    throw new DomainError('invalid_input', `${folder} does not exist; create the folder first, or choose another.`);
  }
  if (!stat.isDirectory())
    throw new DomainError('invalid_input', `${folder} is a file, not a folder; choose a folder.`);
}

export interface PublishedFile {
  name: string;
  content: string;
}

/** The published set, rendered from one snapshot; refused while no train is planned. */
export function renderPublishedSet(ctx: ServiceContext): PublishedFile[] {
  const snapshot = takeSnapshot(ctx);
  if (snapshot.trains.length === 0)
    throw new DomainError(
      'rule_violation',
      'No trains are planned yet, so there is nothing to publish; the files appear after the first train is planned.',
    );
  return PUBLISHED.map((format) => ({
    name: exportFileName(format, { kind: 'all' }),
    content: render(ctx, snapshot, { selection: { kind: 'all' }, format, options: { bom: false, paper: 'a4' } }),
  }));
}

/** Writes each file atomically; the message of a failure is for Settings and the log. */
export function writePublishedSet(folder: string, files: readonly PublishedFile[]): void {
  for (const file of files) {
    try {
      writeFileAtomic(path.join(folder, file.name), file.content);
    } catch (err) {
      throw new DomainError('rule_violation', `Cannot write ${file.name} in ${folder}: ${describeFsError(err)}.`);
    }
  }
}

/** Records how the last publish went (null: it succeeded), for Settings. */
export function recordPublishOutcome(ctx: ServiceContext, error: string | null): void {
  const at = ctx.now().toISOString();
  const before = readSetting(ctx.db, PUBLISH_STATE_KEY, publishStateSchema, NEVER);
  const state: PublishState = error
    ? { ...before, lastError: error, lastErrorAt: at }
    : { lastPublishedAt: at, lastError: null, lastErrorAt: null };
  writeSetting(ctx.db, PUBLISH_STATE_KEY, state);
}

/**
 * Sets (or, with null, clears) the publish folder, audited. The dispatcher then publishes to
 * it at once; setting the folder it already has publishes again: "publish now".
 */
export function setPublishFolder(ctx: ServiceContext, folder: string | null): void {
  if (folder !== null) checkFolder(folder);
  const before = publishFolder(ctx);
  if (before === folder) return;
  writeSetting(ctx.db, PUBLISH_FOLDER_KEY, folder);
  // A new folder starts with a clean record.
  writeSetting(ctx.db, PUBLISH_STATE_KEY, NEVER);
  audit(ctx, {
    action: 'settings.update',
    entityType: 'settings',
    entityKey: PUBLISH_FOLDER_KEY,
    summary: folder ? `Publishing the plan to ${folder}` : 'Stopped publishing the plan',
    before,
    after: folder,
  });
}
