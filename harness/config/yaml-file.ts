// Reading a user's YAML file: a missing, unreadable or malformed file is a ConfigError naming it.
import { readInputFile } from './input-file.ts';
import { pathProblem } from './shown.ts';
import type { YAMLError } from 'yaml';
import { ConfigError } from '../util/errors.ts';
import { parseDocument } from 'yaml';

/** A policy or target file is a few KiB; a bigger one is a mistake (or an attack on the parser). */
export const YAML_MAX_BYTES = 256 * 1024;

function line(err: YAMLError): string {
  const where = err.linePos?.[0] ? ` line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
  const why = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
  return `${where} is not valid YAML (${why})`;
}

/**
 * Every way a file can fail to be read or parsed is one ConfigError line: missing, too big, bad
 * syntax, an alias bomb (the parser's alias limit), an unknown tag or directive (a warning the
 * parser would otherwise print over many lines), or anything else the parser throws.
 */
export function readYamlFile(file: string, what: string): unknown {
  const pasted = pathProblem(file);
  if (pasted) throw new ConfigError(`${what}: the value given ${pasted}`);
  const read = readInputFile(file, YAML_MAX_BYTES);
  if (!read.ok) throw new ConfigError(`${what} ${file} ${read.why}: ${read.why === 'does not exist' ? 'check the path' : 'check that it is the right file'}`);
  const source = read.text;
  try {
    const doc = parseDocument(source, { prettyErrors: true, logLevel: 'silent' });
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) throw new ConfigError(`${what} ${file}:${line(problem)}: fix the syntax`);
    return doc.toJS({ maxAliasCount: 100 });
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const why = (err instanceof Error ? err.message : String(err)).split('\n')[0];
    throw new ConfigError(`${what} ${file} is not YAML this tool reads (${why}): fix the YAML`);
  }
}
