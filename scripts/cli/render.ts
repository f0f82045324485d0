// `mtls-conformance render`: writes what a target would apply or start its gateway with into a new
// or empty folder, for a Home Party engineer to review and for tests to check with real tools.
// Nothing there is secret: no key is minted, certificates and CRLs are only named.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../../harness/util/errors.ts';
import { makeDirs } from '../../harness/util/make-dirs.ts';
import { loadPolicy } from '../../harness/config/policy.ts';
import { targetEntry } from '../../harness/targets/registry.ts';
import type { RenderRequest } from './args.ts';

/** A new folder, or an empty one: nothing a user put there is overwritten. */
function emptyFolder(out: string): void {
  let entries: string[];
  try {
    if (!statSync(out).isDirectory()) throw new ConfigError(`--out ${out} is a file: give a new or empty folder`);
    entries = readdirSync(out);
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') throw new ConfigError(`--out ${out} is under a file: give a new or empty folder`);
    if (code !== 'ENOENT') throw new ConfigError(`--out ${out}: cannot be read (${code})`);
    entries = [];
  }
  if (entries.length > 0) throw new ConfigError(`--out ${out} is not empty (${entries.length} entries): give a new or empty folder, nothing there is overwritten`);
  try {
    makeDirs(out);
  } catch (err) {
    throw new ConfigError(`--out ${out}: cannot be made (${(err as NodeJS.ErrnoException).code}): give a folder this user can write`);
  }
}

export async function renderCommand(r: RenderRequest): Promise<number> {
  const policy = loadPolicy(r.policyFile);
  const out = resolve(r.out);
  emptyFolder(out);
  const rendered = await targetEntry(r.target).render!(policy);
  for (const f of rendered.files) {
    mkdirSync(dirname(join(out, f.path)), { recursive: true });
    writeFileSync(join(out, f.path), f.content, { mode: 0o644 });
  }
  const notes = [`# What --target ${r.target} would apply (policy ${r.policyFile})`, '', 'Files, in the order a run uses them:', ...rendered.files.map((f) => `- ${f.path}`), '', 'Known only when a run starts:', ...rendered.atRunTime.map((l) => `- ${l}`), ''];
  writeFileSync(join(out, 'RENDERED.md'), notes.join('\n'), { mode: 0o644 });
  process.stdout.write(`mtls-conformance: wrote ${rendered.files.length + 1} files for --target ${r.target} to ${out}:\n${[...rendered.files.map((f) => f.path), 'RENDERED.md'].map((p) => `  ${p}\n`).join('')}`);
  return 0;
}
