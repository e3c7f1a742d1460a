// The manual page, mm-review(1), in roff (man macros): NAME, SYNOPSIS, DESCRIPTION, COMMANDS and GLOBAL
// OPTIONS written from the command definitions (cli-spec.ts), then EXIT STATUS, ENVIRONMENT, FILES and
// SEE ALSO. test/manpage.test.ts checks that every MM_REVIEW_* variable the sources read is listed here.
import { TREE_CONFIG_NAME } from '../app/config.ts';
import type { ArgumentSpec, CommandSpec, OptionSpec, ProgramSpec, ValueSpec } from './cli-spec.ts';
import { EXIT_FINDINGS, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE } from './io.ts';

/**
 * The environment variables mm-review reads, one line each. Text in backticks is set in bold (options,
 * commands, values).
 */
export const ENVIRONMENT: readonly { names: readonly string[]; text: string }[] = [
  { names: ['MM_REVIEW_DB'], text: 'the database file when `--db` is not given' },
  { names: ['MM_REVIEW_TREE'], text: 'the kernel checkout `review`, `b4-check`, `mine` and `config` use when `--tree` is not given; empty means none' },
  { names: ['MM_REVIEW_LORE_BASE'], text: 'the public-inbox server asked for bare message-ids and named in links (default `https://lore.kernel.org`); `--lore-base` overrides it' },
  { names: ['MM_REVIEW_FROM'], text: 'the From of `--format email` replies and of e-mail drafts: `Name <you@example.org>` or a bare address' },
  { names: ['USER'], text: 'who a `questions --set` decision is recorded as, when MM_REVIEW_FROM is not set' },
  { names: ['MM_REVIEW_WORKERS'], text: '`0`: a public-inbox epoch is ingested on the main thread, without worker threads (for comparison or debugging)' },
  { names: ['MM_REVIEW_WORKER_COUNT'], text: 'how many worker threads parse the messages of a large input (default: the cores minus one, 1 to 2)' },
  { names: ['MM_REVIEW_DEBUG'], text: 'any non-empty value: an internal error also prints its stack trace' },
  { names: ['MM_REVIEW_BUNDLE'], text: '`0`: the installed command runs its modules one by one instead of the one-file bundle (as it does with `MM_REVIEW_DEBUG` set)' },
  { names: ['NO_COLOR'], text: 'set and not empty: the `text` report is never coloured (https://no-color.org)' },
  { names: ['XDG_CONFIG_HOME', 'XDG_DATA_HOME', 'XDG_CACHE_HOME'], text: 'the base folders of the configuration file, the database and the caches (see FILES); a relative value is ignored' },
  { names: ['GITHUB_TOKEN'], text: '`post --to github:...`: a token that may comment on the issue or pull request' },
  { names: ['ZULIP_EMAIL', 'ZULIP_API_KEY'], text: '`post --to zulip:...`: the bot\'s address and API key' },
  { names: ['SLACK_WEBHOOK_URL'], text: '`post --to slack:webhook`: the incoming webhook URL' },
  { names: ['SLACK_BOT_TOKEN'], text: '`post --to slack:CHANNEL`: a bot token with the scope `chat:write`' },
  { names: ['SLACK_API_URL'], text: 'the Slack Web API base for `slack:CHANNEL` (default `https://slack.com/api`)' },
  { names: ['PATCHWORK_TOKEN'], text: '`post --to patchwork:...`: the API token of a user who may add checks to the project' },
];

// ------------------------------------------------------------------------------------------- escaping

/**
 * Text for a roff line: backslashes, hyphens (all of them, so that options copy as ASCII), quotes, tildes,
 * carets and backticks are escaped, characters beyond ASCII become \[uXXXX], control characters spaces.
 */
export function roffEscape(text: string): string {
  let out = '';
  for (const ch of text.replace(/[\0-\x1f\x7f]+/g, ' ')) {
    switch (ch) {
      case '\\': out += '\\e'; break;
      case '-': out += '\\-'; break;
      case "'": out += "\\(aq"; break;
      case '"': out += '\\(dq'; break;
      case '`': out += '\\(ga'; break;
      case '~': out += '\\(ti'; break;
      case '^': out += '\\(ha'; break;
      default: {
        const code = ch.codePointAt(0)!;
        out += code > 0x7e ? `\\[u${code.toString(16).toUpperCase().padStart(4, '0')}]` : ch;
      }
    }
  }
  return out;
}

const bold = (text: string) => `\\fB${roffEscape(text)}\\fR`;
const italic = (text: string) => `\\fI${roffEscape(text)}\\fR`;

/** Escaped text with `code` set in bold (an unmatched backtick stays a backtick). */
function inline(text: string): string {
  const parts = text.split('`');
  if (parts.length % 2 === 0) parts[parts.length - 2] += '`' + parts.pop()!;
  return parts.map((p, i) => (i % 2 === 1 ? bold(p) : roffEscape(p))).join('');
}

/** A text line: one starting with "." or "'" would be a request. */
function textLine(line: string): string {
  const flat = line.replace(/\s+/g, ' ').trim();
  return /^[.']/.test(flat) ? `\\&${flat}` : flat;
}

/** A macro argument, quoted. */
function arg(text: string): string {
  return `"${roffEscape(text)}"`;
}

function sentence(text: string): string {
  const t = text.trim();
  if (t === '') return t;
  const first = /^[a-z]/.test(t) ? t[0]!.toUpperCase() + t.slice(1) : t;
  return /[.!?]$/.test(first) ? first : `${first}.`;
}

// ------------------------------------------------------------------------------------------ sections

function valueTerm(v: ValueSpec): string {
  const name = `${italic(v.name)}${v.variadic ? '...' : ''}`;
  return v.required ? name : `[${name}]`;
}

function optionTerm(o: OptionSpec): string {
  const names = o.names.map(bold).join(', ');
  return o.value ? `${names} ${valueTerm(o.value)}` : names;
}

function argumentTerm(a: ArgumentSpec): string {
  const name = `${italic(a.name)}${a.variadic ? '...' : ''}`;
  return a.required ? name : `[${name}]`;
}

/** Values the description does not name already. */
function choicesNote(v: ValueSpec, description: string): string | null {
  if (v.complete.kind !== 'choices') return null;
  const missing = v.complete.values.filter((x) => !description.includes(x));
  return missing.length === 0 ? null : `one of ${v.complete.values.map((x) => `\`${x}\``).join(', ')}`;
}

function optionText(o: OptionSpec): string {
  const notes = [
    o.mandatory ? 'required' : null,
    o.value ? choicesNote(o.value, o.description) : null,
    o.defaultText !== undefined ? `default \`${o.defaultText}\`` : null,
  ].filter((n): n is string => n !== null);
  return inline(notes.length === 0 ? o.description : `${o.description} (${notes.join('; ')})`);
}

function argumentText(a: ArgumentSpec): string {
  const description = a.description || (a.complete.kind === 'command' ? 'a command' : '');
  const note = choicesNote(a, description);
  return inline(note ? `${description} (${note})` : description);
}

function usage(spec: ProgramSpec, c: CommandSpec): string {
  const required = c.options.filter((o) => o.mandatory).map((o) => {
    const name = bold(o.long ?? o.names[0]!);
    return o.value ? `${name} ${valueTerm(o.value)}` : name;
  });
  const optional = c.options.some((o) => !o.mandatory) ? ['[\\fIoptions\\fR]'] : [];
  return [bold(`${spec.name} ${c.name}`), ...required, ...optional, ...c.arguments.map(argumentTerm)].join(' ');
}

function items(entries: readonly { term: string; text: string }[]): string[] {
  return entries.flatMap((e) => ['.TP', textLine(e.term), textLine(e.text)]);
}

function commandSection(spec: ProgramSpec, c: CommandSpec): string[] {
  const names = [c.name, ...c.aliases].join(', ');
  return [
    `.SS ${arg(names)}`,
    textLine(usage(spec, c)),
    '.PP',
    textLine(inline(sentence(c.description))),
    ...(c.aliases.length > 0 ? ['.PP', textLine(`Also: ${c.aliases.map((a) => bold(`${spec.name} ${a}`)).join(', ')}.`)] : []),
    ...items(c.arguments.map((a) => ({ term: argumentTerm(a), text: argumentText(a) }))),
    ...items(c.options.map((o) => ({ term: optionTerm(o), text: optionText(o) }))),
  ];
}

const EXIT_STATUS: readonly { code: number; text: string }[] = [
  { code: EXIT_OK, text: 'success: for `review`, no finding at or above `--fail-on`' },
  { code: EXIT_FINDINGS, text: 'findings at or above `--fail-on` (`review`), a failing rule case (`test-rules`), a post that failed (`post`, `watch`); `b4-check` exits 0 whenever it printed its results' },
  { code: EXIT_USAGE, text: 'a usage or input error: an unknown option or value, an input that cannot be read or holds nothing usable, a database that is not an mm-review store, a full disk or a read-only or busy store; one line on standard error' },
  { code: EXIT_INTERNAL, text: 'an internal error (a bug: please report it; `MM_REVIEW_DEBUG=1` prints the stack trace)' },
];

function files(): { term: string; text: string }[] {
  return [
    { term: '`$XDG_CONFIG_HOME/mm-review/config.yaml`', text: 'the user\'s configuration (`tree`, `lore-base`, `fail-on`, `rules`); without `XDG_CONFIG_HOME`, `~/.config/mm-review/config.yaml`' },
    { term: `\`<tree>/${TREE_CONFIG_NAME}\``, text: 'a kernel tree\'s configuration, read when `review` uses that tree; it may set only `rules` and `fail-on`. Precedence, highest first: command line, environment, tree file, user file, built-in defaults' },
    { term: '`$XDG_DATA_HOME/mm-review/mm-review.db`', text: 'the database when neither `--db` nor `MM_REVIEW_DB` is given; without `XDG_DATA_HOME`, under `~/.local/share`' },
    { term: '`$XDG_CACHE_HOME/mm-review/`', text: 'caches (without `XDG_CACHE_HOME`, `~/.cache/mm-review/`): `lore/` the fetched lore threads, `tree-index.db` the functions of the trees `--tree` used, `knowledge/` what was mined from their base commits; each may be deleted' },
  ].map((f) => ({ term: inline(f.term), text: inline(sentence(f.text)) }));
}

/** The whole page. */
export function manPage(spec: ProgramSpec): string {
  const name = spec.name;
  const summary = spec.description.replace(/\.$/, '');
  const lines: string[] = [
    `.\\" ${roffEscape(`${name}(1), written by \`${name} man\` from the command definitions: do not edit.`)}`,
    `.TH ${arg(name.toUpperCase())} 1 "" ${arg(`${name} ${spec.version}`)} "User Commands"`,
    // No hyphenation (option and command names would break at their hyphens), ragged right.
    '.nh',
    '.ad l',
    '.SH NAME',
    textLine(`${roffEscape(name)} \\- ${roffEscape(summary.replace(/^[A-Z](?=[a-z])/, (c) => c.toLowerCase()))}`),
    '.SH SYNOPSIS',
    textLine(`${bold(name)} [\\fIglobal options\\fR] \\fIcommand\\fR [\\fIoptions\\fR] [\\fIarguments\\fR]`),
    ...spec.commands.flatMap((c) => ['.br', textLine(usage(spec, c))]),
    '.SH DESCRIPTION',
    textLine(inline(sentence(spec.description))),
    '.PP',
    textLine(inline(`Global options may come before or after the command. \`${name} help <command>\` and \`${name} <command> --help\` print a command's options; \`${name} completion bash|zsh|fish\` prints a shell completion script.`)),
    '.SH COMMANDS',
    ...spec.commands.flatMap((c) => commandSection(spec, c)),
    '.SH "GLOBAL OPTIONS"',
    ...items(spec.globalOptions.map((o) => ({ term: optionTerm(o), text: optionText(o) }))),
    '.SH "EXIT STATUS"',
    ...items(EXIT_STATUS.map((e) => ({ term: bold(String(e.code)), text: inline(sentence(e.text)) }))),
    '.SH ENVIRONMENT',
    ...items(ENVIRONMENT.map((e) => ({ term: e.names.map(bold).join(', '), text: inline(sentence(e.text)) }))),
    '.PP',
    textLine(inline('Channel credentials are read from the environment only; they are never stored, printed or put in a report.')),
    '.SH FILES',
    ...items(files()),
    '.SH "SEE ALSO"',
    textLine(`${bold('b4')}(1), ${bold('git-am')}(1), ${bold('git-send-email')}(1)`),
  ];
  return lines.join('\n') + '\n';
}
