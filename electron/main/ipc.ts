import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from '../backend/dispatcher';
import type { ApiResponse } from '../../shared/errors';
import { METHOD_NAMES, type MethodName, ipcChannel } from '../../shared/method-names';
import type { AppLocation } from './app-url';
import { FORBIDDEN_SENDER, isTrustedSender } from './ipc-guard';

export interface ApiHandlerOptions {
  ipcMain: Pick<IpcMain, 'handle'>;
  dispatch: Dispatch;
  /** The main window's webContents id, or undefined while no window is open. */
  mainContentsId: () => number | undefined;
  location: AppLocation;
  log: (message: string) => void;
  /**
   * Methods the main process answers itself because they need its dialogs or windows
   * (export.save); they take the same `unknown` input and parse it with the contract.
   */
  mainProcess?: Partial<Record<MethodName, (input: unknown) => Promise<unknown>>>;
  /** The team server the app has joined, if any: while connected, calls go there instead (team-client.ts). */
  team?: TeamRoute;
}

/** The part of the team client the relay needs. */
export interface TeamRoute {
  connected(): boolean;
  call(method: MethodName, input: unknown): Promise<ApiResponse<unknown>>;
}

/**
 * Where one call goes: the main process's own handler (it reaches the data through `route`
 * itself), else the team server while the app is joined to one, else the local backend.
 */
export function relayCall(
  method: MethodName,
  input: unknown,
  options: Pick<ApiHandlerOptions, 'dispatch' | 'mainProcess' | 'team'>,
): Promise<unknown> {
  const own = options.mainProcess?.[method];
  if (own) return own(input);
  return options.team?.connected() ? options.team.call(method, input) : options.dispatch(method, input);
}

/** A Dispatch that follows the same route (for the main process's own handlers, such as export.save). */
export function routedDispatch(dispatch: Dispatch, team: TeamRoute): Dispatch {
  return (method, input, call) =>
    team.connected() && (METHOD_NAMES as readonly unknown[]).includes(method)
      ? team.call(method as MethodName, input)
      : dispatch(method, input, call);
}

/**
 * One handler per API method on its own fixed channel (the preload's counterpart). The
 * input stays `unknown` here: the dispatcher parses it with the contract's schema.
 */
export function registerApiHandlers(options: ApiHandlerOptions): void {
  for (const method of METHOD_NAMES) {
    options.ipcMain.handle(ipcChannel(method), (event: IpcMainInvokeEvent, input: unknown) => {
      if (!isTrustedSender(event, options.mainContentsId(), options.location)) {
        options.log(`Refused ${method} from a frame that is not the app's window.`);
        return FORBIDDEN_SENDER;
      }
      return relayCall(method, input, options);
    });
  }
}
