// The gateway's URL is scheme, host and port: a user or password in it is refused (the client
// certificate is the credential; the URL goes into reports), and so are a query, a fragment and
// port 0, each said without echoing it (a message shows scheme, host and port only). A path is
// refused too in the target file (routes: carries the paths, each absolute), never silently
// dropped; verify takes one, as the route to try, if it is a plain path (routes.ts).
import { checkRoutePath } from './routes.ts';
import { shownUrl } from './shown.ts';

export type UrlCheck = { ok: true; origin: string; path: string } | { ok: false; problem: string };

export function checkGatewayUrl(raw: string, opts: { allowPath: boolean; example: string }): UrlCheck {
  const shown = `"${shownUrl(raw)}"`;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, problem: `${shown} is not a URL: write it like ${opts.example}` };
  }
  if (url.protocol !== 'https:') return { ok: false, problem: `${shown} is not https: the mTLS listener is reached with https://` };
  if (url.username || url.password) {
    return { ok: false, problem: `${shown} holds a user or password: remove it (the client certificate is the credential, and the URL is printed in reports)` };
  }
  if (url.port === '0') return { ok: false, problem: `${shown} has port 0: give the port the mTLS listener listens on` };
  if (url.search || raw.includes('?')) return { ok: false, problem: `${shown} has a query: remove it` };
  if (url.hash || raw.includes('#')) return { ok: false, problem: `${shown} has a fragment: remove it` };
  // The path as written: URL parsing would turn "/\\host" or "/./x" into something else.
  const written = /^[a-z]+:\/\/[^/\\]*(.*)$/i.exec(raw)?.[1] ?? url.pathname;
  if (!opts.allowPath && written !== '' && written !== '/') {
    return { ok: false, problem: `${shown} has a path: give scheme, host and port only, like ${opts.example}, and the paths under routes:` };
  }
  const pathProblem = opts.allowPath ? checkRoutePath(written || '/') : undefined;
  if (pathProblem) return { ok: false, problem: `${shown}: its path ${pathProblem}` };
  return { ok: true, origin: url.origin, path: written || '/' };
}
