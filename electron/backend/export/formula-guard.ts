// Spreadsheet formula injection (OWASP "CSV injection"): a cell that starts with
// = + - @ TAB or CR may be run as a formula by Excel, LibreOffice or Sheets.
// One guard for every CSV the app writes (the fleet, the rollout schedule).

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Cells that a spreadsheet would run as a formula get a leading apostrophe. A
 * value that already starts with one gets another, so that `restore` can tell
 * the two apart and every value round-trips.
 */
export function defuse(value: string): string {
  return FORMULA_START.test(value) || value.startsWith("'") ? `'${value}` : value;
}

/** Undoes `defuse`, so an exported file imports back unchanged. */
export function restore(value: string): string {
  const rest = value.slice(1);
  return value.startsWith("'") && (FORMULA_START.test(rest) || rest.startsWith("'")) ? rest : value;
}
