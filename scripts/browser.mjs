// `npm run browser [-- --db PATH --port N]`: builds when the sources are newer than
// the build, then starts the browser-mode host, which prints the URL with its token.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const SOURCES = ['electron', 'renderer', 'shared', 'electron.vite.config.ts', 'package.json'];
const OUTPUTS = ['out/main/host.js', 'out/renderer/index.html'];

function newest(p) {
  const st = fs.statSync(p);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(0, ...fs.readdirSync(p).map((f) => newest(path.join(p, f))));
}

const built = OUTPUTS.every((f) => fs.existsSync(f)) ? Math.min(...OUTPUTS.map((f) => fs.statSync(f).mtimeMs)) : 0;
if (built < Math.max(...SOURCES.filter((s) => fs.existsSync(s)).map(newest))) {
  console.log('Building the app (sources changed since the last build)…');
  const r = spawnSync('npx', ['electron-vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const child = spawn(process.execPath, ['out/main/host.js', ...process.argv.slice(2)], { stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => process.exit(code ?? 0));
