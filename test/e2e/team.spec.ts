import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Locator, Page } from '@playwright/test';
import type { DeploymentList, RolloutPlanView } from '../../shared/contract';
import type { TrainView } from '../../shared/train';
import { expect, test } from './fixtures';

// A team server (docs/team-mode.md) in two browsers at once: a release manager and a lead signed
// in side by side. The lead moves a deployment and the manager's calendar shows it without a
// reload; two people edit one train's notes from the same read and the second is refused, naming
// the first; a viewer sees what they may not press greyed out, saying which role it needs.
//
// The server is started as people start it: `release-calendar serve`, after `users add`.

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'bin/release-calendar.js');
const NOW = '2027-02-22T09:00:00Z';

test.skip(({ appBrowser }) => appBrowser === null, 'a team server is served to browsers, not the desktop app');

const USERS = [
  { name: 'morgan', role: 'release-manager', password: 'plum orchard at dusk 41' },
  { name: 'ada', role: 'admin', password: 'quiet harbour lights 17' },
  { name: 'lee', role: 'lead', password: 'copper kettle morning 8' },
  { name: 'val', role: 'viewer', password: 'seven paper lanterns 23' },
] as const;
type UserName = (typeof USERS)[number]['name'];

const env = { ...process.env, RELEASE_CALENDAR_NOW: NOW };

function cli(args: string[], input?: string): string {
  const r = spawnSync(process.execPath, [CLI, ...args], { env, input, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`release-calendar ${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return r.stdout;
}

/** Starts `serve` on a free port and resolves with the URL it prints. */
function serve(dbPath: string): Promise<{ child: ChildProcess; url: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, 'serve', '--db', dbPath, '--listen', '127.0.0.1:0'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
      // "Listening: http://127.0.0.1:PORT/".
      const m = /Listening: (http:\/\/127\.0\.0\.1:\d+\/?)/.exec(out);
      if (m?.[1]) {
        console.log(`Team server: ${m[1]}`);
        resolve({ child, url: m[1] });
      }
    });
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${err || out}`)));
  });
}

let server: { child: ChildProcess; url: string } | null = null;
let dataDir = '';

test.beforeAll(async ({ appBrowser }) => {
  if (!appBrowser) return;
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rc-team-'));
  const dbPath = path.join(dataDir, 'plan.db');
  cli(['init', '--db', dbPath, '--demo']);
  for (const u of USERS)
    cli(['users', 'add', u.name, '--role', u.role, '--password-stdin', '--db', dbPath], u.password);
  server = await serve(dbPath);
});

test.afterAll(async () => {
  const child = server?.child;
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
});

/** With UPDATE_SCREENSHOTS=1 the picture replaces the one in docs/screenshots, else it goes with the test's results. */
async function screenshot(page: Page, name: string): Promise<void> {
  const file = process.env.UPDATE_SCREENSHOTS
    ? path.resolve(__dirname, '../../docs/screenshots', name)
    : test.info().outputPath(name);
  await page.screenshot({ path: file, animations: 'disabled' });
}

/** A browser context of its own (its own cookie), signed in as `name` through the sign-in screen. */
async function signedIn(browser: Browser, name: UserName): Promise<{ context: BrowserContext; page: Page }> {
  const user = USERS.find((u) => u.name === name)!;
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, reducedMotion: 'reduce' });
  const page = await context.newPage();
  await page.goto(server!.url);
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  if (name === 'morgan') await screenshot(page, 'team-sign-in.png');
  await page.getByLabel('Name').fill(user.name);
  await page.getByLabel('Password').fill(user.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page.getByText(`Signed in as ${user.name}`)).toBeVisible();
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible();
  return { context, page };
}

/** One API call from a signed-in page, as the page makes it (session cookie, CSRF token). */
async function api<R>(page: Page, method: string, input: unknown): Promise<R> {
  return page.evaluate(
    async ([m, i]) => {
      const s = (await (await fetch('/auth/session')).json()) as { csrfToken?: string; result?: { csrfToken: string } };
      const csrf = s.csrfToken ?? s.result?.csrfToken ?? '';
      const res = await fetch(`/api/${m as string}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
        body: JSON.stringify(i),
      });
      const body = (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
      if (!body.ok) throw new Error(body.error?.message);
      return body.result;
    },
    [method, input] as const,
  ) as Promise<R>;
}

async function openTrain(page: Page, train: TrainView): Promise<Locator> {
  await page.getByRole('button', { name: 'Calendar', exact: true }).click();
  await page.getByLabel('Go to date').fill(train.start);
  await page.getByTestId('calendar').getByTestId(`train-band-${train.version}`).first().click();
  const drawer = page.getByRole('dialog', { name: `Train ${train.version}` });
  await expect(drawer).toBeVisible();
  return drawer;
}

/** A train whose plan has not started, and a deployment of it that its last wave takes. */
async function movablePlan(page: Page) {
  const trains = await api<TrainView[]>(page, 'trains.list', {});
  const fleet = await api<DeploymentList>(page, 'deployments.list', {});
  const byKey = new Map(fleet.deployments.map((d) => [d.key, d]));
  for (const train of trains) {
    const plan = await api<RolloutPlanView | null>(page, 'rollout.get', { trainId: train.id });
    if (!plan || plan.started) continue;
    const last = plan.waves.at(-1)!;
    const groups = new Set(last.deployments.map((d) => byKey.get(d.key)?.pairingGroup));
    for (const wave of plan.waves.slice(1, -1).reverse()) {
      const d = wave.deployments.find((x) => {
        const dep = byKey.get(x.key)!;
        return dep.pinPolicy === 'none' && (dep.pairingGroup === null || !groups.has(dep.pairingGroup));
      });
      if (d) return { train, key: d.key, last: last.index };
    }
  }
  throw new Error('No unstarted plan has a deployment its last wave takes.');
}

test('a lead moves a deployment, and the release manager sees it without reloading', async ({ appBrowser }) => {
  const manager = await signedIn(appBrowser!, 'morgan');
  const lead = await signedIn(appBrowser!, 'lee');
  const { train, key, last } = await movablePlan(lead.page);

  const managerPlan = (await openTrain(manager.page, train)).getByTestId('rollout-plan');
  await expect(managerPlan.getByTestId(`rollout-wave-${last}`).getByTestId(`plan-deployment-${key}`)).toHaveCount(0);

  const leadPlan = (await openTrain(lead.page, train)).getByTestId('rollout-plan');
  await leadPlan.getByRole('button', { name: `Move ${key}…` }).click();
  const form = leadPlan.getByRole('form', { name: `Move ${key}` });
  await form.getByLabel('Wave').selectOption(String(last));
  await form.getByLabel('Reason').fill('Customer freeze until the 20th');
  await form.getByRole('button', { name: 'Move deployment' }).click();
  await expect(leadPlan.getByTestId(`rollout-wave-${last}`).getByTestId(`plan-deployment-${key}`)).toBeVisible();

  // No reload on the manager's side: the change arrives on the event stream.
  await expect(managerPlan.getByTestId(`rollout-wave-${last}`).getByTestId(`plan-deployment-${key}`)).toBeVisible();
  await expect(managerPlan.getByTestId('rollout-plan-change')).toContainText('lee');
  await screenshot(manager.page, 'team-live-move.png');
  await manager.context.close();
  await lead.context.close();
});

test("two people edit one train's notes: the second is refused, naming the first", async ({ appBrowser }) => {
  const first = await signedIn(appBrowser!, 'morgan');
  const second = await signedIn(appBrowser!, 'ada');
  const train = (await api<TrainView[]>(first.page, 'trains.list', {})).find((t) => t.state === 'active')!;

  const firstDrawer = await openTrain(first.page, train);
  const secondDrawer = await openTrain(second.page, train);
  // Both open the editor on the same read.
  await firstDrawer.getByRole('button', { name: 'Edit notes' }).click();
  await secondDrawer.getByRole('button', { name: 'Edit notes' }).click();

  await firstDrawer.getByLabel('Release notes').fill('Faster search, from Morgan.');
  await firstDrawer.getByRole('button', { name: 'Save notes' }).click();
  await expect(firstDrawer.getByText('Faster search, from Morgan.')).toBeVisible();

  await secondDrawer.getByLabel('Release notes').fill('Dark mode, from Ada.');
  await secondDrawer.getByRole('button', { name: 'Save notes' }).click();
  await expect(secondDrawer.getByRole('alert')).toContainText(
    `${train.version}'s release notes were changed by morgan at`,
  );
  await expect(secondDrawer.getByRole('alert')).toContainText('reload to see them, then edit again');
  await screenshot(second.page, 'team-conflict.png');
  // Nothing was overwritten.
  const stored = await api<{ train: TrainView }>(second.page, 'trains.get', { id: train.id });
  expect(stored.train.notes).toBe('Faster search, from Morgan.');
  await first.context.close();
  await second.context.close();
});

test('a viewer sees what they may not press greyed out, saying which role it needs', async ({ appBrowser }) => {
  const viewer = await signedIn(appBrowser!, 'val');
  const { train, key } = await movablePlan(viewer.page);
  const drawer = await openTrain(viewer.page, train);

  for (const name of ['Edit notes', 'Rename', 'Move start', 'Skip', 'Cancel train', 'Export…']) {
    const button = drawer.getByRole('button', { name, exact: true });
    await expect(button, name).toBeDisabled();
    await expect(button, name).toHaveAttribute('title', 'Needs the release manager role');
  }
  const move = drawer.getByTestId('rollout-plan').getByRole('button', { name: `Move ${key}…` });
  await expect(move).toBeDisabled();
  await expect(move).toHaveAttribute('title', 'Needs the lead role');
  await screenshot(viewer.page, 'team-viewer.png');
  await viewer.page.keyboard.press('Escape');
  await expect(viewer.page.getByRole('button', { name: 'Plan more…' })).toBeDisabled();

  await viewer.page.getByRole('button', { name: 'Settings', exact: true }).click();
  const save = viewer.page.getByRole('button', { name: 'Save working days' });
  await expect(save).toBeDisabled();
  await expect(save).toHaveAttribute('title', 'Needs the admin role');

  await viewer.page.getByRole('button', { name: 'Sign out' }).click();
  await expect(viewer.page.getByRole('heading', { name: 'Sign in' })).toBeVisible();
  await viewer.context.close();
});
