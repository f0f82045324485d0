// The README and the docs it links stay true: it is a short front door whose first commands are the
// three users' own, every command in it parses with the CLI's own flags, and every demo, fault,
// flag and the fault matrix the docs show are the real ones.
import { readdirSync, readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DemoDeclaration } from '../harness/core/demo.ts';
import { loadCatalogue } from '../harness/run/load-catalogue.ts';
import { matrixMarkdown } from '../harness/targets/local/fault-matrix.ts';
import { FAULTS } from '../harness/targets/local/faults.ts';
import { TARGETS } from '../harness/targets/registry.ts';
import { OPTIONS } from '../scripts/cli/args.ts';
import { helpText } from '../scripts/cli/help.ts';
import { budgetMarkdown, listText } from '../scripts/cli/list.ts';
import { DEFAULT_POLICY } from '../harness/core/options.ts';
import { loadPolicy } from '../harness/config/policy.ts';

const doc = (path: string): string => readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
const readme = doc('README.md');
let catalogue: DemoDeclaration[] = [];
beforeAll(async () => void (catalogue = (await loadCatalogue()).demos));

/** The code blocks of a Markdown text, each as its lines with `\` continuations joined. */
function codeBlocks(md: string): string[][] {
  return md.split('```').filter((_, i) => i % 2 === 1).map((b) => b.replace(/\\\n\s*/g, ' ').split('\n'));
}

/** Every mtls-conformance command line in `md` (not a synopsis with [--flags] or <values>), as its arguments. */
function commands(md: string): string[][] {
  return codeBlocks(md).flat().map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => /^(npx )?mtls-conformance /.test(l) && !/\[--|<[a-z]| \| /.test(l)).map((l) => l.replace(/^(npx )?mtls-conformance /, '').split(/\s+/));
}

/** Why `args` would not parse with the CLI's own flags, or undefined. */
function problemOf(args: string[], ids: readonly string[]): string | undefined {
  // No command but a flag (--help, --version) is parsed as run's, as the CLI does.
  const [command, ...rest] = args[0]?.startsWith('-') ? ['run', ...args] : args;
  const options = OPTIONS[command as keyof typeof OPTIONS];
  if (!options) return `unknown command ${command}`;
  try {
    // attest takes its action and file as words: attest check <file>.
    const { values } = parseArgs({ args: rest, options, strict: true, allowPositionals: command === 'attest' });
    const v = values as Record<string, unknown>;
    if (typeof v.target === 'string' && !TARGETS.some((t) => t.name === v.target)) return `unknown target ${v.target}`;
    for (const flag of ['only', 'require'] as const) {
      for (const id of ((v[flag] as string[] | undefined) ?? []).flatMap((x) => x.split(','))) if (!ids.includes(id)) return `--${flag}: unknown demo ${id}`;
    }
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

describe('README', () => {
  it('is a front door of at most 10 KB whose first commands are the gate, the partner and the nightly, before any development detail', () => {
    expect(Buffer.byteLength(readme)).toBeLessThanOrEqual(10 * 1024);
    const blocks = codeBlocks(readme).map((b) => b.join('\n'));
    const first = (re: RegExp): number => blocks.findIndex((b) => re.test(b));
    const gate = first(/mtls-conformance run --target external --config/);
    const partner = first(/mtls-conformance verify --url/);
    const nightly = first(/mtls-conformance run --target kind/);
    const development = first(/npm test/);
    expect([gate, partner, nightly].every((i) => i >= 0)).toBe(true);
    expect(gate).toBeLessThan(partner);
    expect(partner).toBeLessThan(nightly);
    expect(nightly).toBeLessThan(development);
    expect(blocks[development]).toContain('./scripts/run-local.sh');
  });

  it('has commands that parse with the CLI\'s own flags, target names and demo ids (and so do the docs)', () => {
    const ids = catalogue.map((d) => d.id);
    const found: string[][] = [];
    for (const file of ['README.md', ...readdirSync(new URL('../docs', import.meta.url)).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)]) {
      for (const args of commands(doc(file))) {
        found.push(args);
        expect(problemOf(args, ids), `${file}: mtls-conformance ${args.join(' ')}`).toBeUndefined();
      }
    }
    expect(found.length).toBeGreaterThan(5);
    // The check itself: a flag the CLI does not have is caught.
    expect(problemOf(['run', '--target', 'external', '--no-such-flag'], ids)).toMatch(/no-such-flag/);
  });

  it('links every doc in docs/', () => {
    for (const f of readdirSync(new URL('../docs', import.meta.url)).filter((x) => x.endsWith('.md'))) expect(readme, f).toContain(`(docs/${f})`);
  });

  it('lists every demo id; docs/checks.md describes each; docs/faults.md every fault', () => {
    expect(catalogue.length).toBeGreaterThan(0);
    for (const d of catalogue) {
      expect(readme).toContain(`| \`${d.id}\` |`);
      expect(doc('docs/checks.md')).toContain(`| \`${d.id}\` |`);
    }
    for (const f of Object.keys(FAULTS)) expect(doc('docs/faults.md')).toContain(`| \`${f}\` |`);
  });

  it('docs/verdicts.md shows the request budget the demos declare, for the local default', () => {
    expect(doc('docs/verdicts.md')).toContain(budgetMarkdown(catalogue, { target: 'local', policyFile: DEFAULT_POLICY, policy: loadPolicy(DEFAULT_POLICY), flags: {}, rejections: 3, convergenceMs: 30_000, maxValidityDays: 90 }));
  });

  it('docs/faults.md shows the fault matrix the test enforces', () => {
    expect(doc('docs/faults.md')).toContain(matrixMarkdown());
  });

  it('docs/cli.md documents every flag of the CLI', () => {
    const flags = [...(['run', 'verify', 'list', 'render', 'attest'] as const).map((t) => helpText(t)).join('\n').matchAll(/--[a-z][a-z-]+/g)].map((m) => m[0]);
    for (const flag of new Set(flags)) expect(doc('docs/cli.md'), flag).toContain(flag);
  });
});

describe('what the CLI prints', () => {
  // Users never saw the documents the project grew from, nor its issues.
  const INSIDE_WORDS = /the seed|Demo [0-9]|Scenario [0-9]|Option A|issue [0-9]|more demos/;

  it('--help, each command\'s help and list speak no word of how the project was built', () => {
    const policy = loadPolicy(DEFAULT_POLICY);
    const texts = [helpText(), ...(['run', 'verify', 'list', 'render', 'attest'] as const).map((t) => helpText(t)), listText(catalogue, { target: 'local', policyFile: DEFAULT_POLICY, policy, flags: {}, rejections: 3, convergenceMs: 30_000, maxValidityDays: 90 })];
    for (const t of texts) expect(t).not.toMatch(INSIDE_WORDS);
    expect(helpText().trimEnd().split('\n').length).toBeLessThanOrEqual(30);
  });

  it('the README and the docs name no document a reader does not have', () => {
    const docs = ['README.md', ...readdirSync(new URL('../docs', import.meta.url)).filter((x) => x.endsWith('.md')).map((f) => `docs/${f}`)];
    for (const f of docs) expect(doc(f), f).not.toMatch(/DESIGN(\.md)?\b|\.\.\/shared\//);
  });
});
