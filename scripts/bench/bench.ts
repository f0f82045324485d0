// `npm run bench`: times, in one sitting and side by side, (a) a full local run, (b) a run of one
// demo, both also with --no-html-report, (c) the floor (floor.ts: the same PKI, nginx and requests with no test runner and no
// report), each as a whole process, and prints medians and ratios. `--write` keeps the result in
// docs/performance.md with the machine it ran on. `--runs N` (default 5). `--against DIR` also
// times another built checkout of this package (e.g. a git worktree of the last release), in the
// same interleaving: on a machine whose speed drifts by the minute, a change is judged side by side.
// Each row also gets its CPU (user + sys of the process and the children it reaped, Linux only).
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

// CPU of the children this process has waited for (Linux: /proc/self/stat cutime + cstime, in clock
// ticks): a run's own, its nginx's and its Allure worker's, as each is reaped.
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);
function childrenCpuMs(): number {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) ": state is field 3, so cutime (16) and cstime (17) are at 13 and 14 here.
  return (Number(fields[13]) + Number(fields[14])) * TICK_MS;
}

/** Wall and CPU time of one process, in ms; a failed run fails the bench (a benchmark of a broken run means nothing). */
function timed(what: string, cmd: string, argv: string[]): { ms: number; cpuMs: number; stdout: string } {
  const c0 = childrenCpuMs();
  const t0 = performance.now();
  const r = spawnSync(cmd, argv, { cwd: ROOT, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
  const ms = performance.now() - t0;
  if (r.status !== 0) throw new Error(`${what} exited with ${r.status}: ${(r.stderr || r.stdout).trim().split('\n').slice(-3).join(' | ')}`);
  return { ms, cpuMs: childrenCpuMs() - c0, stdout: r.stdout };
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;

const NO_HTML = { single: 'single demo, --no-html-report', full: 'full local run, --no-html-report' };
const rows: Record<string, number[]> = { 'node boot': [], floor: [], 'single demo (missing-cert)': [], 'full local run': [], [NO_HTML.single]: [], [NO_HTML.full]: [] };
const THEIRS = { single: `single demo, ${againstDir}`, full: `full local run, ${againstDir}` };
if (against) Object.assign(rows, { [THEIRS.single]: [], [THEIRS.full]: [] });
const cpu: Record<string, number[]> = {};
/** Times one process for `row`: its wall time (or `wall` of its output), and its CPU with its children's. */
function record(row: string, what: string, argv: string[], wall?: (stdout: string) => number): void {
  const t = timed(what, process.execPath, argv);
  rows[row]!.push(wall ? wall(t.stdout) : t.ms);
  (cpu[row] ??= []).push(t.cpuMs);
}
try {
  for (let i = 0; i < runs; i++) {
    // Interleaved, so a slow minute of the machine hits every row alike.
    record('node boot', 'node', ['-e', '0']);
    // The floor's wall time is its work, timed after its imports; its CPU is the whole process's.
    record('floor', 'floor', ['--import', 'tsx', join(ROOT, 'scripts', 'bench', 'floor.ts')], (out) => (JSON.parse(out.trim().split('\n').pop()!) as { ms: number }).ms);
    record('single demo (missing-cert)', 'single-demo run', [CLI, 'run', '--only', 'missing-cert', '--report-dir', join(work, `single-${i}`)]);
    record('full local run', 'full run', [CLI, 'run', '--report-dir', join(work, `full-${i}`)]);
    // What a deploy gate that reads only the exit code and JUnit pays.
    record(NO_HTML.single, 'single-demo run without HTML', [CLI, 'run', '--no-html-report', '--only', 'missing-cert', '--report-dir', join(work, `single-nohtml-${i}`)]);
    record(NO_HTML.full, 'full run without HTML', [CLI, 'run', '--no-html-report', '--report-dir', join(work, `full-nohtml-${i}`)]);
    if (against) {
      record(THEIRS.single, 'their single-demo run', [against, 'run', '--only', 'missing-cert', '--report-dir', join(work, `their-single-${i}`)]);
      record(THEIRS.full, 'their full run', [against, 'run', '--report-dir', join(work, `their-full-${i}`)]);
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
  `| what | median | min | max | CPU (median, with its children) |`,
  `|---|---|---|---|---|`,
  ...Object.entries(rows).map(([k, v]) => `| ${k} | ${s(median(v))} | ${s(Math.min(...v))} | ${s(Math.max(...v))} | ${s(median(cpu[k] ?? [0]))} |`),
  ``,
  `Floor (floor work + node boot): ${s(floor)}. Full run / floor: ${(full / floor).toFixed(2)}; single demo / floor: ${(single / floor).toFixed(2)}.`,
  `Bounds: a full run at most 2 × the floor (${full <= 2 * floor ? 'held' : 'not held'}), a single demo at most 2.5 s (${single <= 2500 ? 'held' : 'not held'}).`,
].join('\n');
process.stdout.write(`${runs} runs each, on ${machine}\n\n${table}\n`);

if (args.includes('--write')) {
  // Only the measured part between the markers is replaced; what is written around it stays.
  const file = join(ROOT, 'docs', 'performance.md');
  const measured = `<!-- bench -->\nThe last \`npm run bench -- --write\` (${new Date().toISOString().slice(0, 10)}, ${runs} runs each, whole processes: wall time and CPU), on ${machine}:\n\n${table}\n<!-- /bench -->`;
  const before = existsSync(file) ? readFileSync(file, 'utf8') : '# Performance\n\n<!-- bench -->\n<!-- /bench -->\n';
  writeFileSync(file, before.replace(/<!-- bench -->[\s\S]*<!-- \/bench -->/, measured));
}
