import type { Command } from './command';

// Every command of the CLI: the one line --help gives it, and the module that defines it. This
// list is all the CLI loads to start. A command's module is loaded when it runs or shows its help,
// and the backend (with zod and SQLite) only when it calls the API, so that `--help` or a read
// command does not pay for the other commands. test/unit/cli-command-index.test.ts keeps this list
// and the modules in step.

export interface CommandGroup {
  /** The module's commands, loaded on first use. */
  load: () => Promise<Record<string, Command>>;
  /** Each command's line in --help, in the order --help lists them. */
  summaries: Record<string, string>;
}

export const COMMAND_GROUPS: readonly CommandGroup[] = [
  {
    load: async () => (await import('./fleet-commands')).FLEET_COMMANDS,
    summaries: {
      init: 'create or upgrade the database; --demo loads the demo fleet',
      info: 'which database this is: its path, schema, whether it can be written, and who acts',
      'deployments list': 'list the fleet',
      'deployments show': 'one deployment with its early-wave opt-out, release window and blocked dates',
      'deployments add': 'add a deployment',
      'deployments edit': 'change fields of a deployment (its key stays)',
      'deployments retire': 'retire a deployment (kept in history, no longer planned)',
      'deployments reactivate': 'bring a retired deployment back',
      'deployments block': 'keep a deployment from receiving releases on a range of days',
      'deployments unblock': 'remove one blocked range of a deployment (ids in "deployments show")',
      'deployments import': 'import a fleet CSV, all or nothing (columns in README.md)',
      'deployments export': 'export the fleet as CSV (stdout, or --out FILE)',
    },
  },
  {
    load: async () => (await import('./calendar-commands')).CALENDAR_COMMANDS,
    summaries: {
      'trains plan': 'plan trains on the free cadence slots from a date',
      'trains list': 'list trains (with status, release days and conflicts)',
      'trains show': 'one train: phases, release days (and why they moved), notes, history',
      'trains move': 'move a train that has not started (optionally with every later one)',
      'trains skip': 'skip a train that has not started',
      'trains cancel': 'cancel a train',
      'trains reinstate': 'bring back a skipped or cancelled train',
      'trains rename': 'change a train’s version label',
      'trains notes': 'set a train’s release notes (markdown)',
      'holidays list': 'list holidays (no production release on them)',
      'holidays add': 'add a holiday',
      'holidays remove': 'remove a holiday',
      'freezes list': 'list freeze windows (no production release inside them)',
      'freezes add': 'add a freeze window',
      'freezes remove': 'remove a freeze window',
      'settings get': 'show the cadence, lifecycle template and working days',
      'settings set': 'change the cadence, version pattern, working days or lifecycle template',
    },
  },
  {
    load: async () => (await import('./rollout-commands')).ROLLOUT_COMMANDS,
    summaries: {
      'rollout plan': 'plan (or re-plan, before it starts) the fair rollout order of a train',
      'rollout move':
        'move a deployment to another wave by hand, or add one the plan lacks to a wave to come (checked against the hard constraints, audited)',
      fairness: 'fairness of the rollout order over the last K planned trains, and over all of them',
      simulate: 'run the ordering engine over T synthetic trains and report every plan and the metrics',
      'policy get': 'show the rollout policy (wave sizes, bake days, early eligibility, history window)',
      'policy set': 'replace the rollout policy',
    },
  },
  {
    load: async () => (await import('./tracking-commands')).TRACKING_COMMANDS,
    summaries: {
      'fleet versions': 'which version each deployment runs, and which still run one a regression was found in',
      'gates list': "list a train's validation gates with who set them, when, and the evidence",
      'gates pass': 'mark a validation gate passed (the internal bake gate checks the bake time)',
      'gates fail': 'mark a validation gate failed',
      'gates waive': 'waive a validation gate, with a reason',
      'gates reset': 'set a validation gate back to pending',
      'gates defaults': 'show (or, with --file, replace) the gates new plans get and the resume policy',
      'rollout start': 'start rollout steps (a wave, or named deployments), checked against the gates, halts and bake',
      'rollout release': 'mark rollout steps released',
      'rollout fail': 'mark rollout steps failed, with a reason',
      'rollout rollback': 'mark rollout steps rolled back, with a reason',
      'rollout skip': 'skip rollout steps, with a reason',
      'patch start':
        'start patch steps (a wave, or named deployments), checked against the gates, halts and bake of a patch rollout',
      'patch release': 'mark patch steps released of a patch rollout',
      'patch fail': 'mark patch steps failed, with a reason of a patch rollout',
      'patch rollback': 'mark patch steps rolled back, with a reason of a patch rollout',
      'patch skip': 'skip patch steps, with a reason of a patch rollout',
      halt: 'record a regression: the train halts until it is resumed with the fix',
      resume: 'resume a halted train with the fix; a patch takes it to the deployments still on the broken version',
      status: 'rollout status: trains in flight (or one train), gates, waves, every deployment, what is next',
      today:
        'what should be released today, what waits on a gate, a bake or a halt and why, and the notifications of the day',
      'deployments history': "a deployment's history across trains: wave, status, regressions that reached it",
      audit: 'the audit trail, newest first: who, when, what, before and after (--json)',
      undo: 'undo the last step, gate, halt, resume or manual move, by a compensating change (history is kept)',
      user: 'show or set the user name the audit log records (default: the OS user name)',
    },
  },
  {
    load: async () => (await import('./kpi-commands')).KPI_COMMANDS,
    summaries: {
      kpis: 'release health over a range of trains: on time, halts, time to fix, rollout duration, failures, exposure',
    },
  },
  {
    load: async () => (await import('./export-commands')).EXPORT_COMMANDS,
    summaries: {
      export:
        'export the schedule: iCalendar, CSV, JSON, a printable HTML or PDF schedule, a Markdown summary, or an Atom feed of release notes',
      publish:
        'keep release-calendar.ics, rollout-schedule.csv, release-calendar.json and release-notes.atom up to date in a folder',
    },
  },
  {
    load: async () => (await import('./doctor-commands')).DOCTOR_COMMANDS,
    summaries: {
      doctor: "check the database file for damage (SQLite's full integrity check); changes nothing",
    },
  },
  {
    load: async () => (await import('./backup-commands')).BACKUP_COMMANDS,
    summaries: {
      backups: 'list the automatic backups of the database, newest first',
      backup: 'save a backup of the database now',
      restore: 'put a backup (a name from "backups", or a path) in place of the database',
    },
  },
  {
    load: async () => (await import('./team-commands')).TEAM_COMMANDS,
    summaries: {
      'users add': 'add a user of the team server with a role (the password from stdin or a prompt)',
      'users list': 'list the users of the team server, their roles and whether they may sign in',
      'users set-role': "change a user's role (viewer, lead, release-manager, admin); their sessions end",
      'users disable': 'stop a user from signing in; their sessions end',
      'users enable': 'let a disabled user sign in again',
      'users reset-password': "set a user's password (from stdin or a prompt); their sessions end",
      serve: 'serve the app to a team over the network: accounts, roles, live updates (docs/team-mode.md)',
    },
  },
];

/** Every command's line in --help, in the order --help lists them. */
export const COMMAND_SUMMARIES: Readonly<Record<string, string>> = Object.assign(
  {},
  ...COMMAND_GROUPS.map((g) => g.summaries),
);

/** The command `name` (a key of COMMAND_SUMMARIES) as its module defines it. */
export async function loadCommand(name: string): Promise<Command> {
  const group = COMMAND_GROUPS.find((g) => name in g.summaries);
  const command = group && (await group.load())[name];
  if (!command) throw new Error(`The command index names "${name}", but no module defines it.`);
  return command;
}
