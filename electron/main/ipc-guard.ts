import type { ApiResponse } from '../../shared/errors';
import { type AppLocation, isAppUrl } from './app-url';

/** The parts of an `IpcMainInvokeEvent` the check reads; a plain object in tests. */
export interface IpcSender {
  sender: { id: number };
  senderFrame: { url: string; parent: unknown } | null;
}

export const FORBIDDEN_SENDER: ApiResponse<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Only the Release Calendar window may call its API; the request was refused.' },
};

/**
 * True when the message comes from the main window's top frame while it shows our own
 * page: not an iframe, not another window, not a page the window was navigated to.
 * `senderFrame` is null once the frame navigated away or was destroyed, and reading a
 * disposed frame throws; both count as untrusted.
 */
export function isTrustedSender(event: IpcSender, mainContentsId: number | undefined, location: AppLocation): boolean {
  if (mainContentsId === undefined || event.sender.id !== mainContentsId) return false;
  try {
    const frame = event.senderFrame;
    return frame !== null && frame.parent === null && isAppUrl(frame.url, location);
  } catch {
    return false;
  }
}
