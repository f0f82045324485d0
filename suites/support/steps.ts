// How a demo case reads in the report: labels, then arrange / probe / judge steps with evidence.
// What a verdict means for a case is in accept.ts (clients that must get in) and refuse.ts.
import * as allure from 'allure-js-commons';
import type { TestContext } from '@vitest/runner';
import { currentTest } from '../../harness/run/current-test.ts';
import type { Verdict } from '../../harness/oracle/oracle.ts';
import { loadIdentity, probe, type ProbeRequest, type ProbeResult } from '../../harness/probe/probe.ts';
import { exchangeEvidence } from '../../harness/report/evidence.ts';
import { redact } from '../../harness/report/redact.ts';
import type { Feature, Identity } from '../../harness/core/target.ts';
import type { DemoDeclaration } from '../../harness/core/demo.ts';
import { whyLacking } from '../../harness/core/features.ts';
import { judgementStatus, markedStep } from './step-status.ts';
import { control, describeIdentity, hasFeature, target } from './target.ts';

export const EPIC = 'Partner mTLS at the gateway';

/** Labels every case carries: epic, feature = demo id, story = case. A failed case gets the target's diagnostics. */
/** A case's Allure labels, from its demo's one declaration: feature = id, tag = where the guide makes the promise, needs. */
export async function labelCase(demo: DemoDeclaration, story: string, params: Record<string, string> = {}): Promise<void> {
  currentTest()?.context.onTestFailed(async () => {
    const text = await control().diagnostics().catch((err: unknown) => `(diagnostics unavailable: ${String(err)})`);
    if (text) await allure.attachment('gateway diagnostics', redact(text), 'text/plain');
  });
  await allure.epic(EPIC);
  await allure.feature(demo.id);
  await allure.story(story);
  if (demo.guide) await allure.tag(`guide: ${demo.guide}`);
  if (demo.needs.length > 0) await allure.label('needs', demo.needs.join(', '));
  await allure.parameter('target', target().target);
  await allure.parameter('oracle', target().oracle);
  for (const [k, v] of Object.entries(params)) await allure.parameter(k, v);
}

/**
 * A case that needs what this target lacks is not-supported: not a failure, not a skip. Vitest
 * records it as skipped with a "not-supported:" reason, which the report writers read. Each missing
 * feature is said in the words every case missing it uses, so that a run says each reason once.
 */
export async function needs(ctx: TestContext, features: Feature[]): Promise<void> {
  const missing = features.filter((f) => !hasFeature(f));
  if (missing.length === 0) return;
  await notSupported(ctx, whyLacking(missing, target().lacks));
}

/** Everything a partner's self-check does not check, said once: the partner can only ask the Home Party about it. */
const SELF_CHECK = "a partner's self-check sends only its own certificate (and probes made on its machine) and reads the gateway's answers: the Home Party's own runs check the rest";

export async function notSupported(ctx: TestContext, why: string): Promise<never> {
  const reason = `not-supported: ${target().selfCheck ? SELF_CHECK : why}`;
  await allure.label('resultState', 'not-supported');
  await allure.description(reason);
  return ctx.skip(reason);
}

export async function arrange<T>(title: string, body: () => T | Promise<T>): Promise<T> {
  return allure.step(`arrange: ${title}`, body);
}

export interface ProbeOptions {
  identity?: Identity;
  path?: string;
  headers?: Record<string, string>;
  tls?: ProbeRequest['tls'];
  label?: string;
  /** Any valid partner will do: on a quota, another may take this one's place. */
  spread?: boolean;
  /** Connect from this source address (the gateway must see it as it is: feature ip-allowlist). */
  localAddress?: string;
  /** Give up on the connection, the answer or its body after this long (default: the probe's 5 s). */
  timeoutMs?: number;
}

export interface StepResult extends ProbeResult {
  /** The gateway's log lines for this request, where the target can read them. */
  gatewayLog?: string[];
}

/** One probe on a fresh connection, as its own step with request, response, cert and gateway log. */
export async function probeStep(opts: ProbeOptions): Promise<StepResult> {
  const t = target();
  const path = opts.path ?? t.routes.default;
  const who = describeIdentity(opts.identity);
  return allure.step(`probe: GET ${path} as ${opts.label ?? opts.identity?.name ?? 'no client certificate'}`, async () => {
    const result = await probe({
      baseUrl: t.baseUrl,
      path,
      caPem: t.serverCaPem,
      ...(opts.identity ? { identity: loadIdentity(opts.identity) } : {}),
      ...(opts.headers ? { headers: opts.headers } : {}),
      ...(opts.tls ? { tls: opts.tls } : {}),
      ...(opts.localAddress ? { localAddress: opts.localAddress } : {}),
      ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}),
    });
    // One attachment per probe: what was sent, what came back, with which certificate, and what the gateway logged of it.
    const lines = hasFeature('gateway-log') ? await control().gatewayLog(result.requestId) : [];
    await allure.attachment('exchange', exchangeEvidence(result, who, opts.identity?.certFile, lines), 'text/plain');
    return hasFeature('gateway-log') ? { ...result, gatewayLog: lines } : result;
  });
}

/** Remember the forms the oracle saw on the test, for conformance-report.json's `observed`. */
function recordObserved(form: string): void {
  const test = currentTest();
  if (!test) return;
  const meta = test.meta as { observed?: string[] };
  meta.observed = [...new Set([...(meta.observed ?? []), form])];
}

/** A warning on the current case: shown in the summary and the reports, not a failure. */
export async function warn(message: string): Promise<void> {
  await currentTest()?.context.annotate(`warning: ${message}`, 'warning');
}

/**
 * A judging step: the oracle's verdict (and what it means for the case) as evidence, without
 * asserting. `observed`: the form counts among what the case saw (not for a positive control).
 */
export async function judgeStep<T extends { verdict: Verdict; state?: string }>(title: string, judged: () => T, explain: (j: T) => string = (j) => j.verdict.reason, observed = true): Promise<T> {
  // Red when not as expected, broken when no verdict: the step shows what it found.
  return markedStep(
    (body: (step: allure.StepContext) => Promise<T>) => allure.step(`judge: ${title}`, body),
    async (step) => {
      const j = judged();
      if (observed) recordObserved(j.verdict.form);
      await step.parameter('observed form', j.verdict.form);
      await step.parameter('verdict', explain(j));
      return j;
    },
    (j) => ({ status: judgementStatus(j), message: explain(j) }),
  );
}
