// The CLI's entry: parse, dispatch, and turn user mistakes into one line and an exit code.
import { UserError } from '../../harness/config/errors.ts';
import { loadCatalogue } from '../../harness/run/load-catalogue.ts';
import { readRunCatalogue } from '../../harness/run/run-catalogue.ts';
import { mark } from '../../harness/util/trace.ts';
import { sweepStale } from '../../harness/util/owned-dir.ts';
import { checkOnly, parseCommand } from './args.ts';
import { preflightEnvironment } from './preflight.ts';
import { claimReportDir } from './report-dir.ts';
import { helpText } from './help.ts';
import { PKG } from './package-info.ts';
import type { BegunRun } from './begin-run.ts';
import type { AllureGenerator } from '../../harness/report/allure-generator.ts';

/** What the bin started before this module loaded: the Allure worker of a run. */
export interface Prestarted {
  allure?: AllureGenerator | undefined;
}

export async function main(argv: string[], prestarted: Prestarted = {}): Promise<number> {
  let begun: BegunRun | undefined;
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      process.stdout.write(helpText((await loadCatalogue()).demos));
      return 0;
    }
    if (command.kind === 'version') {
      process.stdout.write(`${PKG.version}\n`);
      return 0;
    }
    if (command.kind === 'render') {
      const { renderCommand } = await import('./render.ts');
      return await renderCommand(command);
    }
    if (command.kind === 'run') {
      // Where reports go first: a run refused there (a bad path, another run's dir) touches nothing.
      claimReportDir(command.reportDir, command.junitFile);
      // What runs that were killed outright left behind (their owner is gone): ours to remove,
      // before the environment check, since a stale nginx may still hold a port we need.
      const swept = sweepStale();
      if (swept.length > 0) process.stderr.write(`mtls-conformance: removed ${swept.length} temp dir(s) of runs that were killed: ${swept.join(', ')}\n`);
      await preflightEnvironment(command);
      // The gateway comes up while the catalogue, the runner and the suites load.
      const { beginRun } = await import('./begin-run.ts');
      begun = beginRun(command, prestarted.allure);
    }
    if (command.kind === 'list') {
      const { listText } = await import('./list.ts');
      process.stdout.write(listText((await loadCatalogue()).demos, command));
      return 0;
    }
    mark('run begun');
    const catalogue = await readRunCatalogue(command);
    mark('catalogue read');
    checkOnly(command.only, catalogue.ids);
    checkOnly(command.require, catalogue.ids, '--require');
    if (command.lastFailed) {
      const { lastFailedIds } = await import('./last-failed.ts');
      const again = lastFailedIds(command.reportDir, catalogue.ids);
      if (again.length === 0) {
        process.stdout.write(`mtls-conformance: nothing failed or broke in the last run in ${command.reportDir}: nothing to run again\n`);
        return 0;
      }
      process.stdout.write(`mtls-conformance: running again what failed or broke last time: ${again.join(', ')}\n`);
      command.only = again;
    }
    // Loaded only for a run: help or a usage error should answer at once.
    const { runCommand } = await import('./run.ts');
    begun ??= (await import('./begin-run.ts')).beginRun(command, prestarted.allure);
    return await runCommand(command, catalogue, begun);
  } catch (err) {
    if (err instanceof UserError) {
      // One line per problem, each saying what, where and how to fix it.
      process.stderr.write(err.message.split('\n').map((l) => `mtls-conformance: ${l}\n`).join(''));
      return err.exitCode;
    }
    throw err;
  } finally {
    // The one place a begun run ends: after its reports, and also when it was refused after it
    // began (an unknown --only id, nothing to run again).
    await begun?.end();
    // A worker the bin started for a run that never began (help, a usage error) would keep this process alive.
    if (!begun) prestarted.allure?.stop();
    mark('ended');
  }
}
