import { describe, expect, it, vi } from 'vitest';
import type { IpcMainInvokeEvent } from 'electron';
import type { AppLocation } from '../../electron/main/app-url';
import { registerApiHandlers } from '../../electron/main/ipc';
import { FORBIDDEN_SENDER, type IpcSender, isTrustedSender } from '../../electron/main/ipc-guard';
import { METHOD_NAMES } from '../../shared/method-names';

const APP: AppLocation = {
  kind: 'file',
  url: 'file:///app/out/renderer/index.html',
  filePath: '/app/out/renderer/index.html',
};
const MAIN_ID = 7;

function sender(overrides: { id?: number; url?: string; parent?: unknown; frame?: null } = {}): IpcSender {
  return {
    sender: { id: overrides.id ?? MAIN_ID },
    senderFrame:
      overrides.frame === null
        ? null
        : { url: overrides.url ?? `${APP.url}#/trains`, parent: overrides.parent ?? null },
  };
}

describe('isTrustedSender', () => {
  it("trusts the main window's top frame on our page", () => {
    expect(isTrustedSender(sender(), MAIN_ID, APP)).toBe(true);
  });

  it('refuses another window', () => {
    expect(isTrustedSender(sender({ id: 8 }), MAIN_ID, APP)).toBe(false);
  });

  it('refuses everyone while no main window is open', () => {
    expect(isTrustedSender(sender(), undefined, APP)).toBe(false);
  });

  it('refuses an iframe, even one showing our page', () => {
    expect(isTrustedSender(sender({ parent: {} }), MAIN_ID, APP)).toBe(false);
  });

  it('refuses the main window once it shows a foreign page', () => {
    expect(isTrustedSender(sender({ url: 'https://evil.example/' }), MAIN_ID, APP)).toBe(false);
    expect(isTrustedSender(sender({ url: 'file:///tmp/evil.html' }), MAIN_ID, APP)).toBe(false);
  });

  it('refuses a frame that navigated away or was destroyed', () => {
    expect(isTrustedSender(sender({ frame: null }), MAIN_ID, APP)).toBe(false);
    const disposed = {
      sender: { id: MAIN_ID },
      get senderFrame(): never {
        throw new Error('Render frame was disposed before WebFrameMain could be accessed');
      },
    };
    expect(isTrustedSender(disposed, MAIN_ID, APP)).toBe(false);
  });
});

describe('registerApiHandlers', () => {
  type Handler = (event: IpcMainInvokeEvent, input: unknown) => unknown;

  function setUp() {
    const handlers = new Map<string, Handler>();
    const dispatch = vi.fn((method: unknown) => Promise.resolve({ ok: true as const, result: method }));
    const log = vi.fn();
    registerApiHandlers({
      ipcMain: { handle: (channel: string, handler: Handler) => void handlers.set(channel, handler) },
      dispatch,
      mainContentsId: () => MAIN_ID,
      location: APP,
      log,
    });
    return { handlers, dispatch, log };
  }

  it('registers one fixed channel per API method, and no other', () => {
    const { handlers } = setUp();
    expect([...handlers.keys()].sort()).toEqual(METHOD_NAMES.map((m) => `rc:${m}`).sort());
  });

  it("dispatches the channel's own method with the untouched input", async () => {
    const { handlers, dispatch } = setUp();
    const input = { key: 'us-east-3' };
    const answer = await handlers.get('rc:deployments.get')!(sender() as IpcMainInvokeEvent, input);
    expect(dispatch).toHaveBeenCalledWith('deployments.get', input);
    expect(answer).toEqual({ ok: true, result: 'deployments.get' });
  });

  it('answers forbidden, without dispatching, to an untrusted sender', async () => {
    const { handlers, dispatch, log } = setUp();
    const answer = await handlers.get('rc:fleet.loadDemo')!(sender({ id: 99 }) as IpcMainInvokeEvent, {});
    expect(answer).toEqual(FORBIDDEN_SENDER);
    expect(FORBIDDEN_SENDER).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(dispatch).not.toHaveBeenCalled();
    expect(log).toHaveBeenCalledWith(expect.stringContaining('fleet.loadDemo'));
  });
});
