// Shell completion scripts for bash, zsh and fish, written from the command line's description
// (cli-spec.ts): commands, each command's options and the global ones, and what an option's or an
// argument's value completes with (files, folders, a fixed set of values, command names). The scripts are
// static: pressing Tab never runs mm-review.
import { commandNames, type ArgumentSpec, type CommandSpec, type OptionSpec, type ProgramSpec, type ValueCompletion } from './cli-spec.ts';

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

export function isShell(value: string): value is Shell {
  return (SHELLS as readonly string[]).includes(value);
}

/** A word any of the three shells takes as it is (commands, options, fixed values). */
const PLAIN = /^[\w@%+,./:=-]+$/;

function plainValues(values: readonly string[]): string[] | null {
  return values.every((v) => PLAIN.test(v)) ? [...values] : null;
}

/** A shell function name made from the program's name (`mm-review` gives `_mm_review`). */
function functionName(program: string): string {
  return `_${program.replace(/[^A-Za-z0-9_]/g, '_')}`;
}

/** Single-quoted for bash and zsh. */
function sq(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

function header(spec: ProgramSpec, shell: Shell, use: string[]): string[] {
  return [
    `# ${shell} completion for ${spec.name} ${spec.version}, written by \`${spec.name} completion ${shell}\` from the command definitions.`,
    ...use.map((l) => `# ${l}`),
  ];
}

// ---------------------------------------------------------------------------------------------- bash

function bashKind(c: ValueCompletion): string {
  switch (c.kind) {
    case 'file': return 'file';
    case 'dir': return 'dir';
    case 'command': return 'commands';
    case 'choices': {
      const values = plainValues(c.values);
      return values ? `words:${values.join(' ')}` : 'none';
    }
    case 'none': return 'none';
  }
}

function bashOptionCases(options: readonly OptionSpec[], indent: string): string[] {
  return options.filter((o) => o.value !== null && o.names.length > 0)
    .map((o) => `${indent}${o.names.map(sq).join('|')}) _k=${sq(bashKind(o.value!.complete))} ;;`);
}

function bashArgumentLines(args: readonly ArgumentSpec[], indent: string): string[] {
  const out: string[] = [];
  args.forEach((a, i) => {
    const kind = bashKind(a.complete);
    if (kind !== 'none') out.push(`${indent}(( $2 ${a.variadic ? '>=' : '=='} ${i} )) && _k=${sq(kind)}`);
  });
  return out;
}

function bashCasePattern(c: CommandSpec): string {
  return [c.name, ...c.aliases].map(sq).join('|');
}

export function bashCompletion(spec: ProgramSpec): string {
  const f = functionName(spec.name);
  const globalWords = spec.globalOptions.flatMap((o) => o.names);
  const lines: string[] = [
    ...header(spec, 'bash', [
      `Use: source <(${spec.name} completion bash) in ~/.bashrc, or save it once as`,
      `~/.local/share/bash-completion/completions/${spec.name} (bash-completion loads it when needed).`,
    ]),
    '',
    `${f}_commands=${sq(commandNames(spec).join(' '))}`,
    '',
    '# $1: the command (empty before it), $2: an option. Succeeds when the option takes a value, and sets',
    '# _k to what the value completes with: file, dir, commands, words:LIST or none.',
    `${f}_value() {`,
    '  _k=',
    '  case "$1" in',
    ...spec.commands.flatMap((c) => {
      const cases = bashOptionCases(c.options, '        ');
      return cases.length === 0 ? [] : [`    ${bashCasePattern(c)})`, '      case "$2" in', ...cases, '      esac ;;'];
    }),
    '  esac',
    '  if [[ -z $_k ]]; then',
    '    case "$2" in',
    ...bashOptionCases(spec.globalOptions, '      '),
    '    esac',
    '  fi',
    '  [[ -n $_k ]]',
    '}',
    '',
    '# $1: the command, $2: the index of the argument after it (from 0). Sets _k as above.',
    `${f}_argument() {`,
    '  _k=none',
    '  case "$1" in',
    ...spec.commands.flatMap((c) => {
      const body = bashArgumentLines(c.arguments, '      ');
      return body.length === 0 ? [] : [`    ${bashCasePattern(c)})`, ...body, '      ;;'];
    }),
    '  esac',
    '}',
    '',
    '# $1: the command (empty before it). Sets _w to the options it takes, the global ones included.',
    `${f}_options() {`,
    '  case "$1" in',
    ...spec.commands.filter((c) => c.options.length > 0)
      .map((c) => `    ${bashCasePattern(c)}) _w=${sq([...new Set([...c.options.flatMap((o) => o.names), ...globalWords])].join(' '))} ;;`),
    `    *) _w=${sq(globalWords.join(' '))} ;;`,
    '  esac',
    '}',
    '',
    '# $1: what to complete (as _k), $2: the word so far, $3: what goes before each completion.',
    `${f}_complete() {`,
    '  local line',
    '  case "$1" in',
    '    file|dir)',
    '      compopt -o filenames 2>/dev/null',
    '      while IFS= read -r line; do COMPREPLY+=("$3$line"); done < <(compgen "-${1:0:1}" -- "$2") ;;',
    `    commands) while IFS= read -r line; do COMPREPLY+=("$3$line"); done < <(compgen -W "$${f}_commands" -- "$2") ;;`,
    '    words:*) while IFS= read -r line; do COMPREPLY+=("$3$line"); done < <(compgen -W "${1#words:}" -- "$2") ;;',
    '  esac',
    '}',
    '',
    `${f}() {`,
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev= cmd= word opt= prefix= _k= _w= i=1 npos=0 ended=0',
    '  COMPREPLY=()',
    '  # The command and how many arguments precede the word completed; an option\'s value is no argument.',
    '  while (( i < COMP_CWORD )); do',
    '    word=${COMP_WORDS[i]}',
    '    if (( ended )) || [[ $word == - || $word != -* ]]; then',
    '      if [[ -z $cmd ]]; then cmd=$word; else npos=$((npos + 1)); fi',
    '    elif [[ $word == -- ]]; then',
    '      ended=1',
    `    elif [[ $word != *=* ]] && ${f}_value "$cmd" "$word"; then`,
    '      # its value: the next word, or the one after "=" when bash split --opt=value',
    '      i=$((i + 1))',
    '      if [[ ${COMP_WORDS[i]} == = ]]; then i=$((i + 1)); fi',
    '    fi',
    '    i=$((i + 1))',
    '  done',
    '  if (( ! ended )); then',
    '    (( COMP_CWORD >= 1 )) && prev=${COMP_WORDS[COMP_CWORD-1]}',
    '    if [[ $cur == = && $prev == -* ]]; then',
    '      opt=$prev cur=',
    '    elif [[ $prev == = ]] && (( COMP_CWORD >= 2 )) && [[ ${COMP_WORDS[COMP_CWORD-2]} == -* ]]; then',
    '      opt=${COMP_WORDS[COMP_CWORD-2]}',
    '    elif [[ $cur == --*=* ]]; then',
    '      opt=${cur%%=*} prefix=${cur%%=*}= cur=${cur#*=}',
    '    elif [[ $prev == -?* && $prev != *=* ]]; then',
    '      opt=$prev',
    '    fi',
    `    if [[ -n $opt ]] && ${f}_value "$cmd" "$opt"; then`,
    `      ${f}_complete "$_k" "$cur" "$prefix"`,
    '      return 0',
    '    fi',
    '    if [[ $cur == -* ]]; then',
    `      ${f}_options "$cmd"`,
    `      ${f}_complete "words:$_w" "$cur" ""`,
    '      return 0',
    '    fi',
    '  fi',
    '  if [[ -z $cmd ]]; then',
    `    ${f}_complete commands "$cur" ""`,
    '  else',
    `    ${f}_argument "$cmd" "$npos"`,
    `    ${f}_complete "$_k" "$cur" ""`,
    '  fi',
    '  return 0',
    '}',
    '',
    `complete -F ${f} ${spec.name}`,
  ];
  return lines.join('\n') + '\n';
}

// ----------------------------------------------------------------------------------------------- zsh

/** An explanation inside `[...]` of an _arguments spec. */
function zshExplanation(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/\[/g, '\\[').replace(/\]/g, '\\]');
}

/** A message of `:message:action`: no colons. */
function zshMessage(text: string): string {
  return text.replace(/:/g, ' ').replace(/\s+/g, ' ').trim() || 'value';
}

function zshAction(c: ValueCompletion, commandsFunction: string): string {
  switch (c.kind) {
    case 'file': return '_files';
    case 'dir': return '_files -/';
    case 'command': return commandsFunction;
    case 'choices': {
      const values = plainValues(c.values);
      return values ? `(${values.map((v) => v.replace(/([:=,])/g, '\\$1')).join(' ')})` : ' ';
    }
    case 'none': return ' ';
  }
}

/** One option as _arguments specs (a short and long pair gives two, excluding each other). */
function zshOption(o: OptionSpec, commandsFunction: string): string {
  const explanation = `[${zshExplanation(o.description)}]`;
  const value = o.value ? `:${zshMessage(o.value.name)}:${zshAction(o.value.complete, commandsFunction)}` : '';
  const repeat = o.repeatable ? '*' : '';
  // --name= takes its value as the next word or after "="; a short option takes it as the next word.
  const name = (n: string) => (o.value && n.startsWith('--') ? `${n}=` : n);
  if (o.names.length === 1) return sq(`${repeat}${name(o.names[0]!)}${explanation}${value}`);
  const exclude = o.repeatable ? '' : `(${o.names.join(' ')})`;
  return `${sq(`${exclude}${repeat}`)}{${o.names.map(name).join(',')}}${sq(`${explanation}${value}`)}`;
}

function zshArgument(a: ArgumentSpec, index: number, commandsFunction: string): string {
  const action = zshAction(a.complete, commandsFunction);
  const position = a.variadic ? '*' : `${index + 1}`;
  const optional = !a.required && !a.variadic ? ':' : '';
  return sq(`${position}:${optional}${zshMessage(a.name)}:${action}`);
}

export function zshCompletion(spec: ProgramSpec): string {
  const f = functionName(spec.name);
  const commandsFunction = `${f}_commands`;
  const described = spec.commands.flatMap((c) => [c.name, ...c.aliases].map((n) => sq(`${n.replace(/:/g, '\\:')}:${c.description}`)));
  const lines: string[] = [
    `#compdef ${spec.name}`,
    ...header(spec, 'zsh', [
      `Use: save it as _${spec.name} in a folder of $fpath (before compinit runs), or`,
      `source <(${spec.name} completion zsh) after compinit in ~/.zshrc.`,
    ]),
    '',
    `${commandsFunction}() {`,
    '  local -a commands',
    '  commands=(',
    ...described.map((d) => `    ${d}`),
    '  )',
    `  _describe -t commands ${sq(`${spec.name} command`)} commands`,
    '}',
    '',
    `${f}() {`,
    '  local curcontext=$curcontext state state_descr line ret=1',
    '  typeset -A opt_args',
    '  _arguments -C \\',
    ...spec.globalOptions.map((o) => `    ${zshOption(o, commandsFunction)} \\`),
    `    ${sq(`1:command:${commandsFunction}`)} \\`,
    `    ${sq('*:: :->command')} && ret=0`,
    '  if [[ $state == command ]]; then',
    `    curcontext=\${curcontext%:*:*}:${spec.name}-$words[1]:`,
    '    case $words[1] in',
    ...spec.commands.flatMap((c) => {
      // The global options too, but a name the command defines for itself is the command's.
      const own = new Set(c.options.flatMap((o) => o.names));
      const globals = spec.globalOptions.map((o) => ({ ...o, names: o.names.filter((n) => !own.has(n)) }))
        .filter((o) => o.names.length > 0);
      const specs = [
        ...c.options.map((o) => zshOption(o, commandsFunction)),
        ...globals.map((o) => zshOption(o, commandsFunction)),
        ...c.arguments.map((a, i) => zshArgument(a, i, commandsFunction)),
      ];
      return [
        `      (${[c.name, ...c.aliases].join('|')})`,
        '        _arguments \\',
        ...specs.map((s) => `          ${s} \\`),
        '          && ret=0',
        '        ;;',
      ];
    }),
    '    esac',
    '  fi',
    '  return ret',
    '}',
    '',
    `if [[ $funcstack[1] == _${spec.name} ]]; then`,
    `  ${f} "$@"`,
    'else',
    `  compdef ${f} ${spec.name}`,
    'fi',
  ];
  return lines.join('\n') + '\n';
}

// ---------------------------------------------------------------------------------------------- fish

/** Single-quoted for fish: only backslash and the quote are special inside. */
function fq(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** The `complete` flags that say what an option's or argument's value completes with. */
function fishValue(c: ValueCompletion, commands: readonly string[]): string[] {
  switch (c.kind) {
    case 'file': return ['-F'];
    case 'dir': return ['-a', fq('(__fish_complete_directories (commandline -ct))')];
    case 'command': return ['-a', fq(commands.join(' '))];
    case 'choices': {
      const values = plainValues(c.values);
      return values ? ['-a', fq(values.join(' '))] : [];
    }
    case 'none': return [];
  }
}

function fishOption(spec: ProgramSpec, o: OptionSpec, condition: string | null): string | null {
  const parts = ['complete', '-c', spec.name];
  if (condition) parts.push('-n', fq(condition));
  const short = o.short?.replace(/^-/, '');
  const long = o.long?.replace(/^--/, '');
  if (!short && !long) return null;
  if (short) parts.push('-s', fq(short));
  if (long) parts.push('-l', fq(long));
  if (o.value) {
    const value = fishValue(o.value.complete, commandNames(spec));
    // -r: the option takes a value; -f: no files unless -F says so.
    parts.push('-r', ...(value[0] === '-F' ? value : ['-f', ...value]));
  }
  if (o.description) parts.push('-d', fq(o.description));
  return parts.join(' ');
}

export function fishCompletion(spec: ProgramSpec): string {
  const f = `_${functionName(spec.name)}`;
  const valued = spec.globalOptions.filter((o) => o.value !== null).flatMap((o) => o.names);
  const lines: string[] = [
    ...header(spec, 'fish', [`Use: ${spec.name} completion fish > ~/.config/fish/completions/${spec.name}.fish`]),
    '',
    `# The command on the line (the first word that is neither an option nor a global option's value).`,
    `function ${f}_command`,
    '    set -l words (commandline -opc)',
    '    set -e words[1]',
    '    set -l skip 0',
    '    for word in $words',
    '        if test $skip -eq 1',
    '            set skip 0',
    '            continue',
    '        end',
    '        switch $word',
    ...(valued.length > 0 ? [`            case ${valued.map(fq).join(' ')}`, '                set skip 1'] : []),
    // "-" (standard input) is a word like any other; fish 4 reads "?" in a pattern literally.
    `            case '-'`,
    '                echo $word',
    '                return 0',
    `            case '-*'`,
    `            case '*'`,
    '                echo $word',
    '                return 0',
    '        end',
    '    end',
    '    return 1',
    'end',
    '',
    `function ${f}_needs_command`,
    `    not ${f}_command >/dev/null`,
    'end',
    '',
    `function ${f}_using`,
    `    set -l cmd (${f}_command)`,
    '    and contains -- $cmd $argv',
    'end',
    '',
    `complete -c ${spec.name} -f`,
    '',
    '# global options',
    ...spec.globalOptions.map((o) => fishOption(spec, o, null)).filter((l): l is string => l !== null),
    '',
    '# commands',
    ...spec.commands.flatMap((c) => [c.name, ...c.aliases].map((n) =>
      `complete -c ${spec.name} -n ${f}_needs_command -a ${fq(n)}${c.description ? ` -d ${fq(c.description)}` : ''}`)),
  ];
  for (const c of spec.commands) {
    const using = `${f}_using ${[c.name, ...c.aliases].join(' ')}`;
    const own = c.options.map((o) => fishOption(spec, o, using)).filter((l): l is string => l !== null);
    const args = c.arguments.map((a) => fishValue(a.complete, commandNames(spec))).filter((v) => v.length > 0)
      .map((v) => `complete -c ${spec.name} -n ${fq(using)} ${v.join(' ')}`);
    if (own.length + args.length === 0) continue;
    lines.push('', `# ${c.name}`, ...own, ...new Set(args));
  }
  return lines.join('\n') + '\n';
}

export function completionScript(shell: Shell, spec: ProgramSpec): string {
  switch (shell) {
    case 'bash': return bashCompletion(spec);
    case 'zsh': return zshCompletion(spec);
    case 'fish': return fishCompletion(spec);
  }
}
