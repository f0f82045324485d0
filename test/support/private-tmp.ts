// A private TMPDIR for one test file (each runs in its own worker), so that "the run left no temp
// file behind" can be checked exactly, whatever other tests do at the same time.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { rm } from 'node:fs/promises';
import { passableTempDir, REMOVAL_MS } from './scratch.ts';

export function usePrivateTmp(name: string): { ours(): string[] } {
  const dir = passableTempDir(`mtls-conformance-${name}-`);
  const saved = process.env.TMPDIR;
  beforeAll(() => void (process.env.TMPDIR = dir));
  afterAll(async () => {
    // Assigning undefined would set the string "undefined" (process.env holds strings only).
    if (saved === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = saved;
    await rm(dir, { recursive: true, force: true });
  }, REMOVAL_MS);
  // This process's own reaper dir (harness/util/reaper.ts: a manifest, no keys) lives until the
  // process exits; it is not something a teardown left behind. Another's may be going while it is
  // read (a killed run's watchdog removing it): without its owner file it is not this process's.
  const ownReaper = (e: string): boolean => {
    if (!e.startsWith('mtls-conformance-reaper-')) return false;
    try {
      return readFileSync(join(dir, e, '.owner'), 'utf8').startsWith(`${process.pid} `);
    } catch {
      return false;
    }
  };
  return { ours: () => readdirSync(dir).filter((e) => e.startsWith('mtls-conformance-') && !ownReaper(e)) };
}
