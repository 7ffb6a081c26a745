import { toast } from './toasts';
import { errorMessage } from '../../../shared/errors';

/** What a load does with its answer: show it, or show why it failed. */
export interface Landing<T> {
  ok: (value: T) => void;
  failed: (message: string) => void;
}

/**
 * Answers can arrive out of order when people act quickly; only the newest request may land.
 * `begin()` starts a request and gives back the check to make when its answer arrives.
 */
export function newestRequest() {
  let latest = 0;
  const begin = (): (() => boolean) => {
    const ticket = ++latest;
    return () => ticket === latest;
  };
  return {
    begin,
    /** Runs `load`; its answer or failure lands only if no newer request began and it is still `wanted`. */
    run: async <T>(load: () => Promise<T>, landing: Landing<T>, wanted: () => boolean = () => true) => {
      const isNewest = begin();
      const lands = () => isNewest() && wanted();
      try {
        const value = await load();
        if (lands()) landing.ok(value);
      } catch (err) {
        if (lands()) landing.failed(errorMessage(err));
      }
    },
  };
}

/**
 * A failed load keeps the last good data on screen and says so in a toast; only a failed first
 * load (nothing on screen yet) becomes the view's error.
 */
export function reportLoadFailure(err: unknown, onScreen: boolean, showError: (message: string) => void): void {
  if (onScreen) toast(errorMessage(err), 'error');
  else showError(errorMessage(err));
}
