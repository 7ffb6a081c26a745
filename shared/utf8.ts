/**
 * A file's bytes as UTF-8 text, or null when they are not UTF-8 (a Latin-1 or UTF-16 export).
 * Decoding strictly here, where the bytes are read, tells a broken file from text that merely
 * holds U+FFFD; a byte-order mark is kept for the CSV reader to recognise.
 */
export function decodeUtf8(bytes: ArrayBuffer | Uint8Array): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** A UTF-16 surrogate without its other half: no character, and no UTF-8 can hold it. */
const LONE_SURROGATES = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/** Any surrogate at all: a quick test (no state, unlike a global pattern's) before the exact one. */
const ANY_SURROGATE = /[\uD800-\uDFFF]/;

/**
 * A JSON value with every lone surrogate in its strings (keys included) replaced by U+FFFD, as
 * UTF-8 storage would turn it: an API input is made so before it is parsed, so that what is
 * stored, audited and compared later is the same text. Returns the value itself when nothing
 * needs replacing.
 */
export function wellFormed<T>(value: T): T {
  if (typeof value === 'string')
    return (ANY_SURROGATE.test(value) ? value.replace(LONE_SURROGATES, '\uFFFD') : value) as T;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    const mapped = items.map(wellFormed);
    return (mapped.some((v, i) => v !== items[i]) ? mapped : value) as T;
  }
  if (value !== null && typeof value === 'object' && [Object.prototype, null].includes(Object.getPrototypeOf(value))) {
    const entries = Object.entries(value);
    const mapped = entries.map(([k, v]) => [wellFormed(k), wellFormed(v)] as const);
    return (
      mapped.some(([k, v], i) => k !== entries[i]![0] || v !== entries[i]![1]) ? Object.fromEntries(mapped) : value
    ) as T;
  }
  return value;
}
