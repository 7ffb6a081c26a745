import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startNotificationPoller } from '../../shared/notification-poller';
import type { ReleaseNotification } from '../../shared/notifications';

const note = (key: string, trainId: number): ReleaseNotification => ({
  key,
  kind: 'train_halted',
  trainId,
  version: `2027.0${trainId}`,
  at: '2027-01-18T10:00:00.000Z',
  title: `Train 2027.0${trainId} is halted`,
  body: 'Login loop (INC-7, high severity): integrate the fix and resume the train.',
});

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('the notification poller', () => {
  it('asks at once and then every interval, shows what the backend returns, and a click opens its train', async () => {
    const answers = [[note('a', 1)], [], [note('b', 2), note('c', 3)]];
    const take = vi.fn(async () => ({ ok: true as const, result: answers.shift() ?? [] }));
    const shown: { key: string; click: () => void }[] = [];
    const openTrain = vi.fn();
    const poller = startNotificationPoller({
      take,
      show: (n, click) => shown.push({ key: n.key, click }),
      openTrain,
      log: vi.fn(),
      intervalMs: 1000,
    });
    await vi.advanceTimersByTimeAsync(0);
    expect(shown.map((s) => s.key)).toEqual(['a']);
    await vi.advanceTimersByTimeAsync(2000);
    expect(take).toHaveBeenCalledTimes(3);
    expect(shown.map((s) => s.key)).toEqual(['a', 'b', 'c']);
    shown[2]!.click();
    expect(openTrain).toHaveBeenCalledWith(3);
    poller.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(take).toHaveBeenCalledTimes(3);
  });

  it('never asks twice at once: a check while one is answering waits for it', async () => {
    let release: (v: { ok: true; result: ReleaseNotification[] }) => void = () => {};
    const take = vi.fn(() => new Promise<{ ok: true; result: ReleaseNotification[] }>((r) => (release = r)));
    const poller = startNotificationPoller({ take, show: vi.fn(), openTrain: vi.fn(), log: vi.fn(), intervalMs: 1000 });
    const a = poller.check();
    const b = poller.check();
    await vi.advanceTimersByTimeAsync(3000);
    expect(take).toHaveBeenCalledTimes(1);
    release({ ok: true, result: [] });
    await Promise.all([a, b]);
    // Once answered, the next check asks again (and is answered at once).
    take.mockResolvedValueOnce({ ok: true, result: [] });
    await poller.check();
    expect(take).toHaveBeenCalledTimes(2);
    poller.stop();
  });

  it('logs a refusal or a failure and keeps asking', async () => {
    const log = vi.fn();
    const take = vi
      .fn()
      .mockResolvedValueOnce({ ok: false, error: { message: 'The database is not open yet; try again.' } })
      .mockRejectedValueOnce(new Error('channel closed'))
      .mockResolvedValue({ ok: true, result: [note('d', 4)] });
    const show = vi.fn();
    const poller = startNotificationPoller({ take, show, openTrain: vi.fn(), log, intervalMs: 1000 });
    await vi.advanceTimersByTimeAsync(2000);
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      'Could not check for notifications: The database is not open yet; try again.',
      'Could not check for notifications: channel closed',
    ]);
    expect(show).toHaveBeenCalledTimes(1);
    poller.stop();
  });
});
