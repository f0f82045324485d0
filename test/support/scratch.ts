// A temporary folder for one test file, removed when the file is done. The removal is asynchronous
// and has a time-out of its own: a file that made many CLI runs leaves thousands of report files,
// and on CI's busy disk deleting them synchronously once outlasted vitest's 10 s hook time-out.
import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { bound } from './bounds.ts';

export const REMOVAL_MS = bound(20_000);

export function scratchDir(prefix: string, parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, prefix));
  afterAll(() => rm(dir, { recursive: true, force: true }), REMOVAL_MS);
  return dir;
}
