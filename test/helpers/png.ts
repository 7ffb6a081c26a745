import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';

// Just enough PNG to count ink on a rendered PDF page: 8-bit greyscale, RGB or
// RGBA, not interlaced (what pdftoppm writes). No dependency for one check.

export interface DecodedPng {
  width: number;
  height: number;
  /** Channels per pixel: 1 grey, 3 RGB, 4 RGBA. */
  channels: number;
  pixels: Uint8Array;
}

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(file: Buffer): DecodedPng {
  if (!file.subarray(0, 8).equals(SIGNATURE)) throw new Error('Not a PNG file.');
  let offset = 8;
  let width = 0;
  let height = 0;
  let channels = 0;
  const data: Buffer[] = [];
  while (offset < file.length) {
    const length = file.readUInt32BE(offset);
    const type = file.toString('latin1', offset + 4, offset + 8);
    const body = file.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = body.readUInt32BE(0);
      height = body.readUInt32BE(4);
      const [depth, colour, , , interlace] = [body[8], body[9], body[10], body[11], body[12]];
      channels = CHANNELS[colour!] ?? 0;
      if (depth !== 8 || channels === 0 || interlace !== 0)
        throw new Error(`Unsupported PNG (depth ${depth}, colour type ${colour}, interlace ${interlace}).`);
    } else if (type === 'IDAT') data.push(body);
    else if (type === 'IEND') break;
    offset += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(data));
  const stride = width * channels;
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const left = x >= channels ? pixels[y * stride + x - channels]! : 0;
      const up = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const upLeft = y > 0 && x >= channels ? pixels[(y - 1) * stride + x - channels]! : 0;
      const predictor = [0, left, up, (left + up) >> 1, paeth(left, up, upLeft)][filter];
      if (predictor === undefined) throw new Error(`Unknown PNG filter ${filter}.`);
      pixels[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  return { width, height, channels, pixels };
}

/** Pixels darker than near-white in any colour channel: the ink on a page. */
export function inkedPixels(png: DecodedPng, threshold = 240): number {
  let count = 0;
  const colours = Math.min(png.channels, 3);
  for (let i = 0; i < png.pixels.length; i += png.channels) {
    for (let c = 0; c < colours; c++) {
      if (png.pixels[i + c]! < threshold) {
        count++;
        break;
      }
    }
  }
  return count;
}

/** Renders every page of a PDF with pdftoppm and returns each page's PNG file, in page order. */
export function renderPdfPages(pdf: string, resolution = 40): string[] {
  const prefix = path.join(path.dirname(pdf), `${path.basename(pdf, '.pdf')}-page`);
  execFileSync('pdftoppm', ['-png', '-r', String(resolution), pdf, prefix]);
  return fs
    .readdirSync(path.dirname(pdf))
    .filter((f) => f.startsWith(path.basename(prefix)) && f.endsWith('.png'))
    .sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]))
    .map((f) => path.join(path.dirname(pdf), f));
}
