// The JUnit report of a run, as CI systems show it well, valid against the Jenkins JUnit schema
// (junit-4.xsd; test/junit.test.ts): one <testsuite> per demo, each case a <testcase> whose
// classname is the demo's stable dotted id (mtls-conformance.<demo id>). A failed case is one
// <failure> whose message is the verdict sentence and whose text says why and what to check; a case
// without a verdict (broken) is an <error> with its reason and fix; a not-supported or skipped case
// is <skipped> with its reason. The request/response evidence of a case that failed or broke is its
// <system-out>. No stack frame of this tool appears; nothing XML cannot hold reaches the file.
import { hostname } from 'node:os';
import type { File, Test } from '@vitest/runner';
import { demoOf, testsOf } from './collector.ts';
import { redact } from './redact.ts';
import type { Reporter, RunRecord } from './reporter.ts';
import { writeReportFile } from './write-file.ts';
import type { CaseResult, DemoResult } from './rollup.ts';
import { whoseLines } from './whose.ts';

/** XML 1.0 cannot hold these at all (not even escaped): control characters, lone surrogates, U+FFFE/F. */
// eslint-disable-next-line no-control-regex -- naming the control characters XML forbids is the point
const XML_ILLEGAL = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function xmlText(s: string): string {
  return s.replace(XML_ILLEGAL, '\uFFFD').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

const attr = (s: string): string => xmlText(s).replace(/"/g, '&quot;').replace(/\n/g, '&#10;');
const seconds = (ms: number | undefined): string => ((ms ?? 0) / 1000).toFixed(3);

/** The evidence a case recorded (the request, the response, the certificate, the gateway's log lines), as text. */
const EVIDENCE_MAX = 16 * 1024;
function evidenceOf(test: Test | undefined): string {
  const messages = (test?.meta as { allureRuntimeMessages?: { type: string; data: { name?: string; content?: string; contentType?: string } }[] } | undefined)?.allureRuntimeMessages ?? [];
  const parts = messages
    .filter((m) => m.type === 'attachment_content' && m.data.contentType?.startsWith('text/') && m.data.name !== 'gateway diagnostics')
    .map((m) => `--- ${m.data.name}\n${Buffer.from(m.data.content ?? '', 'base64').toString('utf8')}`);
  const text = redact(parts.join('\n\n'));
  return text.length > EVIDENCE_MAX ? `${text.slice(0, EVIDENCE_MAX)}\n[... ${text.length - EVIDENCE_MAX} more characters in the Allure report]` : text;
}

function testcase(demo: string, c: Omit<CaseResult, 'demo'>, test: Test | undefined): string[] {
  const classname = `mtls-conformance.${demo}`;
  const out = [`    <testcase name="${attr(c.name)}" classname="${attr(classname)}" time="${seconds(test?.result?.duration)}">`];
  const reason = c.reason ?? c.result;
  const sentence = reason.split('\n')[0]!;
  if (c.result === 'failed') out.push(`      <failure message="${attr(sentence)}" type="failed">${xmlText([reason, ...(c.fix ? [`likely cause: ${c.fix}`] : [])].join('\n'))}</failure>`);
  else if (c.result === 'broken') out.push(`      <error message="${attr(sentence)}" type="no verdict">${xmlText([reason, ...(c.fix ? [`fix: ${c.fix}`] : [])].join('\n'))}</error>`);
  else if (c.result === 'not-supported' || c.result === 'skipped' || c.result === 'known-failure') out.push(`      <skipped>${xmlText(`${c.result}: ${reason}`)}</skipped>`);
  if (c.result === 'failed' || c.result === 'broken') {
    const evidence = evidenceOf(test);
    if (evidence) out.push(`      <system-out>${xmlText(evidence)}</system-out>`);
  }
  out.push('    </testcase>');
  return out;
}

function testsuite(d: DemoResult, tests: Map<string, Test>, properties: Record<string, string>, timestamp: string): string[] {
  const count = (...states: string[]): number => d.cases.filter((c) => states.includes(c.result)).length;
  const time = d.cases.reduce((ms, c) => ms + (tests.get(`${d.id}\n${c.name}`)?.result?.duration ?? 0), 0);
  return [
    `  <testsuite name="${attr(`mtls-conformance.${d.id}`)}" tests="${d.cases.length}" failures="${count('failed')}" errors="${count('broken')}" skipped="${count('skipped', 'not-supported', 'known-failure')}" time="${seconds(time)}" timestamp="${timestamp}" hostname="${attr(hostname())}">`,
    '    <properties>',
    ...Object.entries(properties).map(([k, v]) => `      <property name="${attr(k)}" value="${attr(v)}"/>`),
    '    </properties>',
    ...d.cases.flatMap((c) => testcase(d.id, c, tests.get(`${d.id}\n${c.name}`))),
    '  </testsuite>',
  ];
}

/** The whole file, for a run's demos (each with its cases as judged) and the suite files they ran in. */
export function junitXml(run: Pick<RunRecord, 'demos' | 'target' | 'tool' | 'startedAt' | 'finishedAt' | 'whose'>, files: readonly File[]): string {
  const tests = new Map(files.flatMap(testsOf).map((t) => [`${demoOf(t)}\n${t.name}`, t]));
  const properties = { target: run.target.name, gateway: run.target.url, oracle: run.target.oracle, tool: `${run.tool.name} ${run.tool.version}`, started: run.startedAt.toISOString(), ...(run.whose ? whoseLines(run.whose) : {}) };
  const all = run.demos.flatMap((d) => d.cases);
  const count = (...states: string[]): number => all.filter((c) => states.includes(c.result)).length;
  const timestamp = run.startedAt.toISOString().slice(0, 19);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mtls-conformance" tests="${all.length}" failures="${count('failed')}" errors="${count('broken')}" time="${seconds(run.finishedAt.getTime() - run.startedAt.getTime())}">`,
    ...run.demos.flatMap((d) => testsuite(d, tests, properties, timestamp)),
    '</testsuites>',
    '',
  ].join('\n');
}

export function writeJunit(file: string, xml: string): void {
  writeReportFile(file, xml);
}

export class JUnitReporter implements Reporter {
  constructor(private readonly file: string) {}

  onRunEnd(run: RunRecord): void {
    writeJunit(this.file, junitXml(run, run.files));
  }
}
