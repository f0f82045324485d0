// A demo that cannot start or end, or a case whose control action fails, because the run's own
// control endpoint failed: that is no verdict on the gateway, so its cases are broken with the reason and the fix (docs/verdicts.md), never
// skipped (a run that says nothing) nor failed (a false failure that blocks a deploy).
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

function run(control: 'gone' | 'silent' | 'no-end' | 'action-fails'): { cases: { name: string; state: string; errorNames: string[] }[]; collected: Collected[] } {
  const out = execFileSync(process.execPath, ['--import', 'tsx', DRIVER, FIXTURE], { encoding: 'utf8', env: { ...process.env, DEMO_CONTROL: control } });
  return JSON.parse(out) as ReturnType<typeof run>;
}

describe('a demo its run cannot coordinate', () => {
  it('cannot start (nothing listens at the control endpoint): its case is broken, with the reason and the fix', () => {
    const r = run('gone');
    expect(r.cases).toMatchObject([{ name: 'would pass', state: 'fail', errorNames: ['CaseBroken'] }]);
    expect(r.collected).toHaveLength(1);
    expect(r.collected[0]).toMatchObject({ demo: 'demo-start', name: 'would pass', result: 'broken' });
    expect(r.collected[0]!.reason).toMatch(/^the demo could not start: .*ECONNREFUSED|^the demo could not start: .*connect/);
    expect(r.collected[0]!.fix).toMatch(/own control endpoint: run again/);
  });

  it('waits for its lease no longer than its bound, and then is broken, not timed out', () => {
    const r = run('silent');
    expect(r.collected).toMatchObject([{ name: 'would pass', result: 'broken', reason: 'the demo could not start: no lease after 0.3 s: the demos before it never ended' }]);
  });

  it('cannot end (handing its lease back fails): its verdicts stand, and the demo is broken for it, not failed', () => {
    const r = run('no-end');
    expect(r.collected).toEqual([
      { demo: 'demo-start', name: 'would pass', result: 'passed' },
      expect.objectContaining({ demo: 'demo-start', name: '(suite file)', result: 'broken', reason: 'the demo did not end cleanly: control POST /lease/end failed: no such lease' }),
    ]);
  });

  it('asks for a control action that fails on the run\'s side: the case is broken, not failed', () => {
    const r = run('action-fails');
    expect(r.cases).toMatchObject([{ name: 'would pass', state: 'fail', errorNames: ['CaseBroken'] }]);
    expect(r.collected).toEqual([
      expect.objectContaining({ demo: 'demo-start', name: 'would pass', result: 'broken', reason: 'control POST /revoke failed: nginx reload did not complete within 5000 ms' }),
    ]);
    expect(r.collected[0]!.fix).toMatch(/its own control endpoint failed/);
  });
});
