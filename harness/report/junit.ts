// The JUnit report of a run, in the shape vitest's JUnit reporter gave it (CI systems and people's
// scripts read it): one <testsuite> per suite file, one <testcase> per case named "demo > case",
// <skipped/> (with the reason when not-supported, or a <failure> when a required case was not
// tested: judged.ts), the case's annotations as <properties>, and a <failure> per error.
import { mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, relative } from 'node:path';
import type { File, Task, Test } from '@vitest/runner';
import { demoOf, fileErrors } from './collector.ts';
import type { Judged } from './judged.ts';
import type { CaseResult } from './rollup.ts';

const xml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
// vitest wrote times in seconds, as given (no rounding).
const seconds = (ms: number | undefined): string => String((ms ?? 0) / 1000);

interface Case {
  name: string;
  task: Test;
  /** What it says when it did not run (notRun); undefined when it ran. */
  notRun?: { line: string; failed: boolean };
}

/** A case that did not run: why (not-supported), or, for a required one (--require), a failure. */
function notRun(c: CaseResult | undefined): { line: string; failed: boolean } {
  if (c?.result === 'not-supported') return { line: `<skipped message="${xml(`not-supported: ${c.reason ?? ''}`)}"/>`, failed: false };
  if (c?.result === 'failed') return { line: `<failure message="${xml(c.reason ?? 'failed')}" type="RequiredNotTested"/>`, failed: true };
  return { line: '<skipped/>', failed: false };
}

const skippedTask = (t: Test): boolean => t.mode === 'skip' || t.mode === 'todo';

function casesOf(task: Task, prefix = ''): Case[] {
  if (task.type === 'test') return [{ name: `${prefix}${task.name}`, task }];
  if (task.type !== 'suite') return [];
  return task.tasks.flatMap((t) => casesOf(t, `${prefix}${task.name} > `));
}

function testcase(c: Case, classname: string): string[] {
  const t = c.task;
  const out = [`        <testcase classname="${xml(classname)}" name="${xml(c.name)}" time="${seconds(t.result?.duration)}">`];
  if (c.notRun) out.push(`            ${c.notRun.line}`);
  if (t.annotations.length > 0) {
    out.push('            <properties>');
    for (const a of t.annotations) out.push(`                <property name="${xml(a.type)}" value="${xml(a.message)}">`, '                </property>');
    out.push('            </properties>');
  }
  if (t.result?.state === 'fail') {
    for (const e of t.result.errors ?? []) out.push(`            <failure message="${xml(e.message)}" type="${xml(e.name ?? 'Error')}">`, xml(e.stack ?? e.message), '            </failure>');
  }
  out.push('        </testcase>');
  return out;
}

/** A file that failed to load, or whose describe hooks failed, is a failed case of its own. */
function fileFailure(file: File): Test | undefined {
  const errors = fileErrors(file);
  if (errors.length === 0) return undefined;
  return { ...(file as unknown as Test), type: 'test', mode: 'run', annotations: [], result: { state: 'fail', errors, duration: file.result?.duration ?? 0 } };
}

/** `judged`: how the run judged each case (judged.ts), for the cases that did not run. */
export function writeJunit(outputFile: string, files: readonly File[], root: string, judged?: Judged): void {
  const suites = files.map((file) => {
    const classname = relative(root, file.filepath);
    const failure = fileFailure(file);
    const cases = [...file.tasks.flatMap((t) => casesOf(t)), ...(failure ? [{ name: file.name, task: failure }] : [])].map(
      (c): Case => (skippedTask(c.task) ? { ...c, notRun: notRun(judged?.(demoOf(c.task), c.task.name)) } : c),
    );
    const failures = cases.filter((c) => c.task.result?.state === 'fail' || c.notRun?.failed).length;
    const skipped = cases.filter((c) => c.notRun && !c.notRun.failed).length;
    return { file, classname, cases, failures, skipped };
  });
  const tests = suites.reduce((n, s) => n + s.cases.length, 0);
  const failures = suites.reduce((n, s) => n + s.failures, 0);
  const time = suites.reduce((n, s) => n + (s.file.result?.duration ?? 0), 0);
  const lines = ['<?xml version="1.0" encoding="UTF-8" ?>', `<testsuites name="mtls-conformance" tests="${tests}" failures="${failures}" errors="0" time="${seconds(time)}">`];
  for (const s of suites) {
    lines.push(
      `    <testsuite name="${xml(s.classname)}" timestamp="${new Date().toISOString()}" hostname="${xml(hostname())}" tests="${s.cases.length}" failures="${s.failures}" errors="0" skipped="${s.skipped}" time="${seconds(s.file.result?.duration)}">`,
    );
    for (const c of s.cases) lines.push(...testcase(c, s.classname));
    lines.push('    </testsuite>');
  }
  lines.push('</testsuites>');
  mkdirSync(dirname(outputFile), { recursive: true });
  writeFileSync(outputFile, `${lines.join('\n')}\n`);
}
