// The ConfigError a check throws: a test of a refusal fails when there is none, or another error.
import { ConfigError } from '../../harness/util/errors.ts';

export function refusal(f: () => unknown): ConfigError {
  try {
    f();
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('not refused');
}
