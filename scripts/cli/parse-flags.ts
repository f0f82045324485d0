// The flag parser every command shares: node's parseArgs, strict, each mistake a ConfigError (exit 2)
// that names the flag and points to the help.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { ConfigError } from '../../harness/util/errors.ts';
import type { TargetFlags } from '../../harness/core/options.ts';
import { shownValue } from '../../harness/config/shown.ts';

export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T) {
  try {
    const parsed = parseArgs({ args: argv, allowPositionals: true, options, strict: true });
    return { ...parsed, values: parsed.values as typeof parsed.values & TargetFlags };
  } catch (err) {
    throw new ConfigError(`${(err as Error).message.split('\n')[0]}: see mtls-conformance --help`);
  }
}

export function noPositionals(positionals: string[], help = 'mtls-conformance --help'): void {
  if (positionals.length > 0) throw new ConfigError(`unexpected argument ${shownValue(positionals[0]!)}: options start with -- (see ${help})`);
}
