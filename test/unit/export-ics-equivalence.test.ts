import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { escapeText, fnv1a64, foldLine } from '../../shared/export/ics';

// The iCalendar writer's hot paths are written for speed (a feed of 10,000 events). Each must
// give what its plain definition gives, here as the oracle, for any text: the bytes of a file
// and the stored content hashes (hence every SEQUENCE) may not change.

/** FNV-1a, 64 bits, over UTF-16 code units, with BigInt: the definition. */
function fnvOracle(text: string): string {
  let h = 0xcbf29ce484222325n;
  for (let i = 0; i < text.length; i++) {
    h ^= BigInt(text.charCodeAt(i));
    h = (h * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}

/** RFC 5545 TEXT, one rule at a time. */
function escapeOracle(text: string): string {
  return text
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F]/g, '') // eslint-disable-line no-control-regex -- what TEXT drops
    .replace(/[\\;,\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`));
}

/** Folding code point by code point, each counted in UTF-8 octets. */
function foldOracle(line: string): string {
  const out: string[] = [];
  let current = '';
  let octets = 0;
  for (const ch of line) {
    const cp = ch.codePointAt(0)!;
    const size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
    if (octets + size > 75) {
      out.push(current);
      current = ' ';
      octets = 1;
    }
    current += ch;
    octets += size;
  }
  out.push(current);
  return out.join('\r\n');
}

/** Any UTF-16 text, lone surrogates and control characters included, of every length up to a few folds. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 400, size: 'max' }),
  fc.string({
    unit: fc.constantFrom('a', 'é', '中', '😀', '\r', '\n', ';', ',', '\\', '\ud800', '\udc00'),
    maxLength: 300,
    size: 'max',
  }),
);

describe('the iCalendar writer, against the definitions it implements (property)', () => {
  it('hashes as FNV-1a over BigInt does', () => {
    expect(fnv1a64('')).toBe('cbf29ce484222325');
    fc.assert(
      fc.property(anyText, (text) => {
        expect(fnv1a64(text)).toBe(fnvOracle(text));
      }),
    );
  });

  it('escapes TEXT as the rules applied one after another do', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        expect(escapeText(text)).toBe(escapeOracle(text));
      }),
    );
  });

  it('folds as counting every code point in UTF-8 does', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const line = `DESCRIPTION:${text}`;
        expect(foldLine(line)).toBe(foldOracle(line));
      }),
    );
  });
});
