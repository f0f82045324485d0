// The Allure page's ring and trend patches, on pages the real allure CLI generated: Allure's own
// (raw) and the one a person reads (patched).
import { mkdtempSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATCHED_FOR, patchAllureApp, ringOfAllCases } from '../harness/report/allure-app-patch.ts';
import { generateAllureReport, renderAllure } from '../harness/report/allure-report.ts';

const PKG = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { dependencies: Record<string, string> };

/** The data entries and app scripts of a single-file Allure page, decoded. */
function pieWidget(html: string): { percentage: number; slices: { status: string; count: number }[] } {
  const m = /d\("widgets\/pie_chart\.json","([A-Za-z0-9+/=]+)"\)/.exec(html);
  if (!m?.[1]) throw new Error('no pie_chart widget in the page');
  return JSON.parse(Buffer.from(m[1], 'base64').toString('utf8')) as ReturnType<typeof pieWidget>;
}
function appScript(html: string): string {
  const m = /<script\s+src="data:text\/javascript;base64,([A-Za-z0-9+/=]+)"/.exec(html);
  if (!m?.[1]) throw new Error('no app script in the page');
  return Buffer.from(m[1], 'base64').toString('utf8');
}

describe('the Allure page says what happened at a glance', () => {
  let dir: string;
  let raw: string;
  let patched: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'allure-patch-'));
    const results = join(dir, 'results');
    mkdirSync(results);
    // 2 passed, 3 not tested: Allure's own ring reads 100%.
    const statuses = ['passed', 'passed', 'skipped', 'skipped', 'skipped'];
    statuses.forEach((status, i) => {
      const uuid = `00000000-0000-4000-8000-00000000000${i}`;
      const t = Date.now() - 1000;
      writeFileSync(join(results, `${uuid}-result.json`), JSON.stringify({ uuid, historyId: `case-${i}`, name: `case ${i}`, fullName: `case ${i}`, status, stage: 'finished', start: t, stop: t + 10, labels: [] }));
    });
    const options = (out: string) => ({ resultsDir: results, outputDir: join(dir, out), historyFile: join(dir, `${out}.jsonl`), name: 'patch test' });
    raw = readFileSync(await renderAllure(options('raw')), 'utf8');
    patched = readFileSync(await generateAllureReport(options('patched')), 'utf8');
  }, 60_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is written for the allure that package.json pins', () => {
    expect(PKG.dependencies.allure).toBe(PATCHED_FOR);
  });

  it('rings passed out of all cases: 2 of 5 is 40%, where Allure alone computes 100%', () => {
    const ring = pieWidget(patched);
    expect(ring.slices.map((s) => [s.status, s.count])).toEqual(expect.arrayContaining([['passed', 2], ['skipped', 3]]));
    expect(ring.percentage).toBe(40);
    expect(pieWidget(raw).percentage).toBe(100);
    expect(patchAllureApp(raw).missed).toEqual([]);
    expect(ringOfAllCases({ slices: [{ status: 'passed', count: 2 }], percentage: 100 }).percentage).toBe(100);
    expect(ringOfAllCases({ slices: [{ status: '__empty__', count: 1 }], percentage: 0 }).percentage).toBe(0);
    expect(ringOfAllCases({ slices: [{ status: 'passed', count: 1 }, { status: 'failed', count: 1 }, { status: 'skipped', count: 1 }], percentage: 50 }).percentage).toBe(33.33);
  });

  it("says in the ring's tooltip what it counts, and puts the time on the trend's ticks", () => {
    // Counts, not whole-bundle matchers: a failure prints a number, not 2.6 MB of JavaScript.
    const count = (text: string, re: RegExp): number => text.match(re)?.length ?? 0;
    const excluded = /Skipped and unknown tests are excluded\."/g;
    const ours = /successRateDescription"?:"Passed cases out of all cases, not-supported and skipped ones included\."/g;
    const dateTick = /"ticks":\{"current":"Latest","history":"\{\{timestamp, timestamp_date\}\}"/g;
    const timeTick = /"ticks":\{"current":"Latest","history":"\{\{timestamp, timestamp_long_no_seconds\}\}"/g;
    const room = /margin:\{top:10,right:20,bottom:\w+>0\?76:40,/g;
    const before = appScript(raw);
    const after = appScript(patched);
    expect([count(before, excluded), count(before, ours), count(before, timeTick), count(before, room)]).toEqual([count(before, excluded), 0, 0, 0]);
    expect(count(before, excluded)).toBeGreaterThan(0);
    expect(count(before, dateTick)).toBeGreaterThan(0);
    expect([count(after, excluded), count(after, dateTick)]).toEqual([0, 0]);
    expect(count(after, ours)).toBe(count(before, excluded));
    expect(count(after, timeTick)).toBe(count(before, dateTick));
    expect(count(after, room)).toBeGreaterThan(0);
  });

  it('names the patches that find nothing, and leaves such a page as it was', () => {
    const { html, missed } = patchAllureApp('<html><body>not an allure page</body></html>');
    expect(missed).toEqual(['ring', 'ring tooltip', 'trend ticks', 'tick room']);
    expect(html).toBe('<html><body>not an allure page</body></html>');
  });
});
