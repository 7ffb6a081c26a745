import { parse } from 'csv-parse/sync';
import { DomainError } from '../../../shared/errors';

/** One record of a CSV file: its trimmed cells and the line it starts on. */
export interface CsvRecord {
  cells: string[];
  line: number;
}

/**
 * The lines of a file as a person counts them in an editor: CRLF, LF and a lone CR each end
 * one line, inside a quoted cell too. csv-parse counts CRLF inside quotes as two lines, so the
 * lines are counted here, from the byte offsets where its records end.
 */
class LineCounter {
  private pos = 0;
  private line = 1;

  constructor(private readonly bytes: Uint8Array) {}

  /** The line of the first character at or after `offset` that is not blank (records are trimmed). */
  firstContentLine(offset: number): number {
    let at = offset;
    while (at < this.bytes.length && isBlankByte(this.bytes[at])) at += 1;
    return this.lineAt(at);
  }

  /** Offsets must not decrease from one call to the next: the counter walks forward only. */
  private lineAt(offset: number): number {
    for (; this.pos < offset && this.pos < this.bytes.length; this.pos += 1) {
      const b = this.bytes[this.pos];
      if (b === LF || (b === CR && this.bytes[this.pos + 1] !== LF)) this.line += 1;
    }
    return this.line;
  }
}

const CR = 0x0d;
const LF = 0x0a;
const isBlankByte = (b: number | undefined): boolean => b === 0x20 || b === 0x09 || b === CR || b === LF || b === 0x0c;

/** What went wrong and what to do, for each csv-parse error a person can cause. */
const PARSER_PROBLEMS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED:
    'A quoted cell starts in this row and its closing quote is missing; add the closing " or remove the opening one.',
  CSV_INVALID_CLOSING_QUOTE:
    'A quoted cell has text after its closing quote; put the whole cell in quotes and write each quote inside it twice ("").',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
    'A quoted cell has text after its closing quote; put the whole cell in quotes and write each quote inside it twice ("").',
  INVALID_OPENING_QUOTE:
    'A quote appears inside a cell that does not start with one; put the whole cell in quotes and write each quote inside it twice ("").',
};
const UNKNOWN_PARSER_PROBLEM = 'This row cannot be read as CSV; check its commas and quotes.';

/**
 * Splits CSV text into trimmed records, skipping blank lines. CRLF, LF and CR line endings are
 * all accepted, mixed in one file too: a file edited on two systems is still one list. Rows are
 * returned whatever their number of cells; the caller compares them with its header. Text that
 * cannot be split (a quote never closed, text after a closing quote) is refused with the line of
 * the row it happens in, in words that say what to change.
 */
export function readCsvRecords(text: string): CsvRecord[] {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const lines = new LineCounter(Buffer.from(body, 'utf8'));
  const records: CsvRecord[] = [];
  // Where the last complete record ended, in bytes: the next one, or the failing one, starts after it.
  let endOfLast = 0;
  try {
    parse(body, {
      skip_empty_lines: true,
      trim: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      on_record: (cells: string[], context: { bytes: number }) => {
        records.push({ cells, line: lines.firstContentLine(endOfLast) });
        endOfLast = context.bytes;
        return null;
      },
    });
  } catch (err) {
    const code = (err as { code?: unknown }).code;
    const message = (typeof code === 'string' ? PARSER_PROBLEMS[code] : undefined) ?? UNKNOWN_PARSER_PROBLEM;
    const line = lines.firstContentLine(endOfLast);
    throw new DomainError(
      'invalid_input',
      `The file is not valid CSV, so nothing was imported: line ${line}: ${message}`,
      [{ line, field: 'csv', message }],
    );
  }
  return records;
}

/**
 * C0 other than tab, LF and CR; DEL; C1; and the bidirectional embeddings, overrides and isolates,
 * which make text show in another order than it is stored (a key that reads as another).
 */
const isControl = (point: number): boolean =>
  (point < 0x20 && point !== 0x09 && point !== 0x0a && point !== 0x0d) ||
  (point >= 0x7f && point <= 0x9f) ||
  (point >= 0x202a && point <= 0x202e) ||
  (point >= 0x2066 && point <= 0x2069);

const CONTROL_NAMES: Record<number, string> = {
  0x00: 'null',
  0x07: 'bell',
  0x08: 'backspace',
  0x0b: 'vertical tab',
  0x0c: 'form feed',
  0x1b: 'escape',
  0x7f: 'delete',
  0x202a: 'left-to-right embedding',
  0x202b: 'right-to-left embedding',
  0x202c: 'pop directional formatting',
  0x202d: 'left-to-right override',
  0x202e: 'right-to-left override',
  0x2066: 'left-to-right isolate',
  0x2067: 'right-to-left isolate',
  0x2068: 'first strong isolate',
  0x2069: 'pop directional isolate',
};

/**
 * The problem with a cell that holds control characters (C0 other than tab, CR and LF; DEL; C1;
 * bidirectional overrides), or undefined when it holds none. They are invisible in an editor and some make a terminal
 * run commands, so a cell holding one is refused, naming each so it can be found.
 */
export function controlCharacterProblem(cell: string, subject = 'This cell'): string | undefined {
  const found = new Set<number>();
  for (let i = 0; i < cell.length; i += 1) if (isControl(cell.charCodeAt(i))) found.add(cell.charCodeAt(i));
  if (found.size === 0) return undefined;
  const names = [...found].map((point) => {
    const code = `U+${point.toString(16).toUpperCase().padStart(4, '0')}`;
    const name = CONTROL_NAMES[point];
    return name === undefined ? code : `${code} (${name})`;
  });
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  return names.length === 1
    ? `${subject} holds the invisible control character ${list}; delete it.`
    : `${subject} holds the invisible control characters ${list}; delete them.`;
}

/**
 * True when the text holds U+FFFD, what invalid UTF-8 bytes become when a file is decoded
 * leniently. A real U+FFFD in a fleet file is not worth keeping, so it is read as a bad file.
 */
export const hasUndecodableBytes = (cell: string): boolean => cell.includes('\uFFFD');
