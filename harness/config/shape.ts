// A tiny reader for config files that reports every problem as "<key path>: <what is wrong>",
// so a user sees all of them at once, each on one line. A value is echoed only as shown.ts allows.
import { shownValue } from './shown.ts';

export type Json = unknown;

export class Problems {
  readonly list: string[] = [];

  add(path: string, message: string): void {
    this.list.push(`${path || '(top level)'}: ${message}`);
  }

  get empty(): boolean {
    return this.list.length === 0;
  }
}

export function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

function kind(value: Json): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'string') return shownValue(value).startsWith('"') ? `string ${shownValue(value)}` : `a string: ${shownValue(value)}`;
  return typeof value === 'object' ? 'a mapping' : `${typeof value} ${JSON.stringify(value)}`;
}

export function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A mapping whose keys are all known; unknown keys are problems (a typo must not be ignored). */
export function mapping(
  value: Json,
  path: string,
  allowed: readonly string[],
  problems: Problems,
): Record<string, Json> | undefined {
  if (!isObject(value)) {
    problems.add(path, value === undefined ? 'is required' : `expected a mapping, found ${kind(value)}`);
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.add(join(path, key), `unknown key (allowed: ${allowed.join(', ')})`);
  }
  return value;
}

export function text(value: Json, path: string, problems: Problems, required = true): string | undefined {
  if (value === undefined) {
    if (required) problems.add(path, 'is required');
    return undefined;
  }
  if (typeof value !== 'string' || value.trim() === '') {
    problems.add(path, `expected a non-empty string, found ${kind(value)}`);
    return undefined;
  }
  return value;
}

export function positiveInt(value: Json, path: string, problems: Problems): number | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    problems.add(path, `expected a positive integer, found ${kind(value)}`);
    return undefined;
  }
  return value;
}

export function list(value: Json, path: string, problems: Problems): Json[] | undefined {
  if (!Array.isArray(value)) {
    problems.add(path, `expected a list, found ${value === undefined ? 'nothing' : kind(value)}`);
    return undefined;
  }
  return value;
}

/** At most this many problems are listed; the rest are counted ("and N more"). */
export const MAX_PROBLEMS = 20;

/** One line per problem, prefixed with the file; a long list is cut after MAX_PROBLEMS. */
export function problemLines(file: string, problems: readonly string[]): string {
  const shown = problems.slice(0, MAX_PROBLEMS).map((p) => `${file}: ${p}`);
  if (problems.length > MAX_PROBLEMS) shown.push(`${file}: and ${problems.length - MAX_PROBLEMS} more problems`);
  return shown.join('\n');
}
