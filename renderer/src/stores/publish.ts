import { create } from 'zustand';
import type { PublishStatus } from '../../../shared/contract';
import { call } from '../api/client';
import { toast } from './toasts';
import { errorMessage } from '../../../shared/errors';

interface PublishState {
  /** The folder, when it was last published and the last error; null until loaded. */
  status: PublishStatus | null;
  loadError: string | null;
  load: () => Promise<void>;
  /** Sets the folder (null stops publishing), which publishes at once; rejects with the refusal. */
  update: (folder: string | null) => Promise<PublishStatus>;
}

/** The publish folder, where the plan's files are rewritten after every change. */
export const usePublishStore = create<PublishState>()((set) => ({
  status: null,
  loadError: null,
  load: async () => {
    try {
      set({ status: await call('publish.get', {}), loadError: null });
    } catch (err) {
      set({ loadError: errorMessage(err) });
    }
  },
  update: async (folder) => {
    const status = await call('publish.update', { folder });
    set({ status, loadError: null });
    if (!status.folder) toast('Stopped publishing the plan');
    else if (status.lastError) toast(`The folder is saved, but publishing failed: ${status.lastError}`, 'error');
    else toast(`Published the plan to ${status.folder}`);
    return status;
  },
}));
