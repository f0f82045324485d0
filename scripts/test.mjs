// `npm test`, after `npm run build` (which type-checks everything): the lint (eslint .) side by
// side with vitest. vitest's output is shown as it comes; the lint's when it ends, whole if it
// failed. The exit code is the first failure's, else 0.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

// The packages' own bins, as npm links them (node_modules/.bin), run with this node.
const bin = (name) => fileURLToPath(new URL(`../node_modules/.bin/${name}`, import.meta.url));

/** Run a package's bin with node; resolves to its exit code (and its output, when `quiet`). */
function run(name, script, args, quiet) {
  const started = Date.now();
  const child = spawn(process.execPath, [script, ...args], { stdio: quiet ? ['ignore', 'pipe', 'pipe'] : 'inherit' });
  let output = '';
  if (quiet) for (const s of [child.stdout, child.stderr]) s.on('data', (d) => (output += d.toString()));
  return new Promise((resolve) => {
    child.on('error', (err) => resolve({ name, code: 1, output: `${err.message}\n`, seconds: 0 }));
    child.on('close', (code, signal) => resolve({ name, code: code ?? (signal ? 1 : 0), output, seconds: (Date.now() - started) / 1000 }));
  });
}

const lint = run('lint (eslint .)', bin('eslint'), ['.'], true).then((r) => {
  if (r.code === 0) process.stdout.write(`\n${r.name}: passed (${r.seconds.toFixed(1)} s)\n`);
  else process.stdout.write(`\n${r.name}: FAILED (exit ${r.code})\n${r.output}`);
  return r;
});
const tests = run('vitest run', bin('vitest'), ['run', ...process.argv.slice(2)], false);
const failed = (await Promise.all([lint, tests])).filter((r) => r.code !== 0);
if (failed.length > 0) process.stdout.write(`\nnpm test failed: ${failed.map((r) => r.name).join(', ')}\n`);
process.exitCode = failed[0]?.code ?? 0;
