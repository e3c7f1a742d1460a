// `mm-review completion <bash|zsh|fish>` and `mm-review man`: a shell completion script and the manual
// page, both written from the definitions every command registers (commands.ts registerAll), so that
// neither can drift from what the command line accepts.
// What only the two commands' runs need (every command module, the report formats) is imported when
// they run, so that `mm-review help man` stays as light as any other help.
import { Argument, Command } from 'commander';
import { InputError } from '../util/errors.ts';
import { safeOneLine } from '../util/safe-text.ts';
import type { ProgramSpec } from './cli-spec.ts';
import { completionScript, isShell, SHELLS } from './completion.ts';
import type { Io } from './io.ts';

const silentIo: Io = { out: () => {}, err: () => {}, isTTY: false };

/**
 * The whole command line: `program` (the one running) has the global options but only the command it
 * runs, so every command is registered again on a copy with the same name, description and version;
 * the global options are read from `program` itself.
 */
/** Registers every command's full definition on a program (commands.ts registerAll, passed in: no import cycle). */
export type RegisterAll = (program: Command, io: Io, setExit: (code: number) => void, quiet: () => boolean) => Promise<void>;

export async function fullProgramSpec(program: Command, registerAll: RegisterAll): Promise<ProgramSpec> {
  const full = new Command(program.name()).description(program.description());
  const version = program.version();
  if (version !== undefined) full.version(version);
  const [{ describeProgram }, { FORMATS }, { FAIL_ON }] = await Promise.all([
    import('./cli-spec.ts'), import('../report/index.ts'), import('../app/review.ts'),
  ]);
  await registerAll(full, silentIo, () => {}, () => true);
  return describeProgram(full, { globalsFrom: program, valueSets: [FORMATS, FAIL_ON, SHELLS] });
}

export function registerCompletion(program: Command, io: Io, registerAll: RegisterAll): void {
  program.command('completion')
    .description('print a shell completion script (commands, options and their values) for bash, zsh or fish')
    .addArgument(new Argument('<shell>', 'the shell the script is for').choices(SHELLS).argParser((value: string) => {
      // One line and exit 2, not commander's error followed by the whole help.
      if (!isShell(value)) throw new InputError(`completion: unknown shell "${safeOneLine(value).slice(0, 40)}" (use ${SHELLS.join(', ')})`);
      return value;
    }))
    .action(async (shell: string) => {
      if (!isShell(shell)) throw new InputError(`completion: unknown shell (use ${SHELLS.join(', ')})`);
      io.out(completionScript(shell, await fullProgramSpec(program, registerAll)));
    });

  program.command('man')
    .description('print the manual page mm-review(1) in roff (read it with: mm-review man | man -l -)')
    .action(async () => {
      const { manPage } = await import('./manpage.ts');
      io.out(manPage(await fullProgramSpec(program, registerAll)));
    });
}
