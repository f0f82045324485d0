// self-signed-cert (the guide's Demo 3): a self-signed cert carrying a real partner's subject is refused.
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { expectRefused } from './support/refuse.ts';
import { labelCase } from './support/steps.ts';
import { target } from './support/target.ts';

export const demo = defineDemo(
  {
    id: 'self-signed-cert',
    order: 3,
    guide: 'Demo 3',
    checks: "a self-signed cert carrying a real partner's subject is refused",
    needs: [],
    requests: (p) => budget([p.workhorse, 1]),
  },
  (d) => {
    const impostor = target().probes.selfSigned;
    d.case(`a self-signed certificate with the subject ${impostor.subject} is refused`, async () => {
      await labelCase(demo, 'a self-signed certificate is refused', { impersonates: impostor.subject });
      await expectRefused('cert-rejected', { identity: impostor, fault: 'self-signed' });
    });
  },
);
