/**
 * Stored text (names, reasons, notes, imported CSV cells) reaches the terminal through the CLI;
 * a control character in it could move the cursor, recolour the screen or retitle the window.
 * Shown as a visible escape instead (ESC as `\x1b`), it can still be read and reported.
 */

// C0 controls, DEL, C1 controls and the bidirectional overrides and isolates (which reorder the
// rest of the line); in running text, tab and newline are layout and stay.
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROLS_IN_TEXT = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// In a table cell, a tab or newline would break the columns: escape those too.
// eslint-disable-next-line no-control-regex -- matching control characters is the point.
const CONTROLS_IN_CELL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const SHORT_ESCAPES: Record<string, string> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

function visible(char: string): string {
  const code = char.charCodeAt(0);
  return SHORT_ESCAPES[char] ?? (code > 0xff ? `\\u${code.toString(16)}` : `\\x${code.toString(16).padStart(2, '0')}`);
}

/** Text for the terminal, its control characters (but tab and newline) shown as escapes. */
export function terminalText(text: string): string {
  return text.replace(CONTROLS_IN_TEXT, visible);
}

/** One table cell for the terminal: every control character shown as an escape, so it stays on its line. */
export function terminalCell(text: string): string {
  return text.replace(CONTROLS_IN_CELL, visible);
}
