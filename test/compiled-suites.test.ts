// A compiled run's suite files import the compiled harness: every relative .ts import of a suite
// file into harness/ or suites/support/ maps to its dist/ file, and nothing else is touched.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { distTarget } from '../harness/run/compiled-suites.ts';

const ROOT = '/pkg';
const SUITE = join(ROOT, 'suites', 'missing-cert.test.ts');

describe('distTarget', () => {
  it('maps a suite file\'s harness and support imports to dist/', () => {
    expect(distTarget(ROOT, './support/demo.ts', SUITE)).toBe('/pkg/dist/suites/support/demo.js');
    expect(distTarget(ROOT, '../harness/probe/probe.ts', SUITE)).toBe('/pkg/dist/harness/probe/probe.js');
  });

  it('leaves packages, builtins, other files and imports made by support code itself alone', () => {
    expect(distTarget(ROOT, 'vitest', SUITE)).toBeUndefined();
    expect(distTarget(ROOT, 'node:fs', SUITE)).toBeUndefined();
    expect(distTarget(ROOT, './support/data.json', SUITE)).toBeUndefined();
    expect(distTarget(ROOT, '../fixtures/x.ts', SUITE)).toBeUndefined();
    expect(distTarget(ROOT, './other.test.ts', SUITE)).toBeUndefined();
    // Compiled support code imports compiled code by itself; a source support file is not a suite.
    expect(distTarget(ROOT, '../../harness/x.ts', join(ROOT, 'suites', 'support', 'demo.ts'))).toBeUndefined();
    expect(distTarget(ROOT, './support/demo.ts', join(ROOT, 'test', 'a.test.ts'))).toBeUndefined();
  });
});
