// Reading a user's YAML file: a missing, unreadable or malformed file is a ConfigError naming it.
import { readFileSync, statSync } from 'node:fs';
import type { YAMLError } from 'yaml';
import { ConfigError } from './errors.ts';
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
  let source: string;
  try {
    const size = statSync(file).size;
    if (size > YAML_MAX_BYTES) throw new ConfigError(`${what} ${file} is ${Math.ceil(size / 1024)} KiB, over the ${YAML_MAX_BYTES / 1024} KiB a ${what} may have: check that it is the right file`);
    source = readFileSync(file, 'utf8');
  } catch (err) {
    if (err instanceof ConfigError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code})`;
    throw new ConfigError(`${what} ${file} ${why}: check the path`);
  }
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
