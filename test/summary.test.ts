// A cert's summary for evidence: read from the cert, once per distinct PEM (a run attaches the same
// few certs to most probes), and a cert re-issued under the same name is summarized anew.
import { describe, expect, it } from 'vitest';
import { createAuthority, issueLeaf } from '../harness/pki/authority.ts';
import { summarizeCert } from '../harness/pki/summary.ts';

describe('summarizeCert', () => {
  it('summarizes each PEM from the cert itself, parsing a PEM it saw once only', async () => {
    const ca = await createAuthority({ O: 'Summary Test', CN: 'Summary CA' });
    const subject = { O: 'Summary Test', CN: 'partner' };
    const first = (await issueLeaf(ca, { subject, profile: 'client' })).cert;
    const reissued = (await issueLeaf(ca, { subject, profile: 'client' })).cert;
    const a = summarizeCert(first.toString('pem'));
    expect(a.subject).toBe('O=Summary Test, CN=partner');
    expect(a.serial).toBe(first.serialNumber.toUpperCase());
    expect(a.extKeyUsage).toEqual(['1.3.6.1.5.5.7.3.2']);
    expect(summarizeCert(first.toString('pem'))).toBe(a);
    const b = summarizeCert(reissued.toString('pem'));
    expect(b.serial).toBe(reissued.serialNumber.toUpperCase());
    expect(b.serial).not.toBe(a.serial);
    expect(Object.isFrozen(a) && Object.isFrozen(a.extKeyUsage)).toBe(true);
  });
});
