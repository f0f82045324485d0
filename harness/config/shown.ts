// What a message may echo of what a user gave: a short value on one line, as written; anything
// else described, never shown (a key pasted where a path belongs, a token in a URL's query or
// password). URLs are shown as scheme, host and port only, also when they do not parse.

/** A PEM block's armour, or a run of base64 as keys and certificates carry it. */
const SECRET_LIKE = /-----BEGIN|[A-Za-z0-9+/]{40,}/;
const SHORT = 80;

/**
 * A value pasted where a file path belongs: PEM content, several lines, or one line of a PEM body
 * (base64 of 40 or more, mixed case and digits, no dot: a key or certificate file has an extension).
 */
export function looksLikeContent(value: string): boolean {
  if (/-----BEGIN|[\r\n]/.test(value)) return true;
  const v = value.trim();
  return v.length >= 40 && /^[A-Za-z0-9+/=]+$/.test(v) && /[A-Z]/.test(v) && /[a-z]/.test(v) && /[0-9]/.test(v);
}

/** A user's value for a message: quoted as written when short and plain, else only described. */
export function shownValue(value: string): string {
  if (/-----BEGIN/.test(value)) return 'a value that looks like PEM content (not shown)';
  if (value.length > SHORT || /[\r\n]/.test(value) || SECRET_LIKE.test(value)) return `a value of ${value.length} characters (not shown)`;
  return JSON.stringify(value);
}

/** A file path for a message; the problem to report instead when what was given is file content. */
export function pathProblem(value: string): string | undefined {
  return looksLikeContent(value) ? 'looks like PEM content, not a file path: give the path of the file that holds it (the value is not shown)' : undefined;
}

/** scheme://host:port of a URL, whatever else it holds (user, password, path, query); from the text when it does not parse. */
export function shownUrl(raw: string): string {
  try {
    const url = new URL(raw);
    if (url.host) return `${url.protocol}//${url.host}`;
  } catch {
    // described from the text below
  }
  {
    // scheme, then the authority without its user info, up to the first of / ? # or whitespace.
    const m = /^([A-Za-z][A-Za-z0-9+.-]*:\/\/)?(?:[^@/?#\s]*@)?([^/?#\s@]*)/.exec(raw.trim());
    const shown = `${m?.[1] ?? ''}${m?.[2] ?? ''}`;
    return shown && !looksLikeContent(shown) && shown.length <= SHORT ? shown : 'a value that is not a URL (not shown)';
  }
}
