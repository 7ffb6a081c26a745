import path from 'node:path';
import { parseArgs } from 'node:util';
import { startBackend } from '../backend/backend';
import { clockFromEnv } from '../backend/clock';
import { DatabaseOpenError, withDbFlag } from '../backend/db/open-error';
import { resolveDatabasePath } from '../backend/paths';
import { APP_VERSION } from '../backend/version';
import { startHost } from './server';

const HELP = `Usage: npm run browser -- [--db PATH] [--port N]

Serves Release Calendar to a browser on 127.0.0.1 only, with a token minted at
each launch. Open the URL it prints (the token is part of it).

  --db PATH   database file (default: $RELEASE_CALENDAR_DB, then the app's user-data folder)
  --port N    port to listen on (default: a free one)
  --help      show this help

Environment: RELEASE_CALENDAR_NOW=2027-02-22T09:00:00Z fixes the clock at that
UTC instant (tests, demos); RELEASE_CALENDAR_TIME_ZONE=Europe/Berlin sets the
zone that defines "today".`;

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { db: { type: 'string' }, port: { type: 'string' }, help: { type: 'boolean' } },
    strict: true,
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`--port must be a number from 0 to 65535, not "${values.port}".`);
  const backend = startBackend({
    dbPath: resolveDatabasePath(values.db),
    transport: 'browser',
    version: APP_VERSION,
    ...clockFromEnv(process.env),
    logError: (method, err) => console.error(`[${new Date().toISOString()}] ${method} failed:`, err),
    log: (message) => console.error(`[${new Date().toISOString()}] ${message}`),
  });
  const host = await startHost({ dispatch: backend.dispatch, staticDir: path.join(__dirname, '../renderer'), port });
  console.log(`Release Calendar ${APP_VERSION} — browser mode`);
  console.log(`Database: ${backend.database.path}`);
  console.log(`Open: ${host.launchUrl}`);
  const stop = (): void => {
    void host.close().then(() => {
      backend.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((err: unknown) => {
  const message = err instanceof DatabaseOpenError ? withDbFlag(err) : err instanceof Error ? err.message : String(err);
  console.error(`release-calendar browser: ${message}`);
  process.exit(1);
});
