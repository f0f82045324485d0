// cache-isolation on someone else's gateway: a target file that names a cached route turns the demo
// on; it passes a gateway that keys its cache per partner and fails one that shares one answer
// among partners. Both gateways are the local reference gateway on 127.0.0.1, run as an external
// target; the judgement there rests on X-Cache-Status (the file promises no echoing backend).
import { afterEach, describe, expect, it } from 'vitest';
import type { Policy } from '../harness/config/policy.ts';
import { EXAMPLE_POLICY, exampleYaml, localGatewayFixture, type ExternalFixture } from './support/external-fixture.ts';
import { byResult, runExternal } from './support/external-run.ts';
import { bound } from './support/bounds.ts';
import { runCliWithoutHtml } from './support/cli.ts';
import { join } from 'node:path';

const CACHED: Policy = { ...EXAMPLE_POLICY, cache: { path: '/v1/consumer/cached', version: 'v1', ttlSeconds: 60 } };

/** The example target file, with the cached route declared. */
const declared = (fx: ExternalFixture): string => `${exampleYaml(fx.baseUrl)}cache: { path: /v1/consumer/cached, ttlSeconds: 60 }\n`;

let fx: ExternalFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('cache-isolation against an external target', () => {
  it('passes a gateway that caches the route per partner', async () => {
    fx = await localGatewayFixture({}, CACHED);
    fx.write(declared(fx));
    const { r, report } = await runExternal(fx, 'per-partner', ['--only', 'cache-isolation']);
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    expect(byResult(report, 'passed')).toEqual(['cache-isolation']);
  }, bound(60_000));

  it("fails a gateway that serves one partner's cached answer to another", async () => {
    fx = await localGatewayFixture({ faults: new Set(['cache-shared-key']) }, CACHED);
    fx.write(declared(fx));
    const { r, report } = await runExternal(fx, 'shared', ['--only', 'cache-isolation']);
    expect(r.code).toBe(1);
    expect(report.demos[0]!.cases.map((c) => c.result)).toEqual(['passed', 'failed']);
    expect(report.demos[0]!.cases[1]!.reason).toMatch(/was served partner-\w's cached answer \(X-Cache-Status: HIT\)/);
  }, bound(60_000));

  it('is not-supported, with the reason, when the file names no cached route', async () => {
    fx = await localGatewayFixture({}, CACHED);
    const { r, report } = await runExternal(fx, 'undeclared', ['--only', 'cache-isolation']);
    expect(r.code).toBe(0);
    expect(report.demos[0]!.cases.map((c) => c.reason)).toEqual([expect.stringMatching(/no route the gateway caches per partner is named \(cache\.path\)/), expect.stringMatching(/no route the gateway caches per partner is named/)]);
  }, bound(60_000));

  it('reports a cached path under no declared version with its key path', async () => {
    fx = await localGatewayFixture({}, CACHED);
    fx.write(`${exampleYaml(fx.baseUrl)}cache: { path: /v7/cached, ttlSeconds: 60 }\n`);
    const r = await runCliWithoutHtml(['run', '--target', 'external', '--config', fx.file, '--report-dir', join(fx.dir, 'reports-bad')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cache\.path: "\/v7\/cached" must lie under a version's route/);
  }, bound(60_000));
});
