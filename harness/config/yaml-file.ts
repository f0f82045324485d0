// Reading a user's YAML file: a missing, unreadable or malformed file is a ConfigError naming it.
import { readFileSync } from 'node:fs';
import { parse, YAMLParseError } from 'yaml';
import { ConfigError } from './errors.ts';

export function readYamlFile(file: string, what: string): unknown {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist' : code === 'EISDIR' ? 'is a directory' : `cannot be read (${code})`;
    throw new ConfigError(`${what} ${file} ${why}: check the path`);
  }
  try {
    return parse(source, { prettyErrors: true });
  } catch (err) {
    if (err instanceof YAMLParseError) {
      const where = err.linePos?.[0] ? ` line ${err.linePos[0].line}, column ${err.linePos[0].col}` : '';
      const why = (err.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new ConfigError(`${what} ${file}:${where} is not valid YAML (${why}): fix the syntax`);
    }
    throw err;
  }
}
