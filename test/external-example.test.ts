// The example target file (docs/targets.md's, without partnerCa, sourceAddresses and issuer), as is,
// against a conforming gateway: the whole catalogue, including rate-limit on a quota the other demos
// share (so it waits out the window: its own file, so that the wait overlaps other tests).
import { describe, expect, it } from 'vitest';
import { localGatewayFixture } from './support/external-fixture.ts';
import { byResult, runExternal } from './support/external-run.ts';
import { bound } from './support/bounds.ts';

describe('external target', () => {
  it('accepts the example target file as is; a run against a conforming gateway exits 0', async () => {
    const fx = await localGatewayFixture();
    try {
      const { r, report } = await runExternal(fx, 'design');
      expect(r.code, r.stdout.slice(-3000)).toBe(0);
      expect(report.result).toBe('success');
      expect(byResult(report, 'failed')).toEqual([]);
      // What the file cannot give is not-supported, with the reason.
      expect(byResult(report, 'not-supported')).toEqual(['audit-log', 'backend-outage', 'cache-isolation', 'identity-propagation', 'ip-allowlist', 'onboarding', 'request-transformation', 'session-resumption', 'wrong-eku']);
      expect(report.demos.find((d) => d.id === 'rate-limit')!.result).toBe('passed');
      expect(report.demos.find((d) => d.id === 'revoked-cert')!.cases.map((c) => c.result)).toEqual(['not-supported', 'passed', 'not-supported']);
      expect(report.reproduce).toBe(`npx mtls-conformance run --target external --config ${fx.file}`);
    } finally {
      await fx.close();
    }
  }, bound(240_000));

});
