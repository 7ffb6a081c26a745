#!/usr/bin/env node
// The CLI runs in plain Node from the built bundle (npm run build); no Electron involved.
const fs = require('node:fs');
const path = require('node:path');

const entry = path.join(__dirname, '..', 'out', 'main', 'cli.js');
if (!fs.existsSync(entry)) {
  process.stderr.write(
    'release-calendar: the CLI is not built yet; run "npm run build" in the project folder first.\n',
  );
  process.exit(1);
}
try {
  require(entry);
} catch (err) {
  // Failing to load the bundle (a partial build, a missing module) is no reason for a stack trace.
  process.stderr.write(
    `release-calendar: the CLI could not start (${err instanceof Error ? err.message.split('\n')[0] : String(err)}); run "npm run build" in the project folder again.\n`,
  );
  process.exit(70);
}
