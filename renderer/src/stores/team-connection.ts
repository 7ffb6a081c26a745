import { z } from 'zod';
import { create } from 'zustand';
import { ROLES } from '../../../shared/method-roles';
import type { ApiError, ApiResponse } from '../../../shared/errors';
import type { TeamBridge, TeamConnectInput, TeamStatus } from '../../../shared/team-connection';
import { ApiCallError } from '../api/client';

declare global {
  interface Window {
    /** Set by the Electron preload: the team server the desktop app may join. Absent in browser mode and on a team server. */
    releaseCalendarTeam?: TeamBridge;
  }
}

interface TeamConnectionState {
  /** Null until read, and always where there is no bridge. */
  status: TeamStatus | null;
  load: () => Promise<void>;
  /** Signs in; rejects with ApiCallError (the server's refusal, or unavailable). */
  connect: (input: TeamConnectInput) => Promise<TeamStatus>;
  disconnect: () => Promise<TeamStatus>;
}

function resultOf(answer: ApiResponse<TeamStatus>): TeamStatus {
  if (!answer.ok) throw new ApiCallError(answer.error);
  return answer.result;
}

const NO_BRIDGE: ApiError = { code: 'internal', message: 'Only the desktop app joins a team server.' };

/** Whether this page can join a team server: the desktop app's preload offers it. */
export function canJoinTeam(): boolean {
  return window.releaseCalendarTeam !== undefined;
}

/** The desktop app's connection to a team server (Settings → Team server, the app-wide banner). */
export const useTeamConnectionStore = create<TeamConnectionState>()((set) => ({
  status: null,
  load: async () => {
    const bridge = window.releaseCalendarTeam;
    if (!bridge) return;
    try {
      set({ status: resultOf(await bridge.status()) });
    } catch {
      // The section offers to connect; the main process answers the next time.
    }
  },
  connect: async (input) => {
    const bridge = window.releaseCalendarTeam;
    if (!bridge) throw new ApiCallError(NO_BRIDGE);
    const status = resultOf(await bridge.connect(input));
    set({ status });
    return status;
  },
  disconnect: async () => {
    const bridge = window.releaseCalendarTeam;
    if (!bridge) throw new ApiCallError(NO_BRIDGE);
    const status = resultOf(await bridge.disconnect());
    set({ status });
    return status;
  },
}));

/** What the main process may push; anything else is ignored. */
const teamEventSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('changed'), method: z.string(), actor: z.string(), at: z.string() }),
  z.object({
    type: z.literal('status'),
    status: z.union([
      z.object({
        state: z.literal('local'),
        remembered: z.object({ url: z.string(), name: z.string() }).nullable(),
      }),
      z.object({
        state: z.enum(['connected', 'reconnecting', 'unreachable', 'signed-out']),
        url: z.string(),
        user: z.object({ name: z.string(), role: z.enum(ROLES), displayName: z.string().nullable() }),
      }),
    ]),
  }),
]);

/** Follows the connection's state as the main process pushes it; returns the unsubscribe. */
export function followTeamConnection(onChanged: () => void): () => void {
  const bridge = window.releaseCalendarTeam;
  if (!bridge) return () => undefined;
  void useTeamConnectionStore.getState().load();
  return bridge.subscribe((raw) => {
    const parsed = teamEventSchema.safeParse(raw);
    if (!parsed.success) return;
    const event = parsed.data;
    if (event.type === 'status') {
      const before = useTeamConnectionStore.getState().status?.state;
      const { status } = event;
      useTeamConnectionStore.setState({ status });
      // Back after trouble: what the page shows may be stale.
      if (status.state === 'connected' && before !== undefined && before !== 'connected') onChanged();
    } else onChanged();
  });
}
