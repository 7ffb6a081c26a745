import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { z } from 'zod';
import { TEAM_CHANNELS } from '../../shared/app-commands';
import type { ApiResponse } from '../../shared/errors';
import type { TeamEvent, TeamStatus } from '../../shared/team-connection';
import type { AppLocation } from './app-url';
import { FORBIDDEN_SENDER, isTrustedSender } from './ipc-guard';
import type { TeamClient } from './team-client';

// The page's three requests about the team server, each on its own fixed channel and checked
// like every API call (ipc-guard.ts), and the events the main process pushes back.

const connectSchema = z
  .object({ url: z.string().max(2048), name: z.string().max(64), password: z.string().max(1024) })
  .strict();

export interface TeamHandlerOptions {
  ipcMain: Pick<IpcMain, 'handle'>;
  team: Pick<TeamClient, 'connect' | 'disconnect' | 'status' | 'events'>;
  mainContentsId: () => number | undefined;
  location: AppLocation;
  /** Pushes an event to the window (TEAM_EVENT_CHANNEL). */
  send: (event: TeamEvent) => void;
  log: (message: string) => void;
}

export function registerTeamHandlers(options: TeamHandlerOptions): void {
  let stopEvents: (() => void) | null = null;
  const follow = (): void => {
    stopEvents?.();
    stopEvents = options.team.events((change) => options.send({ type: 'changed', ...change }));
  };
  const guarded =
    (name: string, handler: (input: unknown) => Promise<ApiResponse<TeamStatus>>) =>
    (event: IpcMainInvokeEvent, input: unknown): Promise<ApiResponse<TeamStatus>> => {
      if (!isTrustedSender(event, options.mainContentsId(), options.location)) {
        options.log(`Refused ${name} from a frame that is not the app's window.`);
        return Promise.resolve(FORBIDDEN_SENDER);
      }
      return handler(input);
    };

  options.ipcMain.handle(
    TEAM_CHANNELS.connect,
    guarded('team.connect', async (input) => {
      const parsed = connectSchema.safeParse(input);
      if (!parsed.success)
        return { ok: false, error: { code: 'invalid_input', message: 'Give the address, your name and password.' } };
      const answer = await options.team.connect(parsed.data.url, parsed.data.name, parsed.data.password);
      if (answer.ok) follow();
      return answer;
    }),
  );
  options.ipcMain.handle(
    TEAM_CHANNELS.disconnect,
    guarded('team.disconnect', async () => {
      stopEvents?.();
      stopEvents = null;
      return { ok: true, result: await options.team.disconnect() };
    }),
  );
  options.ipcMain.handle(
    TEAM_CHANNELS.status,
    guarded('team.status', () => Promise.resolve({ ok: true, result: options.team.status() })),
  );
}
