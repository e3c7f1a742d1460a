// How the installed command starts (bin/mm-review.js, and dist/cli/run.js for the benches): a command
// runs from the one-file bundle with a V8 code cache when the build made one and it is up to date
// (util/bundle.ts), else from dist/ module by module. Help and version (no command named) stay on the
// module-by-module path, which loads only what they print. Either way the same compiled code runs: the
// bundle is dist/ in one file. MM_REVIEW_DEBUG (readable stack traces) or MM_REVIEW_BUNDLE=0 keeps a
// run off the bundle. The top-level help alone is printed from data, without commander (top-help.ts).
import { COMMANDS, commandWord } from './commands.ts';
import { asksTopHelp, formatTopHelp, helpWidth } from './top-help.ts';

/** `mm-review --help` from data alone (top-help.ts), without commander: a closed pipe ends it quietly. */
function printTopHelp(): number {
  process.stdout.on('error', () => process.exit(0));
  process.stdout.write(formatTopHelp(COMMANDS, helpWidth(process.stdout)));
  return 0;
}

/** The command this command line runs when it should run from the bundle: it names one, and nothing asks otherwise. */
function bundledCommand(argv: readonly string[]): string | null {
  if (process.env.MM_REVIEW_DEBUG || process.env.MM_REVIEW_BUNDLE === '0') return null;
  const word = commandWord(argv);
  return word !== null && COMMANDS.some((c) => c.names.includes(word)) ? word : null;
}

/**
 * Runs the CLI on `argv` and returns its exit status. `entry` is the caller's import.meta.url: from the
 * TypeScript sources (tsx) the CLI always runs module by module.
 */
export async function launch(argv: string[], entry: string): Promise<number> {
  if (asksTopHelp(argv)) return printTopHelp();
  const word = entry.endsWith('.js') ? bundledCommand(argv) : null;
  if (word !== null) {
    const { runBundled } = await import('../util/bundle.ts');
    const code = await runBundled(argv, word, new URL('..', import.meta.url));
    if (code !== null) return code;
  }
  const { main } = await import('./main.ts');
  return main(argv);
}
