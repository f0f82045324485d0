// A demo that cannot start, or a case whose control action fails on the run's side: that is no
// verdict on the gateway, so its cases are broken with the reason and the fix (docs/verdicts.md),
// never skipped (a run that says nothing) nor failed (a false failure that blocks a deploy).
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const FIXTURE = fileURLToPath(new URL('./fixtures/in-process/demo-start.mjs', import.meta.url));
const DRIVER = fileURLToPath(new URL('./support/in-process-driver.ts', import.meta.url));

interface Collected {
  demo: string;
  name: string;
  result: string;
  reason?: string;
  fix?: string;
}

function run(control: 'silent' | 'action-fails'): { cases: { name: string; state: string; errorNames: string[] }[]; collected: Collected[] } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', DRIVER, FIXTURE], { encoding: 'utf8', env: { ...process.env, DEMO_CONTROL: control } });
  return JSON.parse(out) as ReturnType<typeof run>;
}

describe('a demo its run cannot coordinate', () => {
  it('waits for its turn no longer than its bound, and then is broken, not timed out', () => {
    const r = run('silent');
    expect(r.cases).toMatchObject([{ name: 'would pass', state: 'fail', errorNames: ['CaseBroken'] }]);
    expect(r.collected).toMatchObject([{ name: 'would pass', result: 'broken', reason: 'the demo could not start: no lease after 0.3 s: the demos before it never ended' }]);
  });

  it('asks for a control action that fails on the run\'s side: the case is broken, not failed', () => {
    const r = run('action-fails');
    expect(r.cases).toMatchObject([{ name: 'would pass', state: 'fail', errorNames: ['CaseBroken'] }]);
    expect(r.collected).toEqual([
      expect.objectContaining({ demo: 'demo-start', name: 'would pass', result: 'broken', reason: 'revoke failed: nginx reload did not complete within 5000 ms' }),
    ]);
    expect(r.collected[0]!.fix).toMatch(/on its own side: run again/);
  });
});
