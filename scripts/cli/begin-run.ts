// The first thing a run does once its arguments are checked: start what takes longest, the
// gateway (open-run.ts) and Allure's loading (in its own process), while this process loads the
// catalogue and the suites. Kept light on imports: whatever it imports delays the gateway's start.
import { resolve } from 'node:path';
import { startAllureGenerator, type AllureGenerator } from '../../harness/report/allure-generator.ts';
import { openRun, type OpenRun } from '../../harness/run/open-run.ts';
import { targetPlan } from '../../harness/run/run-options.ts';
import type { RunRequest } from './args.ts';
import { leaseLanes } from './lanes.ts';

/** A run under way before the catalogue and the suites have loaded: its gateway and Allure coming up. */
export interface BegunRun {
  started: Date;
  reportDir: string;
  /** Absent with --no-html-report. */
  allure: AllureGenerator | undefined;
  /** The gateway, once up; rejects when it did not come up (open-run.ts recorded why). */
  opened: Promise<OpenRun>;
  /** Closes the run and stops the Allure worker; safe to call twice. */
  end(): Promise<void>;
}

export function beginRun(r: RunRequest, prestarted?: AllureGenerator): BegunRun {
  const started = new Date();
  const reportDir = resolve(r.reportDir);
  const plan = targetPlan(r);
  // No HTML report, no worker (one the bin started on a misread command line is stopped).
  if (!r.htmlReport) prestarted?.stop();
  const allure = r.htmlReport ? (prestarted ?? startAllureGenerator()) : undefined;
  const opened = openRun(plan, { lanes: leaseLanes(r), reportDir });
  // A failure is read where the run needs the gateway (run.ts), or not at all (a refused run).
  opened.catch(() => undefined);
  return {
    started,
    reportDir,
    allure,
    opened,
    end: async () => {
      await opened.then((run) => run.close(), () => undefined);
      // A worker left waiting on stdin would keep this process alive.
      allure?.stop();
    },
  };
}
