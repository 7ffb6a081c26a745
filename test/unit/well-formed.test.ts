import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wellFormed } from '../../shared/utf8';

// API inputs lose their lone surrogates before they are parsed: the oracle is what a UTF-8
// round trip through TextEncoder and TextDecoder makes of each string.
const roundTrip = (text: string) => new TextDecoder().decode(new TextEncoder().encode(text));

const text = fc.string({
  unit: fc.constantFrom('a', 'é', '😀', '\ud83d', '\ude00', '\ud800', '\udfff', ' '),
  maxLength: 40,
});

describe('wellFormed', () => {
  it('turns each lone surrogate into U+FFFD as UTF-8 would, and keeps pairs', () => {
    fc.assert(
      fc.property(text, (t) => {
        expect(wellFormed(t)).toBe(roundTrip(t));
      }),
    );
  });

  it('goes through arrays and plain objects, keys included, and leaves other values be', () => {
    fc.assert(
      fc.property(
        fc.dictionary(text, fc.oneof(text, fc.array(text), fc.integer(), fc.boolean(), fc.constant(null))),
        (o) => {
          const expected = Object.fromEntries(
            Object.entries(o).map(([k, v]) => [
              roundTrip(k),
              typeof v === 'string' ? roundTrip(v) : Array.isArray(v) ? v.map(roundTrip) : v,
            ]),
          );
          expect(wellFormed(o)).toEqual(expected);
        },
      ),
    );
  });

  it('returns the very value when nothing changes', () => {
    const clean = { notes: 'Fixed 😀', keys: ['a', 'b'], n: 3 };
    expect(wellFormed(clean)).toBe(clean);
    expect(wellFormed(clean.keys)).toBe(clean.keys);
    expect(wellFormed({ notes: 'x\ud800' })).toEqual({ notes: 'x\ufffd' });
  });
});
