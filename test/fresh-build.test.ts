// The bin runs dist/ only when it is as new as every source; an edited source runs through tsx.
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { freshBuild } from '../scripts/fresh-build.mjs';

describe('freshBuild', () => {
  let root: string;
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function tree(stampAgeS: number | undefined, sourceAgeS: number): void {
    root = mkdtempSync(join(tmpdir(), 'fresh-build-'));
    const now = Date.now() / 1000;
    for (const dir of ['harness/run', 'scripts/cli', 'suites/support']) {
      mkdirSync(join(root, dir), { recursive: true });
      const file = join(root, dir, 'x.ts');
      writeFileSync(file, 'export {};\n');
      utimesSync(file, now - sourceAgeS, now - sourceAgeS);
    }
    if (stampAgeS === undefined) return;
    mkdirSync(join(root, 'dist'));
    writeFileSync(join(root, 'dist', 'BUILT'), 'now');
    utimesSync(join(root, 'dist', 'BUILT'), now - stampAgeS, now - stampAgeS);
  }

  it('is false without a build', () => {
    tree(undefined, 60);
    expect(freshBuild(root)).toBe(false);
  });

  it('is true when the build is newer than every source', () => {
    tree(10, 60);
    expect(freshBuild(root)).toBe(true);
  });

  it('is false once any source, however deep, is newer than the build', () => {
    tree(10, 60);
    const now = Date.now() / 1000;
    utimesSync(join(root, 'suites', 'support', 'x.ts'), now, now);
    expect(freshBuild(root)).toBe(false);
  });

  // A vendor facade (harness/vendor/*.cjs) is bundled by the build: an edited one makes dist/ stale too.
  it('is false once a .cjs vendor facade is newer than the build', () => {
    tree(10, 60);
    mkdirSync(join(root, 'harness', 'vendor'));
    writeFileSync(join(root, 'harness', 'vendor', 'x.cjs'), 'module.exports = {};\n');
    expect(freshBuild(root)).toBe(false);
  });
});
