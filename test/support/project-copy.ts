// A temp copy of this project with a few files added or changed, built as `npm run build` builds
// it: how a developer adds a suite file or a target, for tests that prove the CLI takes it.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from './cli.ts';

const SOURCES = ['harness', 'scripts', 'fixtures', 'schemas', 'suites', 'package.json', 'tsconfig.json', 'tsconfig.build.json'];

/** Copy, apply `files` (path -> content, or an edit of the copied file), build; the copy's folder. */
export function builtCopy(files: Record<string, string | ((text: string) => string)>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-copy-'));
  for (const f of SOURCES) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  for (const [path, change] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    const text = typeof change === 'string' ? change : change(readText(join(dir, path)));
    writeFileSync(join(dir, path), text);
  }
  execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.build.json')], { cwd: dir, stdio: 'pipe' });
  return dir;
}

function readText(file: string): string {
  return readFileSync(file, 'utf8');
}
