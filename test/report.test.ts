// Result roll-up, redaction and the analytics strip: small pure functions with big consequences.
import { describe, expect, it } from 'vitest';
import { groupByDemo, overall, rollUpDemo } from '../harness/report/rollup.ts';
import { redact } from '../harness/report/redact.ts';
import { stripAnalytics } from '../harness/report/allure-report.ts';
import { firstLine } from '../harness/report/collector.ts';
import { PRIVATE } from './support/pem-markers.ts';

describe('roll-up (EXAMPLE.md result states)', () => {
  it('rolls cases up to a demo', () => {
    expect(rollUpDemo(['passed', 'failed', 'not-supported'])).toBe('failed');
    expect(rollUpDemo(['passed', 'not-supported', 'skipped'])).toBe('passed');
    expect(rollUpDemo(['skipped', 'not-supported'])).toBe('skipped');
    expect(rollUpDemo(['not-supported'])).toBe('not-supported');
  });

  it('rolls demos up to success, partial, failure; not-supported is neither', () => {
    const d = (result: 'passed' | 'failed' | 'skipped' | 'not-supported') => ({ id: 'x', result, cases: [] });
    expect(overall([d('passed'), d('not-supported')])).toBe('success');
    expect(overall([d('passed'), d('skipped')])).toBe('partial');
    expect(overall([d('passed'), d('skipped'), d('failed')])).toBe('failure');
  });

  it('groups by demo in catalogue order; a demo that never reported counts as skipped', () => {
    const demos = groupByDemo([{ demo: 'b', name: 'one', result: 'passed' }], ['a', 'b']);
    expect(demos.map((d) => [d.id, d.result])).toEqual([['a', 'skipped'], ['b', 'passed']]);
  });
});

describe('evidence hygiene', () => {
  it('redacts any PEM private key, whatever its label', () => {
    for (const label of ['PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY']) {
      const text = `before\n-----BEGIN ${label}-----\nMIGHAgEAMBMG\n-----END ${label}-----\nafter`;
      const out = redact(text);
      expect(out).not.toContain('PRIVATE KEY-----');
      expect(out).not.toContain('MIGHAgEAMBMG');
      expect(out).toContain('before');
      expect(out).toContain('after');
    }
    expect(redact(`-----BEGIN ${PRIVATE}-----\nMIGH truncated`)).toBe('[private key redacted]');
  });

  it('strips the Google Tag Manager script from the Allure page', () => {
    const html = '<head><script async src="https://www.googletagmanager.com/gtag/js?id=G-X"></script>\n<script>\n window.dataLayer = window.dataLayer || [];\n function gtag(){dataLayer.push(arguments);}\n gtag(\'js\', new Date());\n</script><script>keep()</script></head>';
    const out = stripAnalytics(html);
    expect(out).not.toMatch(/googletagmanager|gtag/);
    expect(out).toContain('<script>keep()</script>');
  });

  it('keeps the first line of an assertion without vitest\'s generic tail', () => {
    expect(firstLine('2 of 3 refused: expected false to be true // Object.is equality')).toBe('2 of 3 refused');
    expect(firstLine('headline\ndetails')).toBe('headline');
  });
});
