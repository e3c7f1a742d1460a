// The commands, loaded on demand: a run loads the module of the one command it runs (and, through it,
// only what that command needs), so `--help` or `series` do not pay for the C parser and the rules.
// The summaries shown by the top-level help live here; a test checks they match each command's own.
import type { Command } from 'commander';
import type { Io } from './io.ts';

type Register = (program: Command, io: Io, setExit: (code: number) => void, quiet: () => boolean) => void;

export interface CommandEntry {
  /** Names this module registers (series-cmd registers `series` and `show`). */
  names: readonly string[];
  /** The summary of each name, as its module's `.description()` gives it. */
  summaries: Readonly<Record<string, string>>;
  load: () => Promise<Register>;
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    names: ['ingest'],
    summaries: { ingest: 'store messages from mbox/eml files, maildirs, stdin (-), lore message-ids or URLs, public-inbox git epochs' },
    load: async () => (await import('./ingest-cmd.ts')).registerIngest,
  },
  {
    names: ['series', 'show'],
    summaries: { series: 'list the series in the database, oldest first', show: 'one series with its patches, files touched and replies' },
    load: async () => (await import('./series-cmd.ts')).registerSeries,
  },
  {
    names: ['review'],
    summaries: { review: 'ingest a series, run the mm rules and write a report' },
    load: async () => (await import('./review-cmd.ts')).registerReview,
  },
  {
    names: ['questions'],
    summaries: { questions: 'the reviewer-question ledger: questions and requests from replies, and what became of them across versions' },
    load: async () => (await import('./questions-cmd.ts')).registerQuestions,
  },
  {
    names: ['post'],
    summaries: { post: "post a short summary of a series version's review to team channels (GitHub, Zulip, Slack) or write e-mail reply drafts" },
    load: async () => (await import('./post-cmd.ts')).registerPost,
  },
  {
    names: ['watch'],
    summaries: { watch: 'follow a list (a public-inbox mirror or lore search): review each new series version when complete or quiet, and post it' },
    load: async () => (await import('./watch-cmd.ts')).registerWatch,
  },
  {
    names: ['test-rules'],
    summaries: { 'test-rules': "run the rules' annotated C cases (rules/<id>/*.c); exit 1 when a case fails" },
    load: async () => (await import('./test-rules-cmd.ts')).registerTestRules,
  },
  {
    names: ['mine'],
    summaries: { mine: 'mine beliefs ("callers of X flush the TLB") and function facts from a kernel checkout, as JSON' },
    load: async () => {
      const { registerMine } = await import('./mine-cmd.ts');
      return (program, io, _setExit, quiet) => registerMine(program, io, quiet);
    },
  },
  {
    names: ['b4-check'],
    summaries: { 'b4-check': "check the one message on stdin for b4's review mode and print b4's JSON results (exit 0 whenever they are printed)" },
    load: async () => (await import('./b4-cmd.ts')).registerB4Check,
  },
  {
    names: ['config'],
    summaries: { config: 'print the effective configuration (config files, environment, flags) and where each value came from' },
    load: async () => (await import('./config-cmd.ts')).registerConfig,
  },
  {
    names: ['completion', 'man'],
    summaries: {
      completion: 'print a shell completion script (commands, options and their values) for bash, zsh or fish',
      man: 'print the manual page mm-review(1) in roff (read it with: mm-review man | man -l -)',
    },
    load: async () => {
      const { registerCompletion } = await import('./completion-cmd.ts');
      return (program, io) => registerCompletion(program, io, registerAll);
    },
  },
];

/** Global options that take a value: their value is not the command's name. */
const GLOBAL_WITH_VALUE = new Set(['--db']);

/**
 * The command a command line runs: the first word that is neither an option nor a global option's
 * value (`help review` names `review`); null when there is none.
 */
export function commandWord(argv: readonly string[]): string | null {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') return argv[i + 1] ?? null;
    if (GLOBAL_WITH_VALUE.has(arg)) {
      i++;
      continue;
    }
    if (arg.startsWith('-')) continue;
    if (arg === 'help') return argv.slice(i + 1).find((a) => !a.startsWith('-')) ?? null;
    return arg;
  }
  return null;
}

/**
 * Registers on `program` the full definition of the command `argv` runs; when it names none (top-level
 * help, a mistyped name) every command is listed by its summary only, which is all help shows.
 */
export async function registerFor(argv: readonly string[], program: Command, io: Io, setExit: (code: number) => void, quiet: () => boolean): Promise<void> {
  const word = commandWord(argv);
  const entry = word === null ? undefined : COMMANDS.find((c) => c.names.includes(word));
  if (entry) {
    (await entry.load())(program, io, setExit, quiet);
    return;
  }
  for (const c of COMMANDS) for (const name of c.names) program.command(name).description(c.summaries[name]!);
}

/** Every command's full definition (tests compare them with the summaries above). */
export async function registerAll(program: Command, io: Io, setExit: (code: number) => void, quiet: () => boolean): Promise<void> {
  for (const c of COMMANDS) (await c.load())(program, io, setExit, quiet);
}
