import { runCli } from './cli';
import { cliLogFile, logError } from './error-log';
import { promptHidden, readAllStdin } from './password-prompt';

/** The last resort: whatever escapes runCli is logged, and the terminal gets one sentence. */
function unexpected(err: unknown): void {
  const where = logError(
    cliLogFile(process.env, process.cwd()),
    `release-calendar ${process.argv.slice(2).join(' ')}`,
    err,
    new Date(),
  );
  process.stderr.write(`release-calendar: failed unexpectedly; ${where}\n`);
  process.exit(70);
}
process.on('uncaughtException', unexpected);
process.on('unhandledRejection', unexpected);

// `release-calendar … | head` closes the pipe early: that is not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  unexpected(err);
});

void runCli(process.argv.slice(2), {
  // Two writes (a stream keeps them in order), not one of `${text}\n`: that string would copy a
  // large document, a calendar of several megabytes, whole before it is encoded.
  stdout: (text) => {
    process.stdout.write(text);
    process.stdout.write('\n');
  },
  stderr: (text) => process.stderr.write(`${text}\n`),
  env: process.env,
  cwd: process.cwd(),
  stdoutIsTerminal: process.stdout.isTTY,
  stdin: { isTTY: process.stdin.isTTY, readAll: readAllStdin, promptHidden },
}).then((code) => {
  process.exitCode = code;
});
