import fs from 'node:fs';
import path from 'node:path';
import type { TeamUser } from '../../shared/team-accounts';
import { ROLES, ROLE_SUMMARIES, type Role } from '../../shared/method-roles';
import { DB_ENV, resolveDatabasePath } from '../backend/paths';
import { APP_VERSION } from '../backend/version';
import { type Command, type CommandArgs, CommandError, UsageError, tableOrNone } from './command';

// A team server's accounts and the server itself (docs/team-mode.md). A password is read from
// stdin (--password-stdin) or typed twice at a prompt that does not echo it; never from an
// argument, which other users of the machine can read in the process list and shell history.

const ROLE_HELP = ROLES.map((r) => `    ${r.padEnd(16)} ${ROLE_SUMMARIES[r]}`).join('\n');

const PASSWORD_HELP = `  --password-stdin   read the password from stdin (a trailing line break is dropped);
                     without it, a terminal prompts for it twice`;

function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

function roleArgument(value: string | undefined, what: string): Role {
  if (value === undefined || !isRole(value))
    throw new UsageError(`${what} must be one of ${ROLES.join(', ')}${value === undefined ? '' : `, not "${value}"`}.`);
  return value;
}

/** The password of a command: stdin's text with --password-stdin, else typed twice in a terminal. */
async function readPassword(a: CommandArgs, name: string): Promise<string> {
  const stdin = a.io.stdin;
  if (a.values['password-stdin']) {
    if (!stdin) throw new UsageError('There is no stdin to read the password from.');
    const text = await stdin.readAll();
    return text.replace(/\r?\n$/, '');
  }
  if (!stdin?.isTTY)
    throw new UsageError(
      'Give the password on stdin with --password-stdin, or run the command in a terminal to type it; a password is never taken as an argument.',
    );
  let first: string;
  let second: string;
  try {
    first = await stdin.promptHidden(`Password for ${name}: `);
    second = await stdin.promptHidden('The same password again: ');
  } catch {
    throw new CommandError('Cancelled; nothing was changed.', 'invalid_input');
  }
  if (first !== second) throw new CommandError('The two passwords differ; nothing was changed.', 'invalid_input');
  return first;
}

function describeUser(u: TeamUser): string {
  return `${u.name}${u.displayName ? ` (${u.displayName})` : ''}, ${u.role}${u.disabled ? ', disabled' : ''}`;
}

/** `HOST:PORT` of --listen; an IPv6 address goes in brackets (`[::]:8443`). */
export function parseListen(value: string): { host: string; port: number } {
  const m = /^(?:\[([0-9a-fA-F:.]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(value);
  const port = m ? Number(m[3]) : NaN;
  if (!m || port > 65535)
    throw new UsageError(
      `--listen takes HOST:PORT, such as 127.0.0.1:8080 or 0.0.0.0:8443 ([::]:8443 for IPv6), not "${value}".`,
    );
  return { host: (m[1] ?? m[2])!, port };
}

/** The database file, resolved as every command resolves it. */
function databaseFile(a: CommandArgs): string {
  return resolveDatabasePath(
    typeof a.values.db === 'string' ? path.resolve(a.io.cwd, a.values.db) : undefined,
    a.io.env[DB_ENV] ? { ...a.io.env, [DB_ENV]: path.resolve(a.io.cwd, a.io.env[DB_ENV]) } : a.io.env,
  );
}

/** The built renderer: beside the CLI bundle (out/renderer), or out/renderer from the sources. */
function rendererFolder(): string | null {
  // The bundle puts this module in out/main/chunks/ or out/main/; the sources are in electron/cli/.
  const candidates = ['../../renderer', '../renderer', '../../out/renderer'].map((p) => path.resolve(__dirname, p));
  return candidates.find((dir) => fs.existsSync(path.join(dir, 'index.html'))) ?? null;
}

function readPem(a: CommandArgs, flag: string, file: string): Buffer {
  const full = path.resolve(a.io.cwd, file);
  try {
    return fs.readFileSync(full);
  } catch {
    throw new CommandError(
      `Cannot read ${full} (${flag}); check the path and that this user may read it.`,
      'invalid_input',
    );
  }
}

/** Resolves when the process is asked to stop (SIGTERM, SIGINT), or when a test says so. */
function untilStopped(a: CommandArgs): Promise<void> {
  if (a.io.untilStopped) return a.io.untilStopped;
  return new Promise((resolve) => {
    const stop = (): void => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
      resolve();
    };
    process.on('SIGTERM', stop);
    process.on('SIGINT', stop);
  });
}

export const TEAM_COMMANDS: Record<string, Command> = {
  'users add': {
    usage: 'users add NAME --role ROLE [--display-name TEXT] [--password-stdin]',
    help: `  NAME               the login name: lower-case letters, digits, ".", "_" and "-"
  --role ROLE        one of:
${ROLE_HELP}
  --display-name T   the name people see (optional)
${PASSWORD_HELP}`,
    options: { role: { type: 'string' }, 'display-name': { type: 'string' }, 'password-stdin': { type: 'boolean' } },
    positionals: [1, 1],
    async run(a) {
      const name = a.positionals[0]!;
      const role = roleArgument(a.values.role as string | undefined, '--role');
      const password = await readPassword(a, name);
      const displayName = a.values['display-name'];
      const user = await a.call('users.add', {
        name,
        role,
        password,
        ...(typeof displayName === 'string' ? { displayName } : {}),
      });
      a.print(user, () => `Added ${describeUser(user)}.`);
    },
  },
  'users list': {
    usage: 'users list [--json]',
    async run(a) {
      const users = await a.call('users.list', {});
      a.print(users, () =>
        tableOrNone(
          'There are no users yet; add an admin with "users add NAME --role admin --password-stdin".',
          ['NAME', 'DISPLAY NAME', 'ROLE', 'STATUS', 'ADDED'],
          users.map((u) => [
            u.name,
            u.displayName ?? '',
            u.role,
            u.disabled ? 'disabled' : 'active',
            u.createdAt.slice(0, 10),
          ]),
        ),
      );
    },
  },
  'users set-role': {
    usage: 'users set-role NAME ROLE',
    help: `  ROLE  one of:\n${ROLE_HELP}\nTheir sessions end: they sign in again with the new role.`,
    positionals: [2, 2],
    async run(a) {
      const role = roleArgument(a.positionals[1], 'The role');
      const user = await a.call('users.setRole', { name: a.positionals[0]!, role });
      a.print(user, () => `${user.name} is now ${user.role}; their sessions have ended.`);
    },
  },
  'users disable': {
    usage: 'users disable NAME',
    help: 'They can no longer sign in, and their sessions end; "users enable" lets them in again.',
    positionals: [1, 1],
    async run(a) {
      const user = await a.call('users.disable', { name: a.positionals[0]! });
      a.print(user, () => `Disabled ${user.name}; their sessions have ended.`);
    },
  },
  'users enable': {
    usage: 'users enable NAME',
    positionals: [1, 1],
    async run(a) {
      const user = await a.call('users.enable', { name: a.positionals[0]! });
      a.print(user, () => `Enabled ${user.name}; they can sign in again.`);
    },
  },
  'users reset-password': {
    usage: 'users reset-password NAME [--password-stdin]',
    help: `${PASSWORD_HELP}\nTheir sessions end: they sign in again with the new password.`,
    options: { 'password-stdin': { type: 'boolean' } },
    positionals: [1, 1],
    async run(a) {
      const name = a.positionals[0]!;
      const password = await readPassword(a, name);
      const user = await a.call('users.resetPassword', { name, password });
      a.print(user, () => `Set a new password for ${user.name}; their sessions have ended.`);
    },
  },
  serve: {
    usage: 'serve [--listen HOST:PORT] [--tls-cert FILE --tls-key FILE] [--behind-proxy] [--public-url URL]',
    help: `  --listen HOST:PORT  where to listen (default 127.0.0.1:8080)
  --tls-cert FILE     serve HTTPS with this certificate (PEM)…
  --tls-key FILE      …and its private key (PEM)
  --behind-proxy      a reverse proxy (nginx, Caddy) terminates TLS in front of this server
  --public-url URL    the address people open (https://plan.example.com); needed when
                      listening on every address (0.0.0.0 or ::)
Runs until SIGTERM or SIGINT, then lets requests in flight finish and exits 0. Needs an admin:
  release-calendar users add NAME --role admin --password-stdin`,
    options: {
      listen: { type: 'string' },
      'tls-cert': { type: 'string' },
      'tls-key': { type: 'string' },
      'behind-proxy': { type: 'boolean' },
      'public-url': { type: 'string' },
    },
    async run(a) {
      const listen = typeof a.values.listen === 'string' ? a.values.listen : '127.0.0.1:8080';
      const { host, port } = parseListen(listen);
      const certFile = a.values['tls-cert'];
      const keyFile = a.values['tls-key'];
      if ((typeof certFile === 'string') !== (typeof keyFile === 'string'))
        throw new UsageError('Give both --tls-cert and --tls-key, or neither.');
      const behindProxy = Boolean(a.values['behind-proxy']);
      const { isLoopback, isWildcard, startTeamServer } = await import('../server/server');
      const { handleFeedRequest } = await import('../server/feeds');
      const tls =
        typeof certFile === 'string' && typeof keyFile === 'string'
          ? { cert: readPem(a, '--tls-cert', certFile), key: readPem(a, '--tls-key', keyFile) }
          : undefined;
      if (!tls && !behindProxy && !isLoopback(host))
        throw new UsageError(
          `Serving plain HTTP on ${listen} would send passwords across the network in clear, and browsers would not keep the session: its cookie is Secure, so they send it back over HTTPS only. Give --tls-cert and --tls-key, or listen on 127.0.0.1 behind a reverse proxy that terminates TLS and add --behind-proxy.`,
        );
      let publicUrl: string | undefined;
      if (typeof a.values['public-url'] === 'string') {
        let u: URL;
        try {
          u = new URL(a.values['public-url']);
        } catch {
          throw new UsageError(
            `--public-url must be a URL such as https://plan.example.com, not "${a.values['public-url']}".`,
          );
        }
        if (u.protocol !== 'https:' && !(u.protocol === 'http:' && isLoopback(u.hostname)))
          throw new UsageError(
            `--public-url must be an https:// address: the session cookie is Secure, so browsers send it back over HTTPS only.`,
          );
        publicUrl = u.origin;
      }
      if (isWildcard(host) && publicUrl === undefined)
        throw new UsageError(
          `Listening on every address (${listen}) needs --public-url, the address people open (such as https://plan.example.com:${port}), so that requests naming another host are refused.`,
        );

      const { startBackend } = await import('../backend/backend');
      const stamp = (): string => new Date().toISOString();
      const backend = startBackend({
        dbPath: databaseFile(a),
        create: 'never',
        // The renderer talks to it over HTTP, signed in (docs/team-mode.md).
        transport: 'team',
        version: APP_VERSION,
        ...(a.io.now ? { now: a.io.now } : {}),
        logError: (method, err) =>
          a.io.stderr(
            `${stamp()} ${method} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
          ),
        log: (message) => a.io.stderr(`${stamp()} ${message}`),
      });
      try {
        if (backend.database.readOnly)
          throw new CommandError(
            `The database ${backend.database.path} is read-only; a team server signs people in and saves their changes, so make the file and its folder writable.`,
          );
        if (!backend.accounts.hasAdmin())
          throw new CommandError(
            'There is no admin to manage this team server; create one: release-calendar users add NAME --role admin --password-stdin',
          );
        const staticDir = rendererFolder();
        if (!staticDir)
          a.io.stderr(
            'release-calendar: the app’s pages are not built; run "npm run build". The API answers meanwhile.',
          );
        let server;
        try {
          server = await startTeamServer({
            dispatch: backend.dispatch,
            accounts: backend.accounts,
            staticDir: staticDir ?? path.resolve(__dirname, '../renderer'),
            host,
            port,
            ...(tls ? { tls } : {}),
            behindProxy,
            ...(publicUrl !== undefined ? { publicUrl } : {}),
            log: (line) => a.io.stdout(line),
            feeds: (req, res, rest) =>
              handleFeedRequest(backend, req, res, rest, {
                logError: (err) =>
                  a.io.stderr(
                    `${stamp()} feed failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
                  ),
              }),
          });
        } catch (err) {
          const code = (err as NodeJS.ErrnoException).code;
          if (code === 'EADDRINUSE')
            throw new CommandError(`Another program already listens on ${listen}; pick another port.`);
          if (code === 'EACCES' || code === 'EADDRNOTAVAIL')
            throw new CommandError(`Cannot listen on ${listen} (${code}); pick another address or a port above 1023.`);
          throw err;
        }
        a.io.stdout(`Release Calendar ${APP_VERSION} — team server`);
        a.io.stdout(`Database: ${backend.database.path}`);
        a.io.stdout(`Listening: ${server.url}${behindProxy ? ' (behind a reverse proxy)' : ''}`);
        await untilStopped(a);
        a.io.stderr('release-calendar: stopping; letting requests in flight finish…');
        await server.close();
        a.io.stderr('release-calendar: stopped.');
      } finally {
        backend.close();
      }
    },
  },
};
