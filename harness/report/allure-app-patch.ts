// Changes to the generated Allure 3.18 page (Allure has no option for them), so that what a person
// sees first agrees with what happened:
// - the ring: Allure writes passed / (passed + failed + broken) into its pie_chart widget
//   (@allurereport/web-commons d3pie.js, core-api successRate.js), so a verify run with 10 of 26
//   cases tested read 100%. It now reads passed / all cases (38.46% there), as the Graphs page's
//   "Current status" already does, and its tooltip says so.
// - the trend: a history tick showed only the date, so two nightly runs on one day looked alike;
//   it shows the date and time (ISO, as the report's dates are), as the tick's tooltip already
//   does, with room below the chart for it.
// package.json pins allure; test/allure-app-patch.test.ts fails if a patch no longer applies.

/** The allure version these patterns were written for (package.json pins it). */
export const PATCHED_FOR = '3.18.0';

// In the English strings and in the ring component's defaults (an unquoted key there).
const RING_TOOLTIP = /(successRateDescription"?:")Calculated from passed, failed, and broken tests\. Skipped and unknown tests are excluded\."/g;
const TREND_TICK = /("ticks":\{"current":"[^"]*","history":"\{\{timestamp, )timestamp_date(\}\}")/g;
// The bar charts' bottom margin for rotated ticks (60 px) clips a tick longer than a date.
const TICK_ROOM = /(margin:\{top:10,right:20,bottom:)(\w+)>0\?60:40,/g;
const APP_SCRIPT = /(<script\s+src="data:text\/javascript;base64,)([A-Za-z0-9+/=]+)(")/g;
const PIE_WIDGET = /(d\("widgets\/(?:[^"]*\/)?pie_chart\.json",")([A-Za-z0-9+/=]+)("\))/g;

interface PieWidget {
  slices: { status: string; count: number }[];
  percentage: number;
}

/** Passed out of every case on the ring, floored to two decimals as Allure floors its own. */
export function ringOfAllCases(widget: PieWidget): PieWidget {
  const counted = widget.slices.filter((s) => s.status !== '__empty__');
  const total = counted.reduce((n, s) => n + s.count, 0);
  const passed = counted.filter((s) => s.status === 'passed').reduce((n, s) => n + s.count, 0);
  return { ...widget, percentage: total === 0 ? 0 : Math.floor((passed / total) * 10000) / 100 };
}

const decode = (b64: string): string => Buffer.from(b64, 'base64').toString('utf8');
const encode = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

/** The page with the ring and trend patches applied, and the names of the patches that found nothing. */
export function patchAllureApp(html: string): { html: string; missed: string[] } {
  const hits = { ring: 0, 'ring tooltip': 0, 'trend ticks': 0, 'tick room': 0 };
  let out = html.replace(PIE_WIDGET, (_m, head: string, b64: string, tail: string) => {
    hits.ring++;
    return head + encode(JSON.stringify(ringOfAllCases(JSON.parse(decode(b64)) as PieWidget))) + tail;
  });
  out = out.replace(APP_SCRIPT, (_m, head: string, b64: string, tail: string) => {
    let js = decode(b64);
    js = js.replace(RING_TOOLTIP, (_t, key: string) => {
      hits['ring tooltip']++;
      return `${key}Passed cases out of all cases, not-supported and skipped ones included."`;
    });
    js = js.replace(TREND_TICK, (_t, a: string, b: string) => {
      hits['trend ticks']++;
      return `${a}timestamp_long_no_seconds${b}`;
    });
    js = js.replace(TICK_ROOM, (_t, a: string, v: string) => {
      hits['tick room']++;
      return `${a}${v}>0?76:40,`;
    });
    return head + encode(js) + tail;
  });
  return { html: out, missed: Object.entries(hits).filter(([, n]) => n === 0).map(([name]) => name) };
}
