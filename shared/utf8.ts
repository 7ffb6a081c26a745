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
