// missing-cert (seed Demo 2): a client that presents no certificate is refused.
import { describe, it } from 'vitest';
import { expectRefused, labelCase } from './support/steps.ts';

describe('missing-cert', () => {
  it('a request without a client certificate is refused', async () => {
    await labelCase('missing-cert', 'no client certificate is refused');
    await expectRefused('no-cert', {});
  });
});
