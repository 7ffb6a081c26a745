import { describe, expect, it } from 'vitest';
import { decodeUtf8 } from '../../shared/utf8';

describe('decodeUtf8', () => {
  it('decodes UTF-8, keeping a byte-order mark and a U+FFFD the text really holds', () => {
    expect(decodeUtf8(new TextEncoder().encode('Zürich 東京 \uFFFD'))).toBe('Zürich 東京 \uFFFD');
    expect(decodeUtf8(Uint8Array.from([0xef, 0xbb, 0xbf, 0x61]))).toBe('\uFEFFa');
  });

  it.each([
    ['Latin-1', Uint8Array.from([0x5a, 0xfc, 0x72, 0x69, 0x63, 0x68])],
    ['UTF-16 with its byte-order mark', Uint8Array.from([0xff, 0xfe, 0x61, 0x00])],
    ['a truncated multi-byte character', Uint8Array.from([0x61, 0xe6, 0x9d])],
  ])('refuses %s', (_what, bytes) => {
    expect(decodeUtf8(bytes)).toBeNull();
  });
});
