import { useState } from 'react';

/**
 * Starts a form again from the stored values whenever they change (a save here, or a
 * refresh). Compared by content: a refresh that brings the same values keeps the edits.
 */
export function useResetOnSaved<S>(saved: S, reset: (saved: S) => void): void {
  const savedKey = JSON.stringify(saved);
  const [shownKey, setShownKey] = useState(savedKey);
  if (shownKey !== savedKey) {
    setShownKey(savedKey);
    reset(saved);
  }
}
