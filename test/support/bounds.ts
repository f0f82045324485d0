// Upper bounds for tests that run the CLI or a gateway. They catch a hang, not slowness: `npm test`
// must stay green on a busy machine (another `npm test` running on the same 2 cores roughly triples
// how long a CLI run takes), so every such bound is the time it takes alone, times SLACK.
export const SLACK = 3;

export function bound(aloneMs: number): number {
  return aloneMs * SLACK;
}
