// A field shows its error when it loses focus, and the message moves everything below it. When
// focus leaves because a button under the field is being pressed (Save), the button would move
// between press and release and the click would be lost. So while a pointer is down, an update
// that changes the layout waits until the pointer is released and its click has been handled.

let pressed = false;
const waiting: (() => void)[] = [];

function release(): void {
  pressed = false;
  const run = waiting.splice(0);
  // After the click that follows this pointerup, which the browser dispatches in the same task.
  if (run.length > 0) setTimeout(() => run.forEach((fn) => fn()), 0);
}

window.addEventListener('pointerdown', () => (pressed = true), true);
window.addEventListener('pointerup', release, true);
window.addEventListener('pointercancel', release, true);

/** Runs `fn` now, or once the pointer that is down is released (see above). */
export function afterPointerRelease(fn: () => void): void {
  if (pressed) waiting.push(fn);
  else fn();
}
