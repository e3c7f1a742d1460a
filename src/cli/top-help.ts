// The top-level help (`mm-review --help`), printed without loading commander: it is made of data this
// module and commands.ts hold (the program's description, the global options, each command's summary),
// laid out as commander lays out a command's help (two columns, descriptions wrapped to the output's
// width). main.ts defines the program from the same data; a test checks that the two print the same
// text at several widths, so the quick path can never drift from what `mm-review help` shows.
import type { CommandEntry } from './commands.ts';

export const PROGRAM_NAME = 'mm-review';
export const PROGRAM_DESCRIPTION = 'Review Linux mm patch series from lore: ingest, check, report, track reviewer questions.';

export interface GlobalOption {
  flags: string;
  description: string;
}

/** The options every command accepts, in the order help lists them (after --version). */
export const GLOBAL_OPTIONS: readonly GlobalOption[] = [
  { flags: '--db <path>', description: 'SQLite database (default: $MM_REVIEW_DB or the user data directory)' },
  { flags: '-q, --quiet', description: 'no progress output' },
];

const VERSION_ITEM: readonly [string, string] = ['-V, --version', 'output the version number'];
const HELP_OPTION_ITEM: readonly [string, string] = ['-h, --help', 'display help for command'];
const HELP_COMMAND_ITEM: readonly [string, string] = ['help [command]', 'display help for command'];

/** Below this many columns for a description, commander does not wrap it. */
const MIN_WIDTH_TO_WRAP = 40;
const DEFAULT_WIDTH = 80;
const ITEM_INDENT = 2;
const SPACER = 2;

/** Wraps at whitespace to `width` columns, keeping the line breaks the text has. */
export function boxWrap(text: string, width: number): string {
  if (width < MIN_WIDTH_TO_WRAP) return text;
  const out: string[] = [];
  for (const line of text.split(/\r\n|\n/)) {
    const chunks = line.match(/\s*\S+/g);
    if (chunks === null) {
      out.push('');
      continue;
    }
    let current = chunks[0]!;
    for (const chunk of chunks.slice(1)) {
      if (current.length + chunk.length <= width) {
        current += chunk;
        continue;
      }
      out.push(current);
      current = chunk.trimStart();
    }
    out.push(current);
  }
  return out.join('\n');
}

function formatItem(term: string, termWidth: number, description: string, width: number): string {
  const indent = ' '.repeat(ITEM_INDENT);
  const remaining = width - termWidth - SPACER - ITEM_INDENT;
  const preformatted = /\n[^\S\r\n]/.test(description);
  const body = remaining < MIN_WIDTH_TO_WRAP || preformatted
    ? description
    : boxWrap(description, remaining).replace(/\n/g, '\n' + ' '.repeat(termWidth + SPACER));
  return indent + term.padEnd(termWidth) + ' '.repeat(SPACER) + body.replace(/\n/g, `\n${indent}`);
}

/** The output's width as commander takes it: the terminal's columns, else 80. */
export function helpWidth(stream: { isTTY?: boolean; columns?: number }): number {
  return (stream.isTTY ? stream.columns : undefined) ?? DEFAULT_WIDTH;
}

/** The text of `mm-review --help` at `width` columns. */
export function formatTopHelp(commands: readonly CommandEntry[], width: number): string {
  const options: (readonly [string, string])[] = [VERSION_ITEM, ...GLOBAL_OPTIONS.map((o) => [o.flags, o.description] as const), HELP_OPTION_ITEM];
  const listed: (readonly [string, string])[] = [];
  for (const c of commands) for (const name of c.names) listed.push([name, c.summaries[name]!]);
  listed.push(HELP_COMMAND_ITEM);
  const termWidth = Math.max(...options.map((o) => o[0].length), ...listed.map((c) => c[0].length));
  return [
    `Usage: ${PROGRAM_NAME} [options] [command]`, '',
    boxWrap(PROGRAM_DESCRIPTION, width), '',
    'Options:', ...options.map(([t, d]) => formatItem(t, termWidth, d, width)), '',
    'Commands:', ...listed.map(([t, d]) => formatItem(t, termWidth, d, width)), '',
  ].join('\n');
}

/** True when the command line asks for the top-level help and nothing else. */
export function asksTopHelp(argv: readonly string[]): boolean {
  return argv.length === 1 && (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help');
}
