// Command-line entry: parses arguments, runs one command, maps errors to exit codes.
// Exit codes: 0 success, 1 findings at or above --fail-on (review), 2 usage or input error, 3 internal error.
import { Command, CommanderError } from 'commander';
import { VERSION } from '../util/version.ts';
import { InputError } from '../util/errors.ts';
import { asSystemError, outputFailure } from '../util/system-errors.ts';
import { stripControls, terminalSafe } from '../util/safe-text.ts';
import { registerFor } from './commands.ts';
import { GLOBAL_OPTIONS, helpWidth, PROGRAM_DESCRIPTION, PROGRAM_NAME } from './top-help.ts';
import { EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, type GlobalOptions, type Io } from './io.ts';

export { EXIT_FINDINGS, EXIT_USAGE, type GlobalOptions, type Io } from './io.ts';


const processIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  isTTY: Boolean(process.stderr.isTTY),
  outIsTTY: Boolean(process.stdout.isTTY),
  get columns() { return process.stdout.columns; },
};

async function buildProgram(argv: readonly string[], io: Io, setExit: (code: number) => void): Promise<Command> {
  const program = new Command(PROGRAM_NAME).description(PROGRAM_DESCRIPTION).version(VERSION);
  for (const o of GLOBAL_OPTIONS) program.option(o.flags, o.description);
  program
    .showHelpAfterError()
    .configureOutput({ writeOut: io.out, writeErr: io.err, getOutHelpWidth: () => helpWidth({ isTTY: io.outIsTTY, columns: io.columns }) })
    .exitOverride();
  await registerFor(argv, program, io, setExit, () => program.opts<GlobalOptions>().quiet === true);
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
  const program = await buildProgram(argv, io, (c) => { code = Math.max(code, c); });
  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (caught) {
    // The store module (and SQLite with it) is loaded only when a failure may be the store's.
    const plain = caught instanceof CommanderError || caught instanceof InputError;
    const err = plain ? caught : asSystemError((await import('../app/store.ts')).storeFailure(caught, program.opts<GlobalOptions>().db));
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
