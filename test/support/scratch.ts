// A temporary folder for one test file, removed when the file is done. The removal is asynchronous
// and has a time-out of its own: a file that made many CLI runs leaves thousands of report files,
// and on CI's busy disk deleting them synchronously once outlasted vitest's 10 s hook time-out.
import { chmodSync, mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import { bound } from './bounds.ts';

export const REMOVAL_MS = bound(20_000);

/** A new temp dir a root run's nginx workers (user "nobody") can pass through to the gateway's files. */
export function passableTempDir(prefix: string, parent = tmpdir()): string {
  const dir = mkdtempSync(join(parent, prefix));
  chmodSync(dir, 0o711);
  return dir;
}

export function scratchDir(prefix: string, parent = tmpdir()): string {
  const dir = passableTempDir(prefix, parent);
  afterAll(() => rm(dir, { recursive: true, force: true }), REMOVAL_MS);
  return dir;
}
