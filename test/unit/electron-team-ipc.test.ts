import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import type { AppLocation } from '../../electron/main/app-url';
import { registerApiHandlers, relayCall, routedDispatch } from '../../electron/main/ipc';
import { FORBIDDEN_SENDER, type IpcSender } from '../../electron/main/ipc-guard';
import { registerTeamHandlers } from '../../electron/main/team-ipc';
import { TEAM_CHANNELS } from '../../shared/app-commands';
import type { TeamEvent, TeamStatus } from '../../shared/team-connection';

// The Electron glue of the team client, with ipcMain and the client faked: where each call goes,
// and the three team channels behind the same sender check as the API.

const APP: AppLocation = { kind: 'file', url: 'file:///app/index.html', filePath: '/app/index.html' };
const MAIN_ID = 7;
const trusted: IpcSender = { sender: { id: MAIN_ID }, senderFrame: { url: APP.url, parent: null } };
const stranger: IpcSender = { sender: { id: 99 }, senderFrame: { url: APP.url, parent: null } };
type Handler = (event: IpcMainInvokeEvent, input?: unknown) => unknown;

const CONNECTED: TeamStatus = {
  state: 'connected',
  url: 'https://plan.example.com',
  user: { name: 'sam', role: 'release-manager', displayName: null },
};

function fakeTeam(connected: boolean) {
  return {
    connected: () => connected,
    call: vi.fn((method: string) => Promise.resolve({ ok: true as const, result: `team:${method}` })),
  };
}
const local = () =>
  vi.fn((method: unknown) => Promise.resolve({ ok: true as const, result: `local:${String(method)}` }));

describe('relayCall', () => {
  it('goes to the local backend while no team server is joined', async () => {
    const dispatch = local();
    const team = fakeTeam(false);
    expect(await relayCall('trains.list', {}, { dispatch, team })).toEqual({ ok: true, result: 'local:trains.list' });
    expect(team.call).not.toHaveBeenCalled();
  });

  it('goes to the team server while joined, and never to the local file', async () => {
    const dispatch = local();
    const team = fakeTeam(true);
    const input = { id: 3, notes: 'x' };
    expect(await relayCall('trains.setNotes', input, { dispatch, team })).toEqual({
      ok: true,
      result: 'team:trains.setNotes',
    });
    expect(team.call).toHaveBeenCalledWith('trains.setNotes', input);
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('leaves the main process’s own methods to it, which reach the data by the same route', async () => {
    const dispatch = local();
    const team = fakeTeam(true);
    const save = vi.fn(() => Promise.resolve({ ok: true, result: 'saved' }));
    expect(await relayCall('export.save', {}, { dispatch, team, mainProcess: { 'export.save': save } })).toEqual({
      ok: true,
      result: 'saved',
    });
    const routed = routedDispatch(dispatch, team);
    expect(await routed('export.render', {})).toEqual({ ok: true, result: 'team:export.render' });
    expect(await routedDispatch(dispatch, fakeTeam(false))('export.render', {})).toEqual({
      ok: true,
      result: 'local:export.render',
    });
  });

  it('relays through the API channels', async () => {
    const handlers = new Map<string, Handler>();
    const team = fakeTeam(true);
    registerApiHandlers({
      ipcMain: { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) },
      dispatch: local(),
      mainContentsId: () => MAIN_ID,
      location: APP,
      log: () => undefined,
      team,
    });
    expect(await handlers.get('rc:app.info')!(trusted as IpcMainInvokeEvent, {})).toEqual({
      ok: true,
      result: 'team:app.info',
    });
    expect(await handlers.get('rc:app.info')!(stranger as IpcMainInvokeEvent, {})).toEqual(FORBIDDEN_SENDER);
  });
});

describe('registerTeamHandlers', () => {
  function setUp() {
    const handlers = new Map<string, Handler>();
    const sent: TeamEvent[] = [];
    const stop = vi.fn();
    let onChanged: ((c: { method: string; actor: string; at: string }) => void) | null = null;
    const team = {
      connect: vi.fn((url: string) =>
        Promise.resolve(
          url === 'bad'
            ? {
                ok: false as const,
                error: { code: 'unauthorized' as const, message: 'The name or the password is wrong.' },
              }
            : { ok: true as const, result: CONNECTED },
        ),
      ),
      disconnect: vi.fn(() => Promise.resolve({ state: 'local', remembered: null } as TeamStatus)),
      status: vi.fn((): TeamStatus => CONNECTED),
      events: vi.fn((listener: NonNullable<typeof onChanged>) => {
        onChanged = listener;
        return stop;
      }),
    };
    const log = vi.fn();
    registerTeamHandlers({
      ipcMain: { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) },
      team,
      mainContentsId: () => MAIN_ID,
      location: APP,
      send: (e) => sent.push(e),
      log,
    });
    return { handlers, team, sent, stop, log, changed: () => onChanged };
  }

  it('registers exactly its three fixed channels', () => {
    expect([...setUp().handlers.keys()].sort()).toEqual(Object.values(TEAM_CHANNELS).sort());
  });

  it('connects, then follows the server’s changes and pushes them to the window', async () => {
    const { handlers, team, sent, changed } = setUp();
    const input = { url: 'https://plan.example.com', name: 'sam', password: 'correct horse battery staple' };
    expect(await handlers.get(TEAM_CHANNELS.connect)!(trusted as IpcMainInvokeEvent, input)).toEqual({
      ok: true,
      result: CONNECTED,
    });
    expect(team.connect).toHaveBeenCalledWith(input.url, input.name, input.password);
    changed()!({ method: 'trains.setNotes', actor: 'ada', at: '2027-03-01T09:00:00.000Z' });
    expect(sent).toEqual([
      { type: 'changed', method: 'trains.setNotes', actor: 'ada', at: '2027-03-01T09:00:00.000Z' },
    ]);
  });

  it('answers a refused sign-in without following events, and refuses malformed input', async () => {
    const { handlers, team } = setUp();
    const refused = await handlers.get(TEAM_CHANNELS.connect)!(trusted as IpcMainInvokeEvent, {
      url: 'bad',
      name: 'sam',
      password: 'x',
    });
    expect(refused).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(team.events).not.toHaveBeenCalled();
    expect(
      await handlers.get(TEAM_CHANNELS.connect)!(trusted as IpcMainInvokeEvent, { url: 1, extra: true }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(team.connect).toHaveBeenCalledTimes(1);
  });

  it('disconnects and stops following; answers the status', async () => {
    const { handlers, team, stop } = setUp();
    await handlers.get(TEAM_CHANNELS.connect)!(trusted as IpcMainInvokeEvent, {
      url: 'https://plan.example.com',
      name: 'sam',
      password: 'correct horse battery staple',
    });
    expect(await handlers.get(TEAM_CHANNELS.status)!(trusted as IpcMainInvokeEvent)).toEqual({
      ok: true,
      result: CONNECTED,
    });
    expect(await handlers.get(TEAM_CHANNELS.disconnect)!(trusted as IpcMainInvokeEvent)).toEqual({
      ok: true,
      result: { state: 'local', remembered: null },
    });
    expect(stop).toHaveBeenCalled();
    expect(team.disconnect).toHaveBeenCalled();
  });

  it('refuses every team channel to a sender that is not the app’s window', async () => {
    const { handlers, team, log } = setUp();
    for (const channel of Object.values(TEAM_CHANNELS))
      expect(await handlers.get(channel)!(stranger as IpcMainInvokeEvent, {})).toEqual(FORBIDDEN_SENDER);
    expect(team.connect).not.toHaveBeenCalled();
    expect(team.disconnect).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('team.connect'));
  });
});
