// `npm run bench`: times, in one sitting and side by side, (a) a full local run, (b) a run of one
// demo, both also with --no-html-report, (c) the floor (floor.ts: the same PKI, nginx and requests with no test runner and no
// report), each as a whole process, and prints medians and ratios. `--write` keeps the result in
// docs/performance.md with the machine it ran on. `--runs N` (default 5). `--against DIR` also
// times another built checkout of this package (e.g. a git worktree of the last release), in the
// same interleaving: on a machine whose speed drifts by the minute, a change is judged side by side.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLI = join(ROOT, 'scripts', 'mtls-conformance.mjs');
const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1]) || 5;
const work = mkdtempSync(join(tmpdir(), 'mtls-bench-'));
const againstDir = args.includes('--against') ? args[args.indexOf('--against') + 1] : undefined;
const against = againstDir ? join(againstDir, 'scripts', 'mtls-conformance.mjs') : undefined;
if (againstDir && !existsSync(against!)) throw new Error(`--against ${againstDir}: no scripts/mtls-conformance.mjs there (give a checkout of this package, built with npm run build)`);

/** Wall time of one process, in ms; a failed run fails the bench (a benchmark of a broken run means nothing). */
function timed(what: string, cmd: string, argv: string[]): { ms: number; stdout: string } {
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${what} exited with ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  return { ms, stdout: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const NO_HTML = { single: 'single demo, --no-html-report', full: 'full local run, --no-html-report' };
const rows: Record<string, number[]> = { 'node boot': [], floor: [], 'single demo (missing-cert)': [], 'full local run': [], [NO_HTML.single]: [], [NO_HTML.full]: [] };
const THEIRS = { single: `single demo, ${againstDir}`, full: `full local run, ${againstDir}` };
if (against) Object.assign(rows, { [THEIRS.single]: [], [THEIRS.full]: [] });
try {
  for (let i = 0; i < runs; i++) {
    // Interleaved, so a slow minute of the machine hits every row alike.
    rows['node boot']!.push(timed('node', process.execPath, ['-e', '0']).ms);
    const floor = timed('floor', process.execPath, ['--import', 'tsx', join(ROOT, 'scripts', 'bench', 'floor.ts')]);
    rows.floor!.push((JSON.parse(floor.stdout.trim().split('\n').pop()!) as { ms: number }).ms);
    rows['single demo (missing-cert)']!.push(timed('single-demo run', process.execPath, [CLI, 'run', '--only', 'missing-cert', '--report-dir', join(work, `single-${i}`)]).ms);
    rows['full local run']!.push(timed('full run', process.execPath, [CLI, 'run', '--report-dir', join(work, `full-${i}`)]).ms);
    // What a deploy gate that reads only the exit code and JUnit pays.
    rows[NO_HTML.single]!.push(timed('single-demo run without HTML', process.execPath, [CLI, 'run', '--no-html-report', '--only', 'missing-cert', '--report-dir', join(work, `single-nohtml-${i}`)]).ms);
    rows[NO_HTML.full]!.push(timed('full run without HTML', process.execPath, [CLI, 'run', '--no-html-report', '--report-dir', join(work, `full-nohtml-${i}`)]).ms);
    if (against) {
      rows[THEIRS.single]!.push(timed('their single-demo run', process.execPath, [against, 'run', '--only', 'missing-cert', '--report-dir', join(work, `their-single-${i}`)]).ms);
      rows[THEIRS.full]!.push(timed('their full run', process.execPath, [against, 'run', '--report-dir', join(work, `their-full-${i}`)]).ms);
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

// The floor is its work plus a bare node's start: a process that does only that could not be faster.
const floor = median(rows.floor!) + median(rows['node boot']!);
const full = median(rows['full local run']!);
const single = median(rows['single demo (missing-cert)']!);
const nginx = execFileSync('nginx', ['-v'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }) || spawnSync('nginx', ['-v'], { encoding: 'utf8' }).stderr.trim();
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}, ${nginx}`;
const table = [
  `| what | median | min | max |`,
  `|---|---|---|---|`,
  ...Object.entries(rows).map(([k, v]) => `| ${k} | ${s(median(v))} | ${s(Math.min(...v))} | ${s(Math.max(...v))} |`),
  ``,
  `Floor (floor work + node boot): ${s(floor)}. Full run / floor: ${(full / floor).toFixed(2)}; single demo / floor: ${(single / floor).toFixed(2)}.`,
  `Goals (issue 12): full run ≤ 4 s (${full <= 4000 ? 'met' : 'not met'}), single demo ≤ 2.5 s (${single <= 2500 ? 'met' : 'not met'}), full ≤ 2 × floor (${full <= 2 * floor ? 'met' : 'not met'}).`,
].join('\n');
process.stdout.write(`${runs} runs each, on ${machine}\n\n${table}\n`);

if (args.includes('--write')) {
  // Only the measured part between the markers is replaced; what is written around it stays.
  const file = join(ROOT, 'docs', 'performance.md');
  const measured = `<!-- bench -->\nThe last \`npm run bench -- --write\` (${new Date().toISOString().slice(0, 10)}, ${runs} runs each, whole processes, wall time), on ${machine}:\n\n${table}\n<!-- /bench -->`;
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n\n<!-- bench -->\n<!-- /bench -->\n';
  writeFileSync(file, before.replace(/<!-- bench -->[\s\S]*<!-- \/bench -->/, measured));
}
