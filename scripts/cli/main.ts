// The CLI's entry: parse, dispatch, and turn user mistakes into one line and an exit code.
import { EXIT, UserError } from '../../harness/util/errors.ts';
import { redact } from '../../harness/report/redact.ts';
import { loadCatalogue } from '../../harness/run/load-catalogue.ts';
import { parseCommand } from './args.ts';
import { helpText } from './help.ts';
import { PKG } from './package-info.ts';
import { preflight } from './preflight.ts';

/** A reader that went away (`| head`) ends what we print, not the run: its gateway still comes down and its reports are still written. */
function quietWhenTheReaderLeaves(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE' && err.code !== 'ERR_STREAM_DESTROYED') throw err;
  });
}

export async function main(argv: string[]): Promise<number> {
  quietWhenTheReaderLeaves(process.stdout);
  quietWhenTheReaderLeaves(process.stderr);
  try {
    const command = parseCommand(argv);
    if (command.kind === 'help') {
      process.stdout.write(helpText(command.topic));
      return 0;
    }
    if (command.kind === 'version') {
      process.stdout.write(`${PKG.version}\n`);
      return 0;
    }
    if (command.kind === 'render') {
      const { renderCommand } = await import('./render.ts');
      return await renderCommand(command);
    }
    if (command.kind === 'attest-check') {
      const { attestCheckCommand } = await import('./attest.ts');
      return await attestCheckCommand(command);
    }
    if (command.kind === 'list') {
      const { listText } = await import('./list.ts');
      process.stdout.write(listText((await loadCatalogue()).demos, command));
      return 0;
    }
    const started = new Date();
    await preflight(command);
    // Loaded only once the run may go ahead: help, a usage error or a missing nginx answer at once.
    const { runCommand } = await import('./run.ts');
    return await runCommand(command, started);
  } catch (err) {
    if (err instanceof UserError) {
      // One line per problem, each saying what, where and how to fix it; never a key it quoted.
      process.stderr.write(redact(err.message).split('\n').map((l) => `mtls-conformance: ${l}\n`).join(''));
      return err.exitCode;
    }
    // A bug of this tool, not a user's mistake: its stack, redacted as every line this tool writes.
    process.stderr.write(`mtls-conformance: internal error: ${redact(err instanceof Error ? (err.stack ?? err.message) : String(err))}\n`);
    return EXIT.environment;
  }
}
