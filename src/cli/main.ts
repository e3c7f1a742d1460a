// Command-line entry: parses arguments, runs one command, maps errors to exit codes.
// Exit codes: 0 success, 1 findings at or above --fail-on (review), 2 usage or input error, 3 internal error.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../util/version.ts';
import { InputError } from '../util/errors.ts';
import { storeFailure } from '../app/store.ts';
import { asSystemError, outputFailure } from '../util/system-errors.ts';
import { stripControls, terminalSafe } from '../util/safe-text.ts';
import { registerIngest } from './ingest-cmd.ts';
import { registerSeries } from './series-cmd.ts';
import { registerReview } from './review-cmd.ts';
import { registerQuestions } from './questions-cmd.ts';
import { registerTestRules } from './test-rules-cmd.ts';
import { registerMine } from './mine-cmd.ts';
import { registerPost } from './post-cmd.ts';
import { registerB4Check } from './b4-cmd.ts';
import { registerWatch } from './watch-cmd.ts';
import { registerConfig } from './config-cmd.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type GlobalOptions, type Io } from './io.ts';

export { EXIT_FINDINGS, EXIT_USAGE, type GlobalOptions, type Io } from './io.ts';


const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
};

function buildProgram(io: Io, setExit: (code: number) => void): Command {
  const program = new Command('mm-review')
    .description('Review Linux mm patch series from lore: ingest, check, report, track reviewer questions.')
    .version(VERSION)
    .option('--db <path>', 'SQLite database (default: $MM_REVIEW_DB or the user data directory)')
    .option('-q, --quiet', 'no progress output')
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();
  registerIngest(program, io, setExit);
  registerSeries(program, io, setExit);
  registerReview(program, io, setExit);
  registerQuestions(program, io, setExit);
  registerPost(program, io, setExit);
  registerWatch(program, io, setExit);
  registerTestRules(program, io, setExit);
  registerMine(program, io, () => program.opts<GlobalOptions>().quiet === true);
  registerB4Check(program, io, setExit);
  registerConfig(program, io, setExit);
  return program;
}

/**
 * A write to a closed pipe (`mm-review series | head`) or a full device fails on the stream, after
 * the write returned: end quietly for the pipe, with one line otherwise, never with a stack trace.
 */
function guardProcessOutput(): void {
  const guard = (name: 'standard output' | 'standard error') => (err: NodeJS.ErrnoException) => {
    const line = outputFailure(err, name);
    if (line !== null && name === 'standard output') process.stderr.write(`mm-review: ${line}\n`);
    process.exit(line === null ? Number(process.exitCode ?? 0) : EXIT_USAGE);
  };
  process.stdout.on('error', guard('standard output'));
  process.stderr.on('error', guard('standard error'));
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
  if (io === processIo) guardProcessOutput();
  let code = EXIT_OK;
  const program = buildProgram(io, (c) => { code = Math.max(code, c); });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (caught) {
    const err = asSystemError(storeFailure(caught, program.opts<GlobalOptions>().db));
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
      return EXIT_USAGE;
    }
    if (err instanceof InputError) {
      io.err(`mm-review: ${terminalSafe(err.message)}\n`);
      return EXIT_USAGE;
    }
    const text = err instanceof Error ? err.message : String(err);
    io.err(`mm-review: internal error: ${terminalSafe(text.split('\n', 1)[0]!)}\n`);
    if (process.env.MM_REVIEW_DEBUG && err instanceof Error) io.err(`${stripControls(err.stack ?? '')}\n`);
    return EXIT_INTERNAL;
  }
}
