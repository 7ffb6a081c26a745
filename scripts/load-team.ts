// `npx tsx scripts/load-team.ts` (or `npm run load`): the team server under load on loopback — a
// benchmark, never a timed test. Options by environment: LOAD_USERS (default 50), LOAD_MINUTES
// (default 10), LOAD_WRITES_PER_SECOND (default 1), LOAD_SEED (default 1), LOAD_CPU_PROF (a folder:
// the server runs with `node --cpu-prof` and writes its profile there when it stops).
//
// It makes a temporary database with the demo fleet and the users (across the four roles, at
// least one release manager), starts the BUILT team server (`npx electron-vite build` first) as a
// child process on a free port, and signs every user in over HTTP before the clock starts. Each
// user then keeps an `/events` stream open, as an open page does, and loops over the reads the
// pages make, one at a time with a think time of 1–3 s (seeded), about 25 requests a second for 50
// users. One write a second overall comes from the release managers: `trains.setNotes` on a train
// that has not started, with a new text each time, so it always commits and is never refused.
// Every write must reach every stream as a `changed` event.
//
// It measures each request's latency at the client, by method; counts errors (a non-2xx answer,
// `ok: false`, a socket error, a stream that drops); prints the table, the events delivered and
// the fan-out delay, the server's peak RSS and CPU time; and exits 1 on any error.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startBackend } from '../electron/backend/backend';
import type { Role } from '../shared/method-roles';
import { percentile } from './bench-stats';
import { seededRandom } from '../shared/simulate';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'release-calendar.js');
const USERS = Number(process.env.LOAD_USERS ?? 50);
const MINUTES = Number(process.env.LOAD_MINUTES ?? 10);
const WRITES_PER_SECOND = Number(process.env.LOAD_WRITES_PER_SECOND ?? 1);
const SEED = Number(process.env.LOAD_SEED ?? 1);
const CPU_PROF = process.env.LOAD_CPU_PROF;
const THINK_MS = [1_000, 3_000] as const;
/** How long the streams may take to deliver the last write's event after the clock stops. */
const DRAIN_MS = 3_000;

/** The roles of the users: about 4 % admins, 16 % release managers, 20 % leads, the rest viewers. */
function roleOf(i: number, count: number): Role {
  const admins = Math.max(1, Math.round(count * 0.04));
  const managers = Math.max(1, Math.round(count * 0.16));
  const leads = Math.round(count * 0.2);
  if (i < admins) return 'admin';
  if (i < admins + managers) return 'release-manager';
  if (i < admins + managers + leads) return 'lead';
  return 'viewer';
}

const localDay = (d: Date): string =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const addDays = (d: Date, n: number): Date => new Date(d.getTime() + n * 86_400_000);

interface User {
  name: string;
  role: Role;
  password: string;
  cookie: string;
  csrf: string;
  agent: http.Agent;
}

interface Sample {
  method: string;
  ms: number;
  ok: boolean;
}

const samples: Sample[] = [];
const errors: string[] = [];
function error(what: string): void {
  if (errors.length < 20) console.error(`error: ${what}`);
  errors.push(what);
}

let base = { host: '127.0.0.1', port: 0 };

function request(
  user: Pick<User, 'cookie' | 'csrf' | 'agent'> | null,
  urlPath: string,
  body: unknown,
): Promise<{
  status: number;
  json: { ok?: boolean; result?: unknown; error?: { message: string } } | null;
  headers: http.IncomingHttpHeaders;
}> {
  const data = JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: base.host,
        port: base.port,
        path: urlPath,
        method: 'POST',
        agent: user?.agent ?? false,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': Buffer.byteLength(data),
          Origin: `http://${base.host}:${base.port}`,
          ...(user ? { Cookie: user.cookie, 'X-CSRF-Token': user.csrf } : {}),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          let json = null;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8')) as never;
          } catch {
            // Counted as an error below: every answer of the API is JSON.
          }
          resolve({ status: res.statusCode ?? 0, json, headers: res.headers });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** One API call, timed and checked. */
async function call(user: User, method: string, input: unknown): Promise<{ ok: boolean; result: unknown; ms: number }> {
  const t0 = performance.now();
  try {
    const r = await request(user, `/api/${method}`, input);
    const ms = performance.now() - t0;
    const ok = r.status >= 200 && r.status < 300 && r.json?.ok === true;
    samples.push({ method, ms, ok });
    if (!ok) error(`${method} by ${user.name}: HTTP ${r.status} ${r.json?.error?.message ?? '(no JSON)'}`);
    return { ok, result: r.json?.result, ms };
  } catch (err) {
    const ms = performance.now() - t0;
    samples.push({ method, ms, ok: false });
    error(`${method} by ${user.name}: ${(err as Error).message}`);
    return { ok: false, result: null, ms };
  }
}

interface Stream {
  user: User;
  /** When each `changed` event arrived (performance.now()), in order. */
  events: { at: number; actor: string }[];
  close: () => void;
}

let stopping = false;

/** Opens the user's `/events` stream, as an open page does. */
function openStream(user: User): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const stream: Stream = { user, events: [], close: () => {} };
    const req = http.get(
      {
        host: base.host,
        port: base.port,
        path: '/events',
        agent: false,
        headers: { Cookie: user.cookie, Accept: 'text/event-stream' },
      },
      (res) => {
        if (res.statusCode !== 200) {
          reject(new Error(`/events for ${user.name}: HTTP ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk: string) => {
          const at = performance.now();
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const message = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const lines = message.split('\n');
            if (!lines.includes('event: changed')) continue;
            const data = lines.find((l) => l.startsWith('data: '));
            const actor = data ? ((JSON.parse(data.slice(6)) as { actor?: string }).actor ?? '') : '';
            stream.events.push({ at, actor });
          }
        });
        const dropped = (why: string) => {
          if (!stopping) error(`the event stream of ${user.name} dropped (${why})`);
        };
        res.on('end', () => dropped('ended'));
        res.on('error', (err) => dropped(err.message));
        stream.close = () => req.destroy();
        resolve(stream);
      },
    );
    req.on('error', (err) => {
      if (!stopping) error(`the event stream of ${user.name}: ${err.message}`);
      reject(err);
    });
  });
}

function startServer(dbPath: string): Promise<{ child: ChildProcess; url: URL; stderr: string[] }> {
  const args = [
    ...(CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : []),
    BIN,
    'serve',
    '--db',
    dbPath,
    '--listen',
    '127.0.0.1:0',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr: string[] = [];
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (s: string) => stderr.push(s));
  return new Promise((resolve, reject) => {
    let out = '';
    const onData = (s: string) => {
      out += s;
      const m = /^Listening: (\S+)/m.exec(out);
      if (m) {
        // The request log goes on; it is read and dropped so that the pipe never fills.
        child.stdout!.off('data', onData);
        child.stdout!.resume();
        child.stdout!.on('data', () => {});
        resolve({ child, url: new URL(m[1]!), stderr });
      }
    };
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${stderr.join('')}`)));
  });
}

/** The child's peak RSS (KiB) and CPU time (ms, user and system), from /proc. */
function childUsage(pid: number): { hwmKiB: number; rssKiB: number; cpuMs: number } | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const hwmKiB = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    const rssKiB = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
    // Fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { hwmKiB, rssKiB, cpuMs: (ticks * 1000) / 100 };
  } catch {
    return null;
  }
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const f = (x: number): string => (x >= 100 ? x.toFixed(0) : x.toFixed(1));

async function main(): Promise<void> {
  const rand = seededRandom(SEED);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-load-'));
  const dbPath = path.join(dir, 'team.db');
  const users: User[] = [];

  // The database: the demo and the users, made in process as the file's owner.
  {
    const backend = startBackend({ dbPath, create: 'explicit', transport: 'cli', version: 'load' });
    try {
      const demo = await backend.dispatch('fleet.loadDemo', {});
      if (!demo.ok) throw new Error(`fleet.loadDemo: ${demo.error.message}`);
      for (let i = 0; i < USERS; i++) {
        const name = `member${String(i + 1).padStart(2, '0')}`;
        const user = {
          name,
          role: roleOf(i, USERS),
          password: `load test secret ${i + 1} of ${USERS}`,
          cookie: '',
          csrf: '',
          agent: new http.Agent({ keepAlive: true, maxSockets: 6 }),
        };
        const r = await backend.dispatch('users.add', { name, role: user.role, password: user.password });
        if (!r.ok) throw new Error(`users.add ${name}: ${r.error.message}`);
        users.push(user);
      }
    } finally {
      backend.close();
    }
  }

  const server = await startServer(dbPath);
  base = { host: server.url.hostname, port: Number(server.url.port) };
  const pid = server.child.pid!;
  const managers = users.filter((u) => u.role === 'release-manager');
  console.log(
    `Team server ${server.url.href} (pid ${pid}); ${USERS} users (${['admin', 'release-manager', 'lead', 'viewer']
      .map((r) => `${users.filter((u) => u.role === r).length} ${r}`)
      .join(', ')}); ${MINUTES} min; ${WRITES_PER_SECOND} write/s`,
  );

  let streams: Stream[] = [];
  try {
    // Sign-ins before the clock: each costs a scrypt hash. Any failure stops the run (and would count
    // towards the per-address limit).
    const signInStart = performance.now();
    for (const user of users) {
      const r = await request(null, '/auth/login', { name: user.name, password: user.password });
      const cookie = /rc_session=([^;]+)/.exec(String(r.headers['set-cookie'] ?? ''))?.[1];
      const csrf = (r.json?.result as { csrfToken?: string } | undefined)?.csrfToken;
      if (r.status !== 200 || !cookie || !csrf)
        throw new Error(`sign-in of ${user.name}: HTTP ${r.status} ${r.json?.error?.message ?? ''}`);
      user.cookie = `rc_session=${cookie}`;
      user.csrf = csrf;
    }
    const signInMs = performance.now() - signInStart;
    streams = await Promise.all(users.map((u) => openStream(u)));

    // What each page reads, around today's date (the demo is laid out around it).
    const today = new Date();
    const month = { from: localDay(addDays(today, -15)), to: localDay(addDays(today, 15)) };
    const trains = await call(users[0]!, 'trains.list', {});
    const unstarted = (trains.result as { id: number; start: string; state: string }[]).filter(
      (t) => t.state === 'active' && t.start > localDay(addDays(today, 7)),
    );
    if (unstarted.length === 0) throw new Error('the demo has no train that has not started');
    samples.length = 0;
    errors.length = 0;
    const reads: [string, unknown][] = [
      ['calendar.overview', month],
      ['trains.list', month],
      ['today.board', {}],
      ['rollouts.overview', {}],
      ['kpis.report', {}],
      ['fairness.report', {}],
      ['settings.get', {}],
    ];

    const loadStart = os.loadavg();
    const cpuStart = childUsage(pid);
    const t0 = performance.now();
    const deadline = t0 + MINUTES * 60_000;

    const readers = users.map(async (user, i) => {
      const r = seededRandom(SEED * 1_000 + i);
      let next = Math.floor(r() * reads.length);
      // Staggered, as people open their pages at different moments.
      await sleep(r() * THINK_MS[1]);
      while (performance.now() < deadline) {
        const [method, input] = reads[next % reads.length]!;
        next++;
        await call(user, method, input);
        await sleep(THINK_MS[0] + r() * (THINK_MS[1] - THINK_MS[0]));
      }
    });

    /** Each write: who, when it was sent and answered. One at a time, so the events come in this order. */
    const writes: { actor: string; sent: number; answered: number; ok: boolean }[] = [];
    const writer = (async () => {
      const interval = 1_000 / WRITES_PER_SECOND;
      for (let i = 0; ; i++) {
        const due = t0 + i * interval;
        if (due >= deadline) break;
        const wait = due - performance.now();
        if (wait > 0) await sleep(wait);
        const user = managers[Math.floor(rand() * managers.length)]!;
        const train = unstarted[i % unstarted.length]!;
        const sent = performance.now();
        const { ok } = await call(user, 'trains.setNotes', {
          id: train.id,
          notes: `Load test: note ${i + 1} by ${user.name}.`,
        });
        writes.push({ actor: user.name, sent, answered: performance.now(), ok });
      }
    })();

    await Promise.all([...readers, writer]);
    const elapsed = (performance.now() - t0) / 1000;
    await sleep(DRAIN_MS);
    const loadEnd = os.loadavg();
    const usage = childUsage(pid);

    // Events: every committed write reaches every stream, in order.
    const committed = writes.filter((w) => w.ok);
    let delivered = 0;
    const fanOutFromSent: number[] = [];
    const fanOutFromAnswer: number[] = [];
    for (const s of streams) {
      delivered += s.events.length;
      if (s.events.length !== committed.length)
        error(`${s.user.name}'s stream got ${s.events.length} changed events for ${committed.length} writes`);
      s.events.forEach((e, k) => {
        const w = committed[k];
        if (!w) return;
        if (e.actor !== w.actor) error(`${s.user.name}'s event ${k + 1} names ${e.actor}, not ${w.actor}`);
        if (s.user.name === w.actor) return;
        fanOutFromSent.push(e.at - w.sent);
        fanOutFromAnswer.push(e.at - w.answered);
      });
    }

    // The table.
    const methods = [...new Set(samples.map((s) => s.method))].sort();
    const rows: string[][] = [];
    const row = (label: string, xs: Sample[]) => {
      const ms = xs.map((s) => s.ms);
      rows.push([
        label,
        String(xs.length),
        String(xs.filter((s) => !s.ok).length),
        (xs.length / elapsed).toFixed(2),
        f(percentile(ms, 50)),
        f(percentile(ms, 95)),
        f(percentile(ms, 99)),
        f(Math.max(...ms)),
      ]);
    };
    for (const m of methods)
      row(
        `\`${m}\``,
        samples.filter((s) => s.method === m),
      );
    row(
      'reads',
      samples.filter((s) => s.method !== 'trains.setNotes'),
    );
    row('**all**', samples);
    const header = ['method', 'requests', 'errors', 'per s', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms'];
    const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
    const line = (cells: string[]) =>
      `| ${cells.map((x, c) => (c === 0 ? x.padEnd(widths[c]!) : x.padStart(widths[c]!))).join(' | ')} |`;
    console.log();
    console.log(line(header));
    console.log(`| ${widths.map((w, c) => (c === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`)).join(' | ')} |`);
    for (const r of rows) console.log(line(r));
    console.log();
    const expected = committed.length * streams.length;
    const q = (xs: number[], p: number) => (xs.length ? f(percentile(xs, p)) : '-');
    console.log(
      `Duration: ${elapsed.toFixed(0)} s; sign-in of ${USERS} users before it: ${(signInMs / 1000).toFixed(1)} s`,
    );
    console.log(
      `Writes: ${writes.length} (${committed.length} committed), p95 ${q(
        writes.map((w) => w.answered - w.sent),
        95,
      )} ms`,
    );
    console.log(
      `Events: ${delivered} delivered of ${expected} expected (${committed.length} writes × ${streams.length} streams); ` +
        `fan-out to the others from the write sent p50 ${q(fanOutFromSent, 50)} / p95 ${q(fanOutFromSent, 95)} ms, ` +
        `after its answer p95 ${q(fanOutFromAnswer, 95)} ms (negative: before the answer)`,
    );
    if (usage && cpuStart)
      console.log(
        `Server: peak RSS (VmHWM) ${(usage.hwmKiB / 1024).toFixed(0)} MiB, RSS at the end ${(usage.rssKiB / 1024).toFixed(0)} MiB; ` +
          `CPU ${((usage.cpuMs - cpuStart.cpuMs) / 1000).toFixed(1)} s during the run ` +
          `(${((usage.cpuMs - cpuStart.cpuMs) / 10 / elapsed).toFixed(0)} % of one core)`,
      );
    console.log(
      `Load average (1/5/15 min): at the start ${loadStart.map((x) => x.toFixed(2)).join(' ')}, ` +
        `at the end ${loadEnd.map((x) => x.toFixed(2)).join(' ')}; ${os.cpus().length} cores`,
    );
  } finally {
    stopping = true;
    for (const s of streams) s.close();
    for (const u of users) u.agent.destroy();
    server.child.kill('SIGTERM');
    await new Promise((r) => server.child.once('exit', r));
    const stderr = server.stderr.join('').trim();
    const notes = stderr.split('\n').filter((l) => l && !/stopping; letting requests|stopped\.$/.test(l));
    if (notes.length > 0) console.log(`Server stderr:\n${notes.slice(0, 20).join('\n')}`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  console.log(errors.length === 0 ? 'No error.' : `${errors.length} errors.`);
  if (errors.length > 0) process.exitCode = 1;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
