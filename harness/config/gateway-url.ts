// The gateway's URL is scheme, host and port: a user or password in it is refused and never
// printed (the client certificate is the credential; the URL goes into reports), and so are a
// query, a fragment and port 0. A path is refused too in the target file (routes: carries the
// paths, each absolute), never silently dropped; verify takes one, as the route to try.

/** The URL as it may be shown: any user and password replaced. */
export function shownUrl(raw: string): string {
  return raw.replace(/\/\/[^/?#]*@/, '//***@');
}

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
  if (url.search) return { ok: false, problem: `${shown} has a query (${url.search}): remove it` };
  if (url.hash) return { ok: false, problem: `${shown} has a fragment (${url.hash}): remove it` };
  if (!opts.allowPath && url.pathname !== '/') {
    return { ok: false, problem: `${shown} has a path (${url.pathname}): give scheme, host and port only, like ${opts.example}, and the paths under routes:` };
  }
  return { ok: true, origin: url.origin, path: url.pathname };
}
