import fs from 'node:fs';
import path from 'node:path';
import type { AuditEntry, Input, TrainTracking } from '../../shared/contract';
import { formatDay } from '../../shared/days';
import { GATE_ACTIONS, type GateAction, formatInstant } from '../../shared/gates';
import { DEFAULT_PATCH_BAKE_HOURS } from '../../shared/patches';
import { HALT_SEVERITIES, STEP_ACTIONS, STEP_VERB, type StepAction } from '../../shared/rollout-steps';
import {
  type Command,
  type CommandArgs,
  CommandError,
  argumentCommand,
  UsageError,
  table,
  tableOrNone,
  stringOptions,
} from './command';
import { resolveTrain } from './calendar-commands';

// Rollout tracking from scripts and CI: gates, steps, halts, status, the audit
// trail and undo. Every refusal exits 1 with the reason on stderr, and nothing
// changes (the backend refuses before it writes).

const words = (s: string) => s.replace(/_/g, ' ');

async function trainId(a: CommandArgs): Promise<number> {
  if (typeof a.values.train !== 'string') throw new UsageError('Give the train with --train VERSION (or its id).');
  return (await resolveTrain(a, a.values.train)).id;
}

/** An optional --train, as the input field it fills (none without it). */
async function optionalTrain(a: CommandArgs): Promise<{ trainId?: number }> {
  return typeof a.values.train === 'string' ? { trainId: await trainId(a) } : {};
}

function keysFlag(flag: string, text: unknown): string[] | undefined {
  if (text === undefined) return undefined;
  const keys = String(text)
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (keys.length === 0)
    throw new UsageError(`${flag} needs at least one deployment key, e.g. ${flag} us-east-1,eu-west-2.`);
  return keys;
}

function waveFlag(text: unknown): number | undefined {
  if (text === undefined) return undefined;
  if (typeof text !== 'string' || !/^\d+$/.test(text))
    throw new UsageError(`--wave must be a whole number (0 is the internal deployment), not "${String(text)}".`);
  return Number(text);
}

const STATE_MARK: Record<string, string> = {
  pending: '·',
  in_progress: '…',
  released: '✓',
  failed: '✗',
  rolled_back: '↺',
  skipped: '–',
  passed: '✓',
  waived: '~',
};

/** "a, b, c and 4 more": a long list of keys kept to one readable line. */
function someKeys(keys: readonly string[], shown = 5): string {
  return keys.length <= shown ? keys.join(', ') : `${keys.slice(0, shown).join(', ')} and ${keys.length - shown} more`;
}

/**
 * A train's tracking as people read it in a terminal. `full` (the status command) lists every
 * deployment; after an action the summary gives each wave on one line with its counts by state.
 */
function describeTrain(t: TrainTracking, full = true): string {
  const lines = [
    `${t.version} — ${words(t.status)}${t.status !== t.calendarStatus ? ` (calendar: ${words(t.calendarStatus)})` : ''} · ${t.progress.released}/${t.progress.total} released${t.progress.skipped ? `, ${t.progress.skipped} skipped` : ''}`,
  ];
  if (!t.planned) {
    lines.push(`  No rollout plan yet: run "rollout plan --train ${t.version}".`);
    return lines.join('\n');
  }
  if (t.halt)
    lines.push(
      `  HALTED in wave ${t.halt.haltedWave} since ${formatInstant(t.halt.haltedAt)} by ${t.halt.haltedBy}: ${t.halt.reason} (${t.halt.reference}, ${t.halt.severity}); reached ${t.halt.deployments.join(', ')}`,
    );
  for (const h of t.halts.filter((x) => x.resumedAt !== null))
    lines.push(`  Halted ${formatInstant(h.haltedAt)}: ${h.reason} (${h.reference}); resumed with ${h.fixVersion}`);
  lines.push(
    `  Gates: ${t.gates.map((g) => `${STATE_MARK[g.state] ?? '?'} ${g.name}${g.required ? '' : ' (optional)'} [${g.state}]`).join(', ')}`,
  );
  lines.push(...waveLines(t.waves, full, '  '));
  for (const p of t.patches) {
    lines.push(
      `  Patch ${p.version} (replaces ${p.broken}: ${p.reason}, ${p.reference}) — ${words(p.status)} · ${p.progress.released}/${p.progress.total} released${p.progress.skipped ? `, ${p.progress.skipped} skipped` : ''} · bakes ${p.bakeHours} h on the internal deployment`,
    );
    if (p.status !== 'completed' || full) lines.push(...waveLines(p.waves, full, '    '));
  }
  return lines.join('\n');
}

/** The waves of a train or a patch, indented; the summary names only the first wave's next action. */
function waveLines(waves: TrainTracking['waves'], full: boolean, indent: string): string[] {
  const lines: string[] = [];
  let nextShown = false;
  for (const w of waves) {
    lines.push(
      `${indent}Wave ${w.index} · ${formatDay(w.date, { weekday: true })} · ${w.progress.released}/${w.progress.total} released`,
    );
    if (full)
      for (const s of w.steps)
        lines.push(
          `${indent}  ${STATE_MARK[s.state]} ${s.key.padEnd(18)} ${words(s.state)}${s.reason ? ` — ${s.reason}` : ''}`,
        );
    else {
      const counts = new Map<string, number>();
      for (const s of w.steps) if (s.state !== 'released') counts.set(s.state, (counts.get(s.state) ?? 0) + 1);
      if (counts.size > 0)
        lines[lines.length - 1] += ` · ${[...counts].map(([state, n]) => `${n} ${words(state)}`).join(', ')}`;
    }
    // The summary names only the first wave's next action: later waves mostly repeat its refusal.
    if (w.next && (full || !nextShown)) {
      nextShown = true;
      lines.push(
        `${indent}  next: ${w.next.action} ${full ? w.next.keys.join(', ') : someKeys(w.next.keys)}${w.next.refusal ? ` — blocked: ${w.next.refusal}` : ''}`,
      );
    }
  }
  return lines;
}

function printTracking(a: CommandArgs, t: TrainTracking, done: string): void {
  a.print(t, () => `${done}\n\n${describeTrain(t, false)}\n\nEvery deployment: "status --train ${t.version}".`);
}

function gateCommand(action: GateAction): Command {
  return {
    usage: `gates ${action} --train TRAIN --gate KEY${action === 'waive' ? ' --reason TEXT' : ' [--reason TEXT]'}${action === 'reset' ? '' : ' [--evidence URL]'}`,
    help: `  --train TRAIN    version or id\n  --gate KEY       the gate (see "gates list")\n  --reason TEXT    why${action === 'waive' ? ' (required)' : ''}\n  --evidence URL   an http(s) link to the test run or dashboard`,
    options: stringOptions('train', 'gate', 'reason', 'evidence'),
    async run(a) {
      if (typeof a.values.gate !== 'string') throw new UsageError('Give the gate with --gate KEY (see "gates list").');
      const t = await a.call('gates.set', {
        trainId: await trainId(a),
        key: a.values.gate,
        action,
        ...(a.values.reason !== undefined ? { reason: String(a.values.reason) } : {}),
        ...(a.values.evidence !== undefined ? { evidenceUrl: String(a.values.evidence) } : {}),
      });
      const gate = t.gates.find((g) => g.key === a.values.gate)!;
      printTracking(a, t, `The gate "${gate.name}" of ${t.version} is ${gate.state}.`);
    },
  };
}

/**
 * `rollout <action>` moves a train's steps; `patch <action>` those of a patch of the train (its
 * latest, or the one `--patch VERSION` names).
 */
function stepCommand(action: StepAction, of: 'rollout' | 'patch'): Command {
  const needsReason = action === 'fail' || action === 'rollback' || action === 'skip';
  const patchFlag = of === 'patch' ? ' [--patch VERSION]' : '';
  return {
    usage: `${of} ${action} --train TRAIN${patchFlag} (--deployment KEYS | --wave N)${needsReason ? ' --reason TEXT' : ''}${action === 'start' ? ' [--override-bake REASON]' : ''}`,
    help: `  --train TRAIN           version or id${of === 'patch' ? "\n  --patch VERSION         the patch (default: the train's latest)" : ''}
  --deployment KEYS       comma-separated deployment keys (all or nothing)
  --wave N                every step of wave N the action applies to (0 = internal)${needsReason ? '\n  --reason TEXT           why (required)' : ''}${action === 'start' ? '\n  --override-bake REASON  start although the previous wave is still baking' : ''}`,
    options: stringOptions(
      'train',
      'deployment',
      'wave',
      'reason',
      ...(of === 'patch' ? ['patch'] : []),
      ...(action === 'start' ? ['override-bake'] : []),
    ),
    async run(a) {
      const keys = keysFlag('--deployment', a.values.deployment);
      const wave = waveFlag(a.values.wave);
      if ((keys === undefined) === (wave === undefined))
        throw new UsageError('Give either --deployment KEYS or --wave N (not both).');
      const batch = {
        action,
        ...(keys ? { keys } : { wave }),
        ...(a.values.reason !== undefined ? { reason: String(a.values.reason) } : {}),
        ...(a.values['override-bake'] !== undefined ? { bakeOverride: String(a.values['override-bake']) } : {}),
      };
      const what = keys ? keys.join(', ') : `wave ${wave}`;
      if (of === 'rollout') {
        const t = await a.call('steps.transition', {
          trainId: await trainId(a),
          ...batch,
        } as Input<'steps.transition'>);
        printTracking(a, t, `${STEP_VERB[action]} ${what} of ${t.version}.`);
        return;
      }
      const patch = await patchOf(a, await trainId(a));
      const t = await a.call('patches.transition', { patchId: patch.id, ...batch } as Input<'patches.transition'>);
      printTracking(a, t, `${STEP_VERB[action]} ${what} of the patch ${patch.version} of ${t.version}.`);
    },
  };
}

/** The train's patch that `--patch VERSION` names, else its latest. */
async function patchOf(a: CommandArgs, id: number): Promise<TrainTracking['patches'][number]> {
  const t = (await a.call('status.get', { trainId: id })).trains[0]!;
  if (t.patches.length === 0)
    throw new CommandError(
      `${t.version} has no patch: a patch is made when a halted train is resumed with a fix that some deployments still lack.`,
    );
  if (typeof a.values.patch !== 'string') return t.patches.at(-1)!;
  const named = t.patches.find((p) => p.version === a.values.patch);
  if (!named)
    throw new UsageError(
      `${t.version} has no patch ${String(a.values.patch)}; its patches are ${t.patches.map((p) => p.version).join(', ')}.`,
    );
  return named;
}

function auditTable(list: AuditEntry[]): string {
  return table([
    ['ID', 'AT (UTC)', 'ACTOR', 'ACTION', 'SUMMARY'],
    ...list.map((e) => [
      String(e.id),
      e.at.slice(0, 16).replace('T', ' '),
      e.actor,
      e.action,
      `${e.summary}${e.undoneBy !== null ? ` [undone by #${e.undoneBy}]` : ''}`,
    ]),
  ]);
}

export const TRACKING_COMMANDS: Record<string, Command> = {
  'fleet versions': {
    usage: 'fleet versions [--broken]',
    help: '  --broken   only the deployments that still run a version a regression reached',
    options: { broken: { type: 'boolean' } },
    async run(a) {
      const all = (await a.call('fleet.versions', {})).deployments;
      const shown = a.values.broken ? all.filter((d) => d.broken) : all;
      a.print(shown, () =>
        tableOrNone(
          a.values.broken ? 'No deployment runs a version a regression was found in.' : 'The fleet is empty.',
          ['KEY', 'VERSION', 'TRAIN', 'RELEASED', 'NOTE'],
          shown.map((d) => [
            d.key,
            d.version ?? '—',
            d.train ?? '—',
            d.releasedAt ? d.releasedAt.slice(0, 16).replace('T', ' ') : '—',
            d.broken
              ? `regression: ${d.broken.reason} (${d.broken.reference}); ${d.broken.fix ? `needs ${d.broken.fix}` : 'no fix yet'}${d.patch ? ` (patch wave ${d.patch.wave}, ${formatDay(d.patch.date, { weekday: true })}: ${words(d.patch.state)})` : ''}`
              : d.status === 'retired'
                ? 'retired'
                : '',
          ]),
        ),
      );
    },
  },
  'gates list': {
    usage: 'gates list --train TRAIN',
    help: '  --train TRAIN   version or id',
    options: { train: { type: 'string' } },
    async run(a) {
      const gates = await a.call('gates.list', { trainId: await trainId(a) });
      a.print(gates, () =>
        tableOrNone(
          `${a.values.train} has no gates yet: they come with its rollout plan ("rollout plan").`,
          ['KEY', 'NAME', 'REQUIRED', 'STATE', 'BY', 'AT (UTC)', 'REASON / EVIDENCE'],
          gates.map((g) => [
            g.key,
            g.name,
            g.required ? 'yes' : 'no',
            g.state,
            g.updatedBy,
            g.updatedAt.slice(0, 16).replace('T', ' '),
            [g.reason, g.evidenceUrl].filter(Boolean).join(' ') || '-',
          ]),
        ),
      );
    },
  },
  ...Object.fromEntries(GATE_ACTIONS.map((action) => [`gates ${action}`, gateCommand(action)])),
  'gates defaults': {
    usage: 'gates defaults [--file POLICY.json]',
    help: '  --file FILE   the gate policy as JSON (start from "gates defaults --json"); trains already planned keep their gates',
    options: { file: { type: 'string' } },
    async run(a) {
      if (typeof a.values.file === 'string') {
        const full = path.resolve(a.io.cwd, a.values.file);
        let policy: unknown;
        try {
          policy = JSON.parse(fs.readFileSync(full, 'utf8')) as unknown;
        } catch {
          throw new CommandError(
            `Cannot read a JSON gate policy from ${full}; check the path and the JSON.`,
            'invalid_input',
          );
        }
        const saved = await a.call('gates.defaults.update', { policy } as Input<'gates.defaults.update'>);
        a.print(saved, () => 'Saved the default gates.');
        return;
      }
      const p = await a.call('gates.defaults.get', {});
      a.print(p, () =>
        [
          ...p.gates.map(
            (g) =>
              `${g.key.padEnd(20)} ${g.name}${g.required ? '' : ' (optional)'}${g.kind === 'internal_bake' ? ` — internal deployment bakes ${g.bakeHours} h` : ''}`,
          ),
          '',
          `Resuming a halted train ${p.freshInternalBakeOnResume ? 'needs' : 'does not need'} a fresh pass of the internal bake gate.`,
        ].join('\n'),
      );
    },
  },
  ...Object.fromEntries(STEP_ACTIONS.map((action) => [`rollout ${action}`, stepCommand(action, 'rollout')])),
  ...Object.fromEntries(STEP_ACTIONS.map((action) => [`patch ${action}`, stepCommand(action, 'patch')])),
  halt: {
    usage: 'halt --train TRAIN --reason TEXT --reference REF [--severity S] [--deployments KEYS]',
    help: `  --train TRAIN         version or id
  --reason TEXT         what went wrong
  --reference REF       the regression's incident or ticket id, or a link
  --severity S          ${HALT_SEVERITIES.join(' | ')} (default high)
  --deployments KEYS    the deployments it reached (default: those released or in progress in this train)`,
    options: stringOptions('train', 'reason', 'reference', 'severity', 'deployments'),
    async run(a) {
      const deployments = keysFlag('--deployments', a.values.deployments);
      const t = await a.call('trains.halt', {
        trainId: await trainId(a),
        reason: String(a.values.reason ?? ''),
        reference: String(a.values.reference ?? ''),
        ...(a.values.severity !== undefined ? { severity: a.values.severity } : {}),
        ...(deployments ? { deployments } : {}),
      } as Input<'trains.halt'>);
      printTracking(a, t, `Halted ${t.version}: no step may start until it is resumed with the fix.`);
    },
  },
  resume: {
    usage: 'resume --train TRAIN --fix VERSION [--patch-bake-hours N]',
    help: `  --train TRAIN           version or id
  --fix VERSION           the version that carries the fix (e.g. 2027.03.1)
  --patch-bake-hours N    hours the patch bakes on the internal deployment before customers (default ${DEFAULT_PATCH_BAKE_HOURS})`,
    options: stringOptions('train', 'fix', 'patch-bake-hours'),
    async run(a) {
      const hours = a.values['patch-bake-hours'];
      if (hours !== undefined && (typeof hours !== 'string' || !/^\d+$/.test(hours)))
        throw new UsageError(`--patch-bake-hours must be a whole number of hours, not "${String(hours)}".`);
      const t = await a.call('trains.resume', {
        trainId: await trainId(a),
        fixVersion: String(a.values.fix ?? ''),
        ...(hours !== undefined ? { patchBakeHours: Number(hours) } : {}),
      } as Input<'trains.resume'>);
      const halt = t.halts.at(-1)!;
      const patch = t.patches.find((p) => p.haltId === halt.id);
      const patchLine = patch
        ? ` The patch ${patch.version} goes to ${patch.progress.total} deployment${patch.progress.total === 1 ? '' : 's'} still on ${patch.broken}: "patch start --train ${t.version} --wave ${patch.waves[0]!.index}".`
        : ' No deployment was released with the broken version, so no patch is needed.';
      printTracking(a, t, `Resumed ${t.version}; the rollout continues from wave ${halt.haltedWave}.${patchLine}`);
    },
  },
  status: {
    usage: 'status [--train TRAIN]',
    help: '  --train TRAIN   only this train (version or id)',
    options: { train: { type: 'string' } },
    async run(a) {
      const r = await a.call('status.get', await optionalTrain(a));
      a.print(r, () =>
        r.trains.length === 0
          ? `No train is in flight on ${formatDay(r.today, { weekday: true })}.`
          : r.trains.map((t) => describeTrain(t)).join('\n\n'),
      );
    },
  },
  today: {
    usage: 'today',
    async run(a) {
      const b = await a.call('today.board', {});
      a.print(b, () => [
        tableOrNone(
          `Nothing to do on ${formatDay(b.today, { weekday: true })}.`,
          ['TRAIN', 'WAVE', 'DAY', 'WHAT', 'WHY'],
          b.rows.map((r) => [
            r.patchId === null ? r.version : `${r.version} (patch)`,
            String(r.wave),
            r.date,
            words(r.kind),
            r.reason,
          ]),
        ),
        // What the app notifies today (the kinds turned on in Settings), as the notifications read.
        ...(b.notifications.length > 0
          ? [['', 'Notifications today:', ...b.notifications.map((n) => `  ${n.title}: ${n.body}`)].join('\n')]
          : []),
      ]);
    },
  },
  'deployments history': argumentCommand({
    usage: 'deployments history KEY',
    method: 'deployments.history',
    input: (key) => ({ key }),
    describe: (h) =>
      tableOrNone(
        `${h.key} is in no rollout plan yet.`,
        ['TRAIN', 'WAVE', 'DAY', 'STATE', 'REASON', 'REGRESSIONS'],
        h.trains.map((t) => [
          t.version,
          String(t.wave),
          t.date,
          words(t.state),
          t.reason ?? '-',
          t.regressions.map((r) => r.reference).join(', ') || '-',
        ]),
      ),
  }),
  audit: {
    usage: 'audit [--train TRAIN | --deployment KEY] [--limit N]',
    help: '  --train TRAIN      only events of this train\n  --deployment KEY   only events that name this deployment\n  --limit N          at most N events (default 500)',
    options: stringOptions('train', 'deployment', 'limit'),
    async run(a) {
      if (typeof a.values.train === 'string' && typeof a.values.deployment === 'string')
        throw new UsageError('Give either --train or --deployment, not both.');
      const limit = a.values.limit;
      if (limit !== undefined && (typeof limit !== 'string' || !/^\d+$/.test(limit)))
        throw new UsageError(`--limit must be a whole number, not "${String(limit)}".`);
      const list = await a.call('audit.list', {
        ...(await optionalTrain(a)),
        ...(typeof a.values.deployment === 'string' ? { key: a.values.deployment } : {}),
        ...(limit !== undefined ? { limit: Number(limit) } : {}),
      });
      a.print(list, () => (list.length === 0 ? 'No events.' : auditTable(list)));
    },
  },
  undo: {
    usage: 'undo [--train TRAIN]',
    help: '  --train TRAIN   the last such action of this train (default: of any train)',
    options: { train: { type: 'string' } },
    async run(a) {
      const r = await a.call('audit.undo', await optionalTrain(a));
      a.print(r, () => `${r.undo.summary} (event #${r.undone.id}, undone by #${r.undo.id}).`);
    },
  },
  user: {
    usage: 'user [--name NAME | --clear]',
    help: '  --name NAME   record changes as NAME\n  --clear       go back to the OS user name\n  (--actor NAME on any command overrides it for that command)',
    options: { name: { type: 'string' }, clear: { type: 'boolean' } },
    async run(a) {
      if (a.values.name !== undefined && a.values.clear)
        throw new UsageError('Give either --name or --clear, not both.');
      const u =
        a.values.name !== undefined || a.values.clear
          ? await a.call('user.update', { userName: a.values.clear ? null : String(a.values.name) })
          : await a.call('user.get', {});
      a.print(
        u,
        () =>
          `Changes are recorded as ${u.actor}${u.userName ? '' : ` (the OS user name; set one with "user --name NAME")`}.`,
      );
    },
  },
};
