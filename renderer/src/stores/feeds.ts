import { create } from 'zustand';
import type { CreatedFeed, Feed, Input } from '../../../shared/contract';
import { errorMessage } from '../../../shared/errors';
import { call } from '../api/client';
import { toast } from './toasts';

interface FeedsState {
  /** Every feed, newest first; null until loaded. */
  feeds: Feed[] | null;
  /** The active deployments' keys, for a deployment feed. */
  deploymentKeys: string[];
  loadError: string | null;
  load: () => Promise<void>;
  /** Creates a feed; the answer carries its secret, shown once. Rejects with the refusal. */
  create: (input: Input<'feeds.create'>) => Promise<CreatedFeed>;
  /** Revokes a feed; rejects with the refusal. */
  revoke: (id: number) => Promise<void>;
}

/** The subscribable feeds of a team server (Settings → Subscriptions). */
export const useFeedsStore = create<FeedsState>()((set, get) => ({
  feeds: null,
  deploymentKeys: [],
  loadError: null,
  load: async () => {
    try {
      const [feeds, fleet] = await Promise.all([
        call('feeds.list', {}),
        call('deployments.list', { status: 'active', sort: 'key' }),
      ]);
      set({ feeds, deploymentKeys: fleet.deployments.map((d) => d.key), loadError: null });
    } catch (err) {
      set({ loadError: errorMessage(err) });
    }
  },
  create: async (input) => {
    const created = await call('feeds.create', input);
    set({ feeds: [created.feed, ...(get().feeds ?? []).filter((f) => f.id !== created.feed.id)] });
    return created;
  },
  revoke: async (id) => {
    const feed = await call('feeds.revoke', { id });
    set({ feeds: (get().feeds ?? []).map((f) => (f.id === id ? feed : f)) });
    toast(`Revoked the feed "${feed.label}"; its address no longer answers`);
  },
}));
