// A refusal is judged next to a positive control taken after whatever changed the gateway: in
// revoked-cert, the partner's own acceptance before its revocation (or offboarding) must never
// serve as the control of the refusal after it. Read from the Allure steps of a real local run.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliWithoutHtml } from './support/cli.ts';
import { bound } from './support/bounds.ts';
import { scratchDir } from './support/scratch.ts';

const dir = scratchDir('mtls-conformance-control-');

type Step = { name: string; steps?: Step[] };

describe('positive controls', () => {
  it('come after the control action they are next to, never from the revoked partner before it', async () => {
    const r = await runCliWithoutHtml(['run', '--only', 'revoked-cert', '--report-dir', dir]);
    expect(r.code, r.stdout.slice(-2000)).toBe(0);
    const results = join(dir, 'allure-results');
    const cases = readdirSync(results).filter((f) => f.endsWith('-result.json')).map((f) => JSON.parse(readFileSync(join(results, f), 'utf8')) as { name: string; steps: Step[] });
    for (const name of ['a certificate on the CRL is refused', 'an offboarded partner is refused with 401 while others still get in']) {
      const steps = cases.find((c) => c.name === name)!.steps.map((s) => s.name);
      const acted = steps.findIndex((s) => s.startsWith('act: '));
      const control = steps.findIndex((s) => s.startsWith('arrange: positive control: '));
      expect(acted, name).toBeGreaterThan(-1);
      expect(control, `${name}: ${steps.join(' | ')}`).toBeGreaterThan(acted);
      // A fresh probe by a regular partner, not the revoked one's acceptance from before.
      expect(steps[control], name).toMatch(/^arrange: positive control: partner-a gets in on \/v1\/consumer just before$/);
    }
  }, bound(60_000));
});
