// `mtls-conformance run`: preflight, the suites through vitest, then the reports and the exit code.
import { mkdirSync, rmSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { startVitest } from 'vitest/node';
import { EXIT } from '../../harness/config/errors.ts';
import { generateAllureReport } from '../../harness/report/allure-report.ts';
import type { Catalogue } from '../../harness/run/load-catalogue.ts';
import { planRun, quotaWarnings } from '../../harness/run/plan.ts';
import { ResultCollector } from '../../harness/report/collector.ts';
import { buildConformanceReport, writeConformanceReport } from '../../harness/report/conformance-report.ts';
import { groupByDemo, outsideCatalogue } from '../../harness/report/rollup.ts';
import { takeHandover } from '../../harness/run/handover.ts';
import { DEFAULT_POLICY, DEFAULTS, planToEnv, targetPlan } from '../../harness/run/run-options.ts';
import { CatalogueOrderSequencer } from '../../harness/run/sequencer.ts';
import type { RunRequest } from './args.ts';
import { PKG, ROOT } from './package-info.ts';
import { printSummary } from './summary.ts';

/** The command line that reproduces this run (conformance-report.json's `reproduce`). */
export function reproduceLine(r: RunRequest): string {
  if (r.mode === 'verify' && r.external) {
    const g = r.external.gateway;
    const p = r.external.partners[0]!;
    return `npx mtls-conformance verify --url ${g.url}${r.external.routes.default} --cert ${p.cert} --key ${p.key} --ca ${g.ca} --oracle ${g.oracle}`;
  }
  const parts = ['npx mtls-conformance run', `--target ${r.target}`];
  if (r.configFile) parts.push(`--config ${r.configFile}`);
  if (r.cluster) parts.push(`--cluster ${r.cluster}`);
  if (r.only.length > 0) parts.push(`--only ${r.only.join(',')}`);
  if (resolve(r.policyFile) !== DEFAULT_POLICY) parts.push(`--policy ${r.policyFile}`);
  if (r.rejections !== DEFAULTS.rejections) parts.push(`--rejections ${r.rejections}`);
  if (r.convergenceMs !== DEFAULTS.convergenceMs) parts.push(`--convergence-window ${r.convergenceMs / 1000}`);
  for (const f of r.faults) parts.push(`--fault ${f}`);
  return parts.join(' ');
}

export async function runCommand(r: RunRequest, catalogue: Catalogue): Promise<number> {
  const started = new Date();

  // Quotas the run will outspend, said before anything starts (the demos would then wait or break).
  const selected = catalogue.demos.filter((d) => r.only.length === 0 || r.only.includes(d.id));
  for (const w of quotaWarnings(selected, planRun(r))) process.stdout.write(`mtls-conformance: warning: ${w}\n`);

  const reportDir = resolve(r.reportDir);
  const paths = {
    results: join(reportDir, 'allure-results'),
    html: join(reportDir, 'allure-report'),
    junit: r.junitFile ? resolve(r.junitFile) : join(reportDir, 'junit.xml'),
    conformance: join(reportDir, 'conformance-report.json'),
    history: join(reportDir, 'history', 'history.jsonl'),
  };
  // Only what this tool writes is replaced; the reporter does not clean stale results itself.
  rmSync(paths.results, { recursive: true, force: true });
  rmSync(paths.html, { recursive: true, force: true });
  mkdirSync(join(reportDir, 'history'), { recursive: true });

  Object.assign(process.env, planToEnv(targetPlan(r)), { MTLS_REPORT_DIR: reportDir });
  const ids = r.only.length > 0 ? catalogue.ids.filter((id) => r.only.includes(id)) : catalogue.ids;
  const collector = new ResultCollector();
  collector.errors.push(...catalogue.problems);
  const vitest = await startVitest('test', r.only.map((id) => catalogue.files[id]!), {
    root: ROOT,
    config: join(ROOT, 'vitest.config.ts'),
    project: ['suites'],
    watch: false,
    // Someone else's gateway (a deploy gate, a partner's self-check) has quotas we may not know of:
    // its demos run one after another in catalogue order, so that one recent acceptance serves as
    // the positive control of the refusals after it, and a shared quota is judged with nothing
    // else running (rate-limit comes last). Our own gateways have quotas to spare: in parallel.
    ...(r.target === 'external' ? { fileParallelism: false, sequence: { sequencer: CatalogueOrderSequencer } } : {}),
    reporters: [r.mode === 'verify' ? 'dot' : 'default', ['allure-vitest/reporter', { resultsDir: paths.results }], ['junit', { outputFile: paths.junit }], collector],
  });
  await vitest.close();

  const handover = takeHandover();
  if (handover.provisionError) {
    process.stderr.write(`mtls-conformance: ${handover.provisionError.message}\n`);
    return handover.provisionError.exitCode;
  }

  // A result whose demo is not in the catalogue must not fall out of the verdict: it fails the run.
  const demos = [...groupByDemo(collector.cases, ids), ...outsideCatalogue(collector.cases, catalogue.ids)];
  const report = buildConformanceReport({
    tool: { name: PKG.name, version: PKG.version },
    target: { name: r.mode === 'verify' ? 'partner self-check' : r.target, url: handover.target?.url ?? null, oracle: handover.target?.oracle ?? null },
    startedAt: started.toISOString(),
    finishedAt: new Date().toISOString(),
    demos,
    reproduce: reproduceLine(r),
  });
  writeConformanceReport(paths.conformance, report);
  const html = await generateAllureReport({ resultsDir: paths.results, outputDir: paths.html, historyFile: paths.history, name: `mtls-conformance: ${r.mode === 'verify' ? 'partner self-check' : r.target}` });

  const rel = (p: string): string => relative(process.cwd(), p) || '.';
  printSummary(report, collector.errors, {
    html: rel(html),
    junit: rel(paths.junit),
    conformance: rel(paths.conformance),
    seconds: (Date.now() - started.getTime()) / 1000,
  });
  if (report.result === 'failure' || collector.errors.length > 0) return EXIT.failure;
  // Nothing failed, but some cases could not be judged: the environment kept the run from a verdict.
  return report.result === 'inconclusive' ? EXIT.environment : EXIT.success;
}
