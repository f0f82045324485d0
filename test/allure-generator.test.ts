// The warm Allure worker: a job it cannot do is an error with Allure's words, and a worker nobody
// needs is stopped (a worker left waiting on stdin would keep the CLI's process alive); what it
// writes holds every result and attachment.
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startAllureGenerator } from '../harness/report/allure-generator.ts';
import { beginAllureReport, generateAllureReport, HISTORY_RUNS, renderAllure } from '../harness/report/allure-report.ts';
import { pollUntil } from '../harness/util/poll.ts';

describe('the Allure worker', () => {
  it('rejects a report it cannot write, saying why', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'allure-gen-'));
    try {
      const g = startAllureGenerator();
      g.begin({ name: 'x', output: join(dir, 'out'), noSuchField: true }, dir);
      await expect(g.generate({ resultsDir: dir, name: 'x' })).rejects.toThrow(/^allure generate failed: .*unsupported fields: noSuchField/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops when told, and a report after that fails at once instead of waiting', async () => {
    const g = startAllureGenerator();
    g.stop();
    const t0 = Date.now();
    await expect(g.generate({ resultsDir: 'none', name: 'x' })).rejects.toThrow(/allure generate failed \(the generator exited with (null|SIGKILL)\)/);
    expect(Date.now() - t0).toBeLessThan(5_000);
  });
});

/** One passed case and its attachment, written into `results`: the attachment's text. */
function writeCase(results: string, name: string, evidence: string): void {
  const uuid = randomUUID();
  writeFileSync(join(results, `${uuid}-attachment.txt`), evidence);
  writeFileSync(join(results, `${uuid}-result.json`), JSON.stringify({ uuid, name, fullName: `demo ${name}`, status: 'passed', stage: 'finished', start: 1, stop: 2, labels: [{ name: 'feature', value: 'demo' }], steps: [], parameters: [], links: [], attachments: [{ name: 'response', source: `${uuid}-attachment.txt`, type: 'text/plain' }] }));
}

describe('the Allure report', () => {
  it('reads the results handed over while the demos run, and the rest at the end, under the run\'s name', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'allure-report-'));
    try {
      const results = join(dir, 'results');
      mkdirSync(results);
      const place = { outputDir: join(dir, 'report'), historyFile: join(dir, 'history.jsonl') };
      const g = beginAllureReport(place);
      writeCase(results, 'an early case', 'early evidence');
      g.read(results, readdirSync(results));
      // Read while "the demos run": gone from disk before the end, it is in the report all the same.
      expect(await pollUntil(() => (g.readSoFar() === 2 ? true : undefined), 10_000)).toBe(true);
      for (const f of readdirSync(results)) rmSync(join(results, f));
      writeCase(results, 'a late case', 'late evidence');
      const index = await generateAllureReport({ ...place, resultsDir: results, name: 'a run · 2 of 2 cases tested' }, g);
      const html = readFileSync(index, 'utf8');
      for (const evidence of ['early evidence', 'late evidence']) expect(html).toContain(Buffer.from(evidence).toString('base64'));
      // A CI's job name may follow, as Allure appends it.
      expect(html).toMatch(/<title> a run · 2 of 2 cases tested( – [^<]*)? <\/title>/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('holds every result and the content of each attachment, read from the results dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'allure-report-'));
    try {
      const results = join(dir, 'results');
      mkdirSync(results);
      const evidence = `the gateway's answer ${randomUUID()}`;
      for (const [i, name] of ['a refusal', 'an acceptance'].entries()) {
        const uuid = randomUUID();
        writeFileSync(join(results, `${uuid}-attachment.txt`), `${evidence} #${i}`);
        writeFileSync(join(results, `${uuid}-result.json`), JSON.stringify({ uuid, name, fullName: `demo ${name}`, status: 'passed', stage: 'finished', start: 1, stop: 2, labels: [{ name: 'feature', value: 'demo' }], steps: [], parameters: [], links: [], attachments: [{ name: 'response', source: `${uuid}-attachment.txt`, type: 'text/plain' }] }));
      }
      // A file being written when the report is read, as Allure skips it.
      writeFileSync(join(results, 'partial-result.json.tmp'), '{');
      const index = await renderAllure({ resultsDir: results, outputDir: join(dir, 'report'), historyFile: join(dir, 'history.jsonl'), name: 'a test report' });
      const html = readFileSync(index, 'utf8');
      for (const i of [0, 1]) expect(html).toContain(Buffer.from(`${evidence} #${i}`).toString('base64'));
      const listed = JSON.parse(readFileSync(join(dir, 'report', 'test-results.json'), 'utf8')) as unknown;
      expect(JSON.stringify(listed)).toContain('a refusal');
      expect(JSON.stringify(listed)).toContain('an acceptance');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the Allure history', () => {
  it(`keeps the last ${HISTORY_RUNS} runs, this one last`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'allure-history-'));
    try {
      const results = join(dir, 'results');
      mkdirSync(results);
      const uuid = randomUUID();
      writeFileSync(join(results, `${uuid}-result.json`), JSON.stringify({ uuid, name: 'a case', fullName: 'demo a case', historyId: 'demo-a-case', status: 'passed', stage: 'finished', start: 1, stop: 2, labels: [{ name: 'feature', value: 'demo' }], steps: [], parameters: [], links: [], attachments: [] }));
      const history = join(dir, 'history.jsonl');
      const options = { resultsDir: results, outputDir: join(dir, 'report'), historyFile: history, name: 'a nightly' };
      await renderAllure(options);
      // Earlier runs: copies of this one's line under their own ids and times.
      const line = JSON.parse(readFileSync(history, 'utf8').trim()) as { uuid: string; timestamp: number };
      writeFileSync(history, Array.from({ length: HISTORY_RUNS + 10 }, (_, i) => `${JSON.stringify({ ...line, uuid: `earlier-${i}`, timestamp: line.timestamp - 1000 * (HISTORY_RUNS + 10 - i) })}\n`).join(''));
      await renderAllure(options);
      const kept = readFileSync(history, 'utf8').trim().split('\n').map((l) => (JSON.parse(l) as { uuid: string }).uuid);
      expect(kept).toHaveLength(HISTORY_RUNS);
      expect(kept[0]).toBe('earlier-11');
      expect(kept.at(-1)).not.toMatch(/^earlier-/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
