import { toast } from './toasts';

/** A failure in one sentence, for a toast or an alert. */
export function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/**
 * Answers can arrive out of order when people act quickly; only the newest request may land.
 * `begin()` starts a request and gives back the check to make when its answer arrives.
 */
export function newestRequest(): { begin: () => () => boolean } {
  let latest = 0;
  return {
    begin: () => {
      const ticket = ++latest;
      return () => ticket === latest;
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
