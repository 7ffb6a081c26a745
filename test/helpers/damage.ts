import fs from 'node:fs';
import { expect } from 'vitest';

/** Overwrites three pages in the middle of `file` with garbage, as a failing disk or a stray write would. */
export function damageMiddlePages(file: string): void {
  const pageSize = 4096;
  const pages = fs.statSync(file).size / pageSize;
  expect(pages).toBeGreaterThan(8);
  const garbage = Buffer.alloc(pageSize * 3, 0);
  for (let i = 0; i < garbage.length; i++) garbage[i] = (i * 37 + 11) % 251;
  const fd = fs.openSync(file, 'r+');
  fs.writeSync(fd, garbage, 0, garbage.length, Math.floor(pages / 2) * pageSize);
  fs.closeSync(fd);
}
