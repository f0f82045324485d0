// When cert-manager renews a Certificate, as harness/identities/renewal.ts works it out (cert-manager
// v1.21.1, pkg/util/pki/renewaltime.go): what cert-lifecycle holds kind's Certificates to.
import { describe, expect, it } from 'vitest';
import { goDurationMs, renewalLead } from '../harness/identities/renewal.ts';

describe('cert-manager renewal lead', () => {
  it('reads Go durations as cert-manager writes them', () => {
    expect([goDurationMs('2160h'), goDurationMs('720h0m0s'), goDurationMs('1h30m'), goDurationMs('90d')]).toEqual([2160 * 3_600_000, 720 * 3_600_000, 5_400_000, undefined]);
  });

  it.each([
    ['renewBefore', { name: 'a', duration: '2160h', renewBefore: '720h' }, 720],
    ['a renewBefore as long as the lifetime (ignored: a third)', { name: 'a', duration: '2160h', renewBefore: '2160h' }, 720],
    ['renewBeforePercentage', { name: 'a', duration: '2160h', renewBeforePercentage: 10 }, 216],
    ['nothing: a third of the default 2160h', { name: 'a' }, 720],
    ['nothing, a 30-day lifetime: a third', { name: 'a', duration: '720h' }, 240],
  ])('from the spec: %s', (_what, cert, hours) => {
    expect(renewalLead(cert)).toEqual(expect.objectContaining({ hours, from: 'spec' }));
  });

  it("takes cert-manager's own status over the spec", () => {
    expect(renewalLead({ name: 'a', renewBefore: '720h', notAfter: '2027-02-27T00:00:00Z', renewalTime: '2027-02-17T00:00:00Z' })).toEqual({ hours: 240, from: 'status', durationHours: 2160 });
  });

  it('gives up on a duration that is not one', () => {
    expect(renewalLead({ name: 'a', duration: '90 days' })).toBeUndefined();
  });
});
