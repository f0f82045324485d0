// The rooms and the arrows between them (docs/architecture.md), read from the import statements of
// every source file: targets never reach into the runner; suites, PKI, probes, oracles and reports
// never into a target; no import cycle; one place observes the effect of a control action.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/cli.ts';

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.(ts|mjs)$/.test(e.name))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)));
}

const FILES = ['harness', 'suites', 'scripts', 'fixtures'].flatMap(sources);

/** The project files a file imports (static or dynamic), as paths from the root; dist/ as its sources. */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs = [...text.matchAll(/(?:from\s+|import\s*\(\s*)'(\.{1,2}\/[^']+)'/g)].map((m) => m[1]!);
  // dist/ holds the compiled sources (npm run build): an import of dist/x.js is one of x.ts.
  return specs.map((s) => relative(ROOT, resolve(ROOT, dirname(file), s)).replace(/^dist\/(.+)\.js$/, '$1.ts'));
}

const GRAPH = new Map(FILES.map((f) => [f, importsOf(f)]));

function violations(from: RegExp, to: RegExp): string[] {
  return [...GRAPH].flatMap(([f, deps]) => (from.test(f) ? deps.filter((d) => to.test(d)).map((d) => `${f} -> ${d}`) : []));
}

describe('the arrows between rooms', () => {
  it('every import resolves to a file of the project', () => {
    const missing = [...GRAPH].flatMap(([f, deps]) => deps.filter((d) => !FILES.includes(d) && !/\.json$/.test(d)).map((d) => `${f} -> ${d}`));
    expect(missing).toEqual([]);
  });

  it('no file under harness/targets/ imports harness/run/', () => {
    expect(violations(/^harness\/targets\//, /^harness\/run\//)).toEqual([]);
  });

  it('nothing under suites/ or harness/{core,pki,identities,probe,oracle,report}/ imports harness/targets/', () => {
    expect(violations(/^(suites|harness\/(core|pki|identities|probe|oracle|report))\//, /^harness\/targets\//)).toEqual([]);
  });

  it('no import cycle', () => {
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (f: string, path: string[]): void => {
      if (state.get(f) === 'done') return;
      if (state.get(f) === 'open') {
        cycles.push([...path.slice(path.indexOf(f)), f].join(' -> '));
        return;
      }
      state.set(f, 'open');
      for (const d of GRAPH.get(f) ?? []) visit(d, [...path, f]);
      state.set(f, 'done');
    };
    for (const f of FILES) visit(f, []);
    expect(cycles).toEqual([]);
  });

  it('no import cycle between the rooms under harness/ (a room imports another, or is imported by it, never both ways round)', () => {
    const room = (f: string): string => f.split('/').slice(0, 2).join('/');
    const edges = new Map<string, Set<string>>();
    for (const [f, deps] of GRAPH) {
      if (!f.startsWith('harness/')) continue;
      for (const d of deps.filter((x) => x.startsWith('harness/') && room(x) !== room(f))) {
        if (!edges.has(room(f))) edges.set(room(f), new Set());
        edges.get(room(f))!.add(room(d));
      }
    }
    const cycles: string[] = [];
    const state = new Map<string, 'open' | 'done'>();
    const visit = (r: string, path: string[]): void => {
      if (state.get(r) === 'done') return;
      if (state.get(r) === 'open') return void cycles.push([...path.slice(path.indexOf(r)), r].join(' -> '));
      state.set(r, 'open');
      for (const d of edges.get(r) ?? []) visit(d, [...path, r]);
      state.set(r, 'done');
    };
    for (const r of edges.keys()) visit(r, []);
    expect(cycles).toEqual([]);
  });

  it('the PKI room is a library: it imports no other room but util', () => {
    expect(violations(/^harness\/pki\//, /^harness\/(?!pki\/|util\/)/)).toEqual([]);
  });

  it('one place observes the effect of a control action', () => {
    const callers = FILES.filter((f) => /\bobserve\(\{/.test(readFileSync(join(ROOT, f), 'utf8')));
    expect(callers).toEqual(['harness/gateway/controlled-gateway.ts']);
  });
});
