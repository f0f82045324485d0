// missing-cert (the guide's Demo 2): a client that presents no certificate is refused.
import { expectRefused } from './support/refuse.ts';
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { labelCase } from './support/steps.ts';

export const demo = defineDemo(
  {
    id: 'missing-cert',
    order: 2,
    guide: 'Demo 2',
    checks: 'no client cert is refused',
    needs: [],
    requests: (p) => budget([p.workhorse, 1]), // the positive control
  },
  (d) => {
    d.case('a request without a client certificate is refused', async () => {
      await labelCase(demo, 'no client certificate is refused');
      await expectRefused('no-cert', {});
    });
  },
);
