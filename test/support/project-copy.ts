// A temp copy of this project, built, with a few source files added or changed, and those compiled
// into its dist/ as `npm run build` compiles them (one file at a time, as TypeScript emits it):
// how a developer adds a suite file or a target, for tests that prove the CLI takes it.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { ROOT } from './cli.ts';

const COPIED = ['harness', 'scripts', 'fixtures', 'schemas', 'suites', 'dist', 'package.json', 'tsconfig.json'];
const BUILD = (JSON.parse(ts.sys.readFile(join(ROOT, 'tsconfig.json'))!.replace(/^\s*\/\/.*$/gm, '')) as { compilerOptions: ts.CompilerOptions }).compilerOptions;

/** Copy, apply `files` (path -> content, or an edit of the copied file), compile them into dist/; the copy's folder. */
export function builtCopy(files: Record<string, string | ((text: string) => string)>): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-conformance-copy-'));
  for (const f of COPIED) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  // ES modules, as NodeNext emits them in this "type": "module" package (one file alone cannot tell).
  const { options } = ts.convertCompilerOptionsFromJson({ ...BUILD, module: 'ESNext', noEmit: false, rewriteRelativeImportExtensions: true, sourceMap: false }, ROOT);
  for (const [path, change] of Object.entries(files)) {
    const source = join(dir, path);
    mkdirSync(dirname(source), { recursive: true });
    const text = typeof change === 'string' ? change : change(readFileSync(source, 'utf8'));
    writeFileSync(source, text);
    const out = join(dir, 'dist', path.replace(/\.ts$/, '.js'));
    mkdirSync(dirname(out), { recursive: true });
    writeFileSync(out, ts.transpileModule(text, { fileName: source, compilerOptions: options }).outputText);
  }
  return dir;
}
