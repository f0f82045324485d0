// The diagnostics filter: whatever kubectl or a log hands us, no Secret data and no key leaves it.
import { describe, expect, it } from 'vitest';
import { filterDiagnostics } from '../harness/report/diagnostics-filter.ts';
import { pemKey, PRIVATE } from './support/pem-markers.ts';

const B64 = 'LS0tLS1CRUdJTiBQUklWQVRFIEtFWS0tLS0tCk1JR0hBZ0VBTUJNR0J5cUdTTTQ5QWdFR0NDcUdTTTQ5QXdFSEJHMHdhd0lCQVFRZ3Y4eFlaUlBMbnN0b3VuT2JhZ0p3VXZlU1NqbDVqUmgrZWJRZkFrc2xMNlNoUkFOQ0FBUWFI';

describe('diagnostics filter', () => {
  it('drops the data of a Secret in YAML', () => {
    const yaml = `apiVersion: v1\nkind: Secret\nmetadata:\n  name: partner-a-tls\ndata:\n  tls.crt: ${B64}\n  tls.key: ${B64}\ntype: kubernetes.io/tls\n`;
    const out = filterDiagnostics(yaml);
    expect(out).not.toContain(B64);
    expect(out).toContain('name: partner-a-tls');
    expect(out).toContain('type: kubernetes.io/tls');
  });

  it('drops key values in JSON and in env-like lines', () => {
    const out = filterDiagnostics(`{"tls.key":"${B64.slice(0, 40)}"}\nKONG_SSL_CERT_KEY=abcdefghijklmnopqrstuvwxyz0123456789\n`);
    expect(out).not.toContain(B64.slice(0, 40));
    expect(out).not.toContain('abcdefghijklmnopqrstuvwxyz0123456789');
  });

  it('drops PEM private keys and long base64 runs anywhere in a log', () => {
    const log = `2026/11/28 [info] loading\n${pemKey(`EC ${PRIVATE}`, 'MHcCAQEEIGx')}\nblob ${B64}${B64}\n`;
    const out = filterDiagnostics(log);
    expect(out).not.toMatch(/PRIVATE KEY|MHcCAQEEIGx/);
    expect(out).not.toContain(B64);
    expect(out).toContain('[info] loading');
  });

  it('keeps what diagnoses a failure', () => {
    const events = 'LAST SEEN   TYPE      REASON    OBJECT             MESSAGE\n10s         Warning   BackOff   pod/kong-5d9c      Back-off restarting failed container kong\n';
    expect(filterDiagnostics(events)).toBe(events);
    const verify = '2026/11/28 07:23:18 [info] 1#0: *10 client SSL certificate verify error: (10:certificate has expired)';
    expect(filterDiagnostics(verify)).toBe(verify);
  });
});
