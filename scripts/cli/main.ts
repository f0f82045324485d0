// The CLI's entry: parse, dispatch, and turn user mistakes into one line and an exit code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { UserError } from '../../harness/config/errors.ts';
import { parseCommand } from './args.ts';
import { helpText } from './help.ts';
import { ROOT, runCommand } from './run.ts';

export async function main(argv: string[]): Promise<number> {
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      process.stdout.write(helpText());
      return 0;
    }
    if (command.kind === 'version') {
      process.stdout.write(`${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`);
      return 0;
    }
    return await runCommand(command);
  } catch (err) {
    if (err instanceof UserError) {
      process.stderr.write(`mtls-conformance: ${err.message}\n`);
      return err.exitCode;
    }
    throw err;
  }
}
