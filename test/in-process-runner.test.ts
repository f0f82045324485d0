// The CLI's runner (harness/run/in-process/): suite files side by side in one thread, each case's
// Allure steps on that case, and every outcome kept apart (time-out, skip note, stray rejection, a
// file that does not load). It runs in a child process: @vitest/runner's state here is vitest's.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/in-process/${name}.mjs`, import.meta.url));
const DRIVER = fileURLToPath(new URL('./support/in-process-driver.ts', import.meta.url));

interface Driven {
  files: { path: string; state: string; errors: string[] }[];
  cases: { name: string; state: string; start?: number; duration?: number; note?: string; errors: string[]; steps: string[] }[];
  unhandled: string[];
  collected: { demo: string; name: string; result: string; reason?: string; fix?: string }[];
}

function drive(...names: string[]): Driven {
  return driveWith(2, ...names);
}

function driveWith(lanes: number, ...names: string[]): Driven {
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', DRIVER, '--concurrency', String(lanes), ...names.map(fixture)], { encoding: 'utf8' })) as Driven;
}

describe('the in-process runner', () => {
  it('runs files side by side (each case waits for the other: one after the other, both would time out), and each step lands on the case that made it', () => {
    const r = drive('alpha', 'beta');
    const byName = new Map(r.cases.map((c) => [c.name, c]));
    expect(byName.get('alpha case')).toMatchObject({ state: 'pass', steps: ['alpha step 1', 'alpha step 2'] });
    expect(byName.get('beta case')).toMatchObject({ state: 'pass', steps: ['beta step 1', 'beta step 2'] });
  });

  it('keeps a time-out, a skip note and a stray rejection apart; a file that does not load is broken alone, and so is a case that lost a file of its own', () => {
    const r = driveWith(4, 'broken-import', 'outcomes', 'alpha', 'beta');
    const byName = new Map(r.cases.map((c) => [c.name, c]));
    expect(byName.get('over its time-out')?.state).toBe('fail');
    expect(byName.get('over its time-out')?.errors.join(' ')).toMatch(/timed out in 100ms/);
    expect(byName.get('not supported here')).toMatchObject({ state: 'skip', note: 'not-supported: no such feature' });
    expect(byName.get('leaves a rejection behind')?.state).toBe('pass');
    expect(r.unhandled).toEqual(['a stray rejection']);
    expect(r.files.find((f) => f.path.endsWith('broken-import.mjs'))).toMatchObject({ state: 'fail', errors: ['this suite file does not load'] });
    // It asked the gateway nothing: no verdict, so broken (not a failure that blocks a deploy), with what to do.
    expect(r.collected.filter((c) => c.demo === 'broken-import.mjs')).toEqual([
      { demo: 'broken-import.mjs', name: '(suite file)', result: 'broken', reason: 'the suite file did not load, so none of its cases ran: this suite file does not load', fix: expect.stringMatching(/^\S+broken-import\.mjs is part of this tool, not of the gateway: reinstall the tool; if it repeats, report this line$/) },
    ]);
    expect(byName.get('alpha case')?.state).toBe('pass');
    // A system call of the run's own that failed (its file gone) is no answer of the gateway: broken.
    expect(r.collected.find((c) => c.name === 'loses its own file')).toMatchObject({ result: 'broken', reason: expect.stringMatching(/^ENOENT: no such file or directory, open/), fix: expect.stringMatching(/^the run's own open failed \(ENOENT\)/) });
    // A fault of the tool's own code, or a time-out, is no answer of the gateway either; only a broken promise fails.
    expect(r.collected.find((c) => c.name === 'trips on its own code')).toMatchObject({ result: 'broken', fix: 'a fault of this tool (TypeError), not an answer of the gateway: report it with this line' });
    expect(r.collected.find((c) => c.name === 'over its time-out')?.result).toBe('broken');
    expect(r.collected.find((c) => c.name === 'finds a promise broken')).toMatchObject({ result: 'failed', reason: 'let through: HTTP 200' });
  });

  it('has no bound of its own below the lanes: demos waiting to start never keep the one they wait for from running', () => {
    // @vitest/runner's default bound is 5 at once: five waiting starts would hold every slot.
    const r = driveWith(6, 'waits-1', 'waits-2', 'waits-3', 'waits-4', 'waits-5', 'releases');
    expect(r.cases.map((c) => `${c.name}: ${c.state}`).sort()).toEqual(['releases the others: pass', ...Array.from({ length: 5 }, () => 'runs once released: pass')]);
  });

  it('a skipped case is no longer the running one: what runs after it is not recorded on it', () => {
    const r = drive('skips-last');
    expect(r.cases).toMatchObject([{ name: 'is skipped', state: 'skip', steps: [] }]);
  });
});
