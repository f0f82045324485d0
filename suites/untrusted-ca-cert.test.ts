// untrusted-ca-cert (the guide's Demo 3): a cert from another CA carrying a real partner's subject is refused.
import { budget } from './support/budget.ts';
import { defineDemo } from './support/demo.ts';
import { expectRefused } from './support/refuse.ts';
import { labelCase } from './support/steps.ts';
import { target } from './support/target.ts';

export const demo = defineDemo(
  {
    id: 'untrusted-ca-cert',
    order: 4,
    guide: 'Demo 3',
    checks: "a cert from another CA carrying a real partner's subject is refused",
    needs: [],
    requests: (p) => budget([p.workhorse, 1]),
  },
  (d) => {
    const impostor = target().probes.foreignCa;
    d.case(`a certificate from a foreign CA with the subject ${impostor.subject} is refused`, async () => {
      await labelCase(demo, 'a certificate from an untrusted CA is refused', { impersonates: impostor.subject });
      await expectRefused('cert-rejected', { identity: impostor, fault: 'foreign-ca' });
    });
  },
);
