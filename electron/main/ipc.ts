import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import type { Dispatch } from '../backend/dispatcher';
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
      return options.mainProcess?.[method]?.(input) ?? options.dispatch(method, input);
    });
  }
}
