// A cert's summary for evidence is read from the cert itself: a cert re-issued under the same name
// is a new summary.
import { describe, expect, it } from 'vitest';
import { createAuthority, issueLeaf } from '../harness/pki/authority.ts';
import { summarizeCert } from '../harness/pki/summary.ts';

describe('summarizeCert', () => {
  it('summarizes each PEM from the cert itself', async () => {
    const ca = await createAuthority({ O: 'Summary Test', CN: 'Summary CA' });
    const subject = { O: 'Summary Test', CN: 'partner' };
    const first = (await issueLeaf(ca, { subject, profile: 'client' })).cert;
    const reissued = (await issueLeaf(ca, { subject, profile: 'client' })).cert;
    const a = summarizeCert(first.toString('pem'));
    expect(a.subject).toBe('O=Summary Test, CN=partner');
    expect(a.serial).toBe(first.serialNumber.toUpperCase());
    expect(a.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    const b = summarizeCert(reissued.toString('pem'));
    expect(b.serial).toBe(reissued.serialNumber.toUpperCase());
    expect(b.serial).not.toBe(a.serial);
  });
});
