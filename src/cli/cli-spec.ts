// What the command line accepts, read from commander's own Command objects (the definitions every command
// registers), for the shell completion scripts and the man page: commands, their arguments and options,
// each option's flags and value, and what a value can be completed with. Nothing here is a list of
// commands or options: a new option is in the next `mm-review completion` or `mm-review man` by itself.
import type { Argument, Command, Option } from 'commander';

/** What the value of an option or argument can be completed with. */
export type ValueCompletion =
  | { kind: 'none' }
  | { kind: 'file' }
  | { kind: 'dir' }
  | { kind: 'choices'; values: readonly string[] }
  /** A command name (`help [command]`). */
  | { kind: 'command' };

export interface ValueSpec {
  /** The placeholder, without brackets or dots (`path` of `--db <path>`, `source` of `<source...>`). */
  name: string;
  required: boolean;
  variadic: boolean;
  complete: ValueCompletion;
}

export interface OptionSpec {
  /** As written in the definition: `-q, --quiet`, `--db <path>`. */
  flags: string;
  short?: string;
  long?: string;
  /** Every name the option is given by: short first. */
  names: string[];
  description: string;
  /** The default commander applies, as text, when the description does not already tell it. */
  defaultText?: string;
  value: ValueSpec | null;
  /** A required option (`.requiredOption`). */
  mandatory: boolean;
  /** May be given more than once (a variadic value, or "repeatable" in its description). */
  repeatable: boolean;
}

export interface ArgumentSpec extends ValueSpec {
  description: string;
}

export interface CommandSpec {
  name: string;
  aliases: string[];
  description: string;
  arguments: ArgumentSpec[];
  /** The command's own options, without the help option (a global option). */
  options: OptionSpec[];
}

export interface ProgramSpec {
  name: string;
  description: string;
  version: string;
  /** The program's options, with help and version: valid before or after the command. */
  globalOptions: OptionSpec[];
  commands: CommandSpec[];
}

export interface DescribeOptions {
  /**
   * The command whose options are the global ones (default: the program itself): the program as it is
   * before a command's registration changes it (review keeps only `-V` of `-V, --version` for itself).
   */
  globalsFrom?: Command;
  /**
   * Fixed sets of values (report formats, fail-on severities): an option or argument whose description
   * names every value of a set completes with that set.
   */
  valueSets?: readonly (readonly string[])[];
}

/** Placeholder names whose value is a folder, or a file (or anything on disk). */
const DIR_NAMES = /^(dir|directory|folder|tree|\w+-dir)$/;
const FILE_NAMES = /^(file|path|source|mbox|maildir|\w+-file|\w+-path)$/;
/** "as `review --fail-on`": the option takes what that command's option takes. */
const SAME_AS = /\bas `(?:mm-review )?([\w-]+) (--[\w-]+)`/;

function words(text: string): Set<string> {
  return new Set(text.split(/[^\w.-]+/).map((w) => w.replace(/^\.+|\.+$/g, '')).filter(Boolean));
}

function placeholder(flags: string): ValueSpec | null {
  const m = /[<[]([^>\]]+)[>\]]/.exec(flags);
  if (!m) return null;
  const raw = m[1]!.trim();
  const variadic = raw.endsWith('...');
  return { name: raw.replace(/\.\.\.$/, ''), required: flags.includes('<'), variadic, complete: { kind: 'none' } };
}

function completionFor(name: string, description: string, choices: readonly string[] | undefined, opts: DescribeOptions): ValueCompletion {
  if (choices && choices.length > 0) return { kind: 'choices', values: [...choices] };
  const said = words(description);
  for (const set of opts.valueSets ?? []) {
    if (set.length > 0 && set.every((v) => said.has(v))) return { kind: 'choices', values: [...set] };
  }
  if (name === 'command') return { kind: 'command' };
  if (DIR_NAMES.test(name)) return { kind: 'dir' };
  if (FILE_NAMES.test(name)) return { kind: 'file' };
  return { kind: 'none' };
}

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function describeOption(o: Option, opts: DescribeOptions): OptionSpec {
  const description = oneLine(o.description);
  const value = placeholder(o.flags);
  if (value) value.complete = completionFor(value.name, description, o.argChoices, opts);
  const names = [o.short, o.long].filter((n): n is string => typeof n === 'string' && n !== '');
  // A default taken from the environment (mine's --tree) would print the generating user's value: such
  // options say "default" in their description, and only the others get commander's default shown.
  const d: unknown = o.defaultValue;
  const showDefault = value !== null && d !== undefined && !/\bdefault\b/i.test(description) && ['string', 'number'].includes(typeof d);
  return {
    flags: o.flags,
    ...(o.short ? { short: o.short } : {}),
    ...(o.long ? { long: o.long } : {}),
    names,
    description,
    ...(showDefault ? { defaultText: String(d as string | number) } : {}),
    value,
    mandatory: o.mandatory,
    repeatable: value !== null && (value.variadic || /\brepeatable\b/i.test(description)),
  };
}

function describeArgument(a: Argument, opts: DescribeOptions): ArgumentSpec {
  const description = oneLine(a.description);
  const name = a.name();
  return { name, required: a.required, variadic: a.variadic, description, complete: completionFor(name, description, a.argChoices, opts) };
}

/**
 * The command line `program` accepts once every command is registered on it (commands.ts registerAll).
 * Hidden commands and options are left out, as help leaves them out.
 */
export function describeProgram(program: Command, opts: DescribeOptions = {}): ProgramSpec {
  const help = program.createHelp();
  const globals = opts.globalsFrom ?? program;
  const globalOptions = globals.createHelp().visibleOptions(globals).map((o) => describeOption(o, opts));
  const commands: CommandSpec[] = help.visibleCommands(program).map((c) => ({
    name: c.name(),
    aliases: [...c.aliases()],
    description: oneLine(c.description()),
    arguments: c.registeredArguments.map((a) => describeArgument(a, opts)),
    // The command's registered options: the help option commander adds to each is a global one here.
    options: c.options.filter((o) => !o.hidden).map((o) => describeOption(o, opts)),
  }));
  // "as `review --tree`": the same completion as that option, once every command is known.
  for (const c of commands) {
    for (const o of c.options) {
      const m = SAME_AS.exec(o.description);
      if (!o.value || !m) continue;
      const other = commands.find((x) => x.name === m[1])?.options.find((x) => x.long === m[2]);
      if (other?.value && other !== o && o.value.complete.kind !== 'choices') o.value.complete = other.value.complete;
    }
  }
  return {
    name: program.name(),
    description: oneLine(program.description()),
    version: program.version() ?? '',
    globalOptions,
    commands,
  };
}

/** Every command's names: its name, then its aliases. */
export function commandNames(spec: ProgramSpec): string[] {
  return spec.commands.flatMap((c) => [c.name, ...c.aliases]);
}
