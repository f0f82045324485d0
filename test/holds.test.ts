// A failed case's verdict reads as a sentence, and its stack opens on the demo's own line: no frame
// of the assertion helpers, in the sources (tests, vitest) as in the compiled suite the CLI runs
// (read in a plain node, where no source map turns its frames back into the sources').
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { holds, holdsEqual } from '../suites/support/holds.ts';

const COMPILED = fileURLToPath(new URL('../dist/suites/support/holds.js', import.meta.url));

function failure(f: () => void): Error {
  try {
    f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('did not fail');
}

describe('holds', () => {
  it('fails with exactly the sentence, and no frame of its own', () => {
    const err = failure(() => holdsEqual(undefined, 'partner-a', 'X-Consumer-Username at the backend'));
    expect(err.name).toBe('AssertionError');
    expect(err.message).toBe('X-Consumer-Username at the backend: expected "partner-a", got nothing');
    expect(err.stack!.split('\n').slice(1).filter((l) => /holds\.[jt]s/.test(l))).toEqual([]);
  });

  it('compiled, as the CLI runs it: no frame of its own either', () => {
    const script = `import(${JSON.stringify(COMPILED)}).then((h) => { try { h.holdsEqual(null, 'SUCCESS', 'X-Client-Verify'); } catch (e) { console.log(e.stack); } });`;
    const stack = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(stack.split('\n')[0]).toBe('AssertionError: X-Client-Verify: expected "SUCCESS", got null');
    expect(stack.split('\n').filter((l) => /holds\.[jt]s/.test(l))).toEqual([]);
  });

  it('passes what holds', () => {
    expect(() => holdsEqual('SUCCESS', 'SUCCESS', 'X-Client-Verify')).not.toThrow();
    expect(() => holds(true, 'never said')).not.toThrow();
  });
});
