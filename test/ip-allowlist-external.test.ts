// ip-allowlist on someone else's gateway: a target file that names a partner's sourceAddresses
// turns the demo on; it passes a gateway that holds the partner to them and fails one that does
// not. Both gateways are the local reference gateway on 127.0.0.1, run as an external target.
import { afterEach, describe, expect, it } from 'vitest';
import type { Policy } from '../harness/config/policy.ts';
import { EXAMPLE_POLICY, exampleYaml, localGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { byResult, observed, runExternal } from './support/external-run.ts';
import { bound } from './support/bounds.ts';

/** partner-b held to 127.0.0.1 at the gateway. */
const HELD: Policy = { ...EXAMPLE_POLICY, partners: EXAMPLE_POLICY.partners.map((p) => (p.name === 'partner-b' ? { ...p, sourceAddresses: ['127.0.0.1'] } : p)) };

/** The example target file, with partner-b's sourceAddresses declared. */
const declared = (fx: ExternalFixture): string => exampleYaml(fx.baseUrl).replace('    key: certs/partner-b.key\n', '    key: certs/partner-b.key\n    sourceAddresses: [127.0.0.1]\n');

let fx: ExternalFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('ip-allowlist against an external target', () => {
  it('passes a gateway that holds the declared partner to its addresses, seeing its 403 JSON', async () => {
    fx = await localGatewayFixture({}, HELD);
    fx.write(declared(fx));
    const { r, report } = await runExternal(fx, 'held', ['--only', 'ip-allowlist']);
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    expect(byResult(report, 'passed')).toEqual(['ip-allowlist']);
    expect(observed(report, 'ip-allowlist')).toEqual(['accepted', 'forbidden-json']);
  }, bound(60_000));

  it('fails a gateway that lets the partner in from anywhere', async () => {
    fx = await localGatewayFixture();
    fx.write(declared(fx));
    const { r, report } = await runExternal(fx, 'open', ['--only', 'ip-allowlist']);
    expect(r.code).toBe(1);
    expect(byResult(report, 'failed')).toEqual(['ip-allowlist']);
    expect(report.demos[0]!.cases[1]!.reason).toMatch(/let through: HTTP 200/);
  }, bound(60_000));

  it('is not-supported, with the reason, when the file names no source addresses', async () => {
    fx = await localGatewayFixture({}, HELD);
    const { r, report } = await runExternal(fx, 'undeclared', ['--only', 'ip-allowlist']);
    expect(r.code).toBe(0);
    expect(report.demos[0]!.cases.map((c) => c.reason)).toEqual([expect.stringMatching(/no partner names sourceAddresses/), expect.stringMatching(/no partner names sourceAddresses/)]);
  }, bound(60_000));
});
