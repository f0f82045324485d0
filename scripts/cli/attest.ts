// `mtls-conformance attest check`: the Home Party's side of a partner's attestation. One line for
// a file that is not a genuine one (exit 2); else who checked which gateway when, each check, and
// exit 0 when every check passed, 1 when one did not.
import { notPem } from '../../harness/config/credentials.ts';
import { readInputFile } from '../../harness/config/input-file.ts';
import { checkAttestation } from '../../harness/attest/check.ts';
import { MARK } from '../../harness/report/console-reporter.ts';
import { ConfigError, EXIT } from '../../harness/util/errors.ts';
import type { AttestCheckRequest } from './attest-args.ts';

export async function attestCheckCommand(c: AttestCheckRequest): Promise<number> {
  const ca = readInputFile(c.caFile, 1024 * 1024);
  if (!ca.ok) throw new ConfigError(`--ca ${c.caFile} ${ca.why}: give the Home Party's CA certificate`);
  if (!ca.text.includes('-----BEGIN CERTIFICATE-----')) throw new ConfigError(`--ca ${notPem(ca.bytes, c.caFile, 'certificate') ?? `${c.caFile} holds no PEM certificate: give the Home Party's CA certificate`}`);
  const checked = await checkAttestation({ file: c.file, caPem: ca.text, ...(c.url ? { url: c.url } : {}), ...(c.maxAgeMs !== undefined ? { maxAgeMs: c.maxAgeMs } : {}) });
  if (!checked.ok) throw new ConfigError(`attest check: ${c.file} ${checked.why}`);
  const p = checked.statement.predicate;
  const failed = p.checks.filter((x) => x.result === 'failed' || x.result === 'broken');
  process.stdout.write(
    [
      `partner: ${p.partner.subject} (serial ${p.partner.serial}, SHA-256 ${p.partner.sha256})`,
      `gateway: ${p.url} (certificate ${p.gateway.subject}, SHA-256 ${p.gateway.sha256})`,
      `checked: ${p.finishedAt} with ${p.tool.name} ${p.tool.version} (oracle ${p.oracle})`,
      ...p.checks.filter((x) => x.result !== 'not-supported').map((x) => `  ${MARK[x.result].padEnd(6)} ${x.demo}: ${x.case}${x.reason && x.result !== 'passed' ? `: ${x.reason}` : ''}`),
      `  (${p.checks.filter((x) => x.result === 'not-supported').length} more not supported in a self-check)`,
      failed.length === 0 ? 'genuine, and every check it made passed' : `genuine, but ${failed.length} check(s) did not pass`,
      '',
    ].join('\n'),
  );
  return failed.length === 0 ? EXIT.success : EXIT.failure;
}
