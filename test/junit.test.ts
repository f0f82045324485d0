// JUnit as CI systems show it: valid against the Jenkins JUnit schema, one testsuite per demo with
// stable dotted classnames, a failed case one <failure> whose message is its verdict sentence, a
// broken one an <error> with its fix, a not-supported one <skipped> with its reason, the evidence
// of what failed in <system-out>, and nothing XML cannot hold, whatever a gateway answered.
import type { File } from '@vitest/runner';
import { describe, expect, it } from 'vitest';
import { junitXml, xmlText } from '../harness/report/junit.ts';
import type { DemoResult } from '../harness/report/rollup.ts';
import { junitProblems } from './support/junit-schema.ts';

const demos: DemoResult[] = [
  { id: 'missing-cert', result: 'failed', cases: [{ name: 'a request without a client certificate is refused', result: 'failed', reason: 'let in without a certificate: HTTP 200 \u0001\u0000 from the gateway' }] },
  { id: 'revoked-cert', result: 'broken', cases: [{ name: 'a certificate on the CRL is refused', result: 'broken', reason: 'the gateway did not answer', fix: 'check that it is up' }, { name: 'the documented revocation', result: 'not-supported', reason: 'target local lacks cert-manager' }] },
  { id: 'valid-cert', result: 'passed', cases: [{ name: 'partner-a gets in', result: 'passed' }] },
];
/** A suite file whose failed case recorded evidence with a control character a gateway sent. */
const file = {
  type: 'suite',
  filepath: '/x/suites/missing-cert.test.ts',
  tasks: [
    {
      type: 'suite',
      name: 'missing-cert',
      tasks: [{ type: 'test', name: 'a request without a client certificate is refused', result: { state: 'fail', duration: 12 }, meta: { allureRuntimeMessages: [{ type: 'attachment_content', data: { name: 'response', contentType: 'text/plain', content: Buffer.from('HTTP 200\nx-evil: \u001b[31m\u0007bell\n').toString('base64') } }] } }],
    },
  ],
} as unknown as File;
for (const t of (file.tasks[0] as unknown as { tasks: { suite?: unknown; file?: unknown }[] }).tasks) Object.assign(t, { suite: file.tasks[0], file });
const xml = junitXml({ demos, target: { name: 'local', url: 'https://localhost:1', oracle: 'kong-oss' }, tool: { name: 'mtls-conformance', version: '0' }, startedAt: new Date(0), finishedAt: new Date(1000) }, [file]);

describe('the JUnit report', () => {
  it('is valid against the Jenkins JUnit schema, with what a gateway sent stripped of what XML cannot hold', async () => {
    expect(await junitProblems(xml)).toEqual([]);
    // eslint-disable-next-line no-control-regex -- the characters XML forbids, looked for
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);
    expect(xml).toContain('x-evil: \uFFFD[31m\uFFFDbell');
  });

  it('an unstripped control character is what the schema refuses (the check can fail)', async () => {
    expect((await junitProblems(xml.replace('\uFFFD[31m', '\u001b[31m'))).length).toBeGreaterThan(0);
  });

  it('one testsuite per demo, classnames mtls-conformance.<demo id>; a failure says its verdict once, with no stack frame', () => {
    expect([...xml.matchAll(/<testsuite name="([^"]+)"/g)].map((m) => m[1])).toEqual(['mtls-conformance.missing-cert', 'mtls-conformance.revoked-cert', 'mtls-conformance.valid-cert']);
    expect(new Set([...xml.matchAll(/classname="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set(['mtls-conformance.missing-cert', 'mtls-conformance.revoked-cert', 'mtls-conformance.valid-cert']));
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toMatch(/<failure message="let in without a certificate: HTTP 200 \uFFFD\uFFFD from the gateway" type="failed">/);
    expect(xml).toMatch(/<error message="the gateway did not answer" type="no verdict">the gateway did not answer\nfix: check that it is up<\/error>/);
    expect(xml).toContain('<skipped>not-supported: target local lacks cert-manager</skipped>');
    expect(xml).toMatch(/<system-out>--- response\nHTTP 200/);
    expect(xml).not.toMatch(/^\s+at /m);
  });

  it('escapes what would break the markup', () => {
    expect(xmlText('<a & "b">')).toBe('&lt;a &amp; "b"&gt;');
  });
});
