// `mm-review review <source>...`: ingest, check and report in one go.
import { writeFileSync } from 'node:fs';
import type { Command, Option } from 'commander';
import { reviewSources, reachesSeverity, isFailOn, parseVersionOption, FAIL_ON } from '../app/review.ts';
import { renderReport, isReportFormat, FORMATS } from '../report/index.ts';
import { fromFromEnv } from '../report/email.ts';
import { InputError } from '../util/errors.ts';
import { terminalSafe } from '../util/safe-text.ts';
import { addSourceOptions, sourceOptions, type SourceCliOptions } from './ingest-cmd.ts';
import { globalOptions, openDb, Progress } from './context.ts';
import { EXIT_FINDINGS, safeProgress, type Io } from './io.ts';
import { readKnowledgeFile } from '../app/knowledge.ts';
import { loadConfig } from '../app/config.ts';
import { addRuleSwitchOptions, type RuleSwitchOptions } from './config-cmd.ts';

/**
 * The format when --format is not given: text for a person at a terminal (no --out), md otherwise, so
 * that scripts and redirects keep the document they had. The caller decides what counts as a terminal.
 */
export function defaultFormat(stdoutIsTerminal: boolean, out: string | undefined): 'text' | 'md' {
  return stdoutIsTerminal && out === undefined ? 'text' : 'md';
}

/** Colour for the text format: only on a terminal, and never with NO_COLOR set (https://no-color.org). */
export function useColor(stdoutIsTerminal: boolean, out: string | undefined, env: NodeJS.ProcessEnv = process.env): boolean {
  return stdoutIsTerminal && out === undefined && !env.NO_COLOR;
}

const TEXT_HINT = 'full report: add --format html --out report.html (or --format md)';

interface ReviewOptions extends SourceCliOptions, RuleSwitchOptions {
  tree?: string;
  format?: string;
  out?: string;
  failOn?: string;
  rules?: string;
  showPreexisting?: boolean;
  knowledge?: string;
  series?: string;
  version?: string;
}

/**
 * `review --version N` picks a series version, but the program's own `-V, --version` (print
 * mm-review's version) is read anywhere on the line, before or after the command, and would win.
 * When `review` is the command being run, the program keeps `-V` only; `mm-review --version` with no
 * command still prints the version (this module is then not loaded).
 */
function yieldVersionFlag(program: Command): void {
  const version = program.version();
  const options = program.options as Option[];
  const at = options.findIndex((o) => o.long === '--version');
  if (version === undefined || at < 0) return;
  options.splice(at, 1);
  program.version(version, '-V', 'output the version number');
}

/** `--refresh` (a source option shared with `ingest`) does one thing more for `review`: say so in its help. */
function describeRefresh(cmd: Command): void {
  const refresh = cmd.options.find((o) => o.long === '--refresh');
  if (refresh) refresh.description = 'fetch lore message-ids and URLs again even when their series is in the store, ignoring the lore cache';
}

export function registerReview(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program.command('review')
    .description('ingest a series, run the mm rules and write a report')
    .argument('<source...>', 'anything `ingest` accepts: lore message-id or URL, mbox, eml, maildir, -')
    .option('--tree <dir>', 'kernel git checkout: apply the series on its base and analyse whole functions (default: $MM_REVIEW_TREE, then the config file)')
    .option('--format <format>', `report format: ${FORMATS.join(', ')} (default: text on a terminal, md otherwise)`)
    .option('--out <path>', 'write the report to a file instead of standard output')
    .option('--fail-on <severity>', 'exit 1 when a finding reaches this severity: error, warning, info or never (default: the config files, else error)')
    .option('--rules <dir>', 'rules directory (default: the bundled rules/)')
    .option('--show-preexisting', 'with --tree: report findings the base already had (marked preexisting) instead of listing them in the notes')
    .option('--knowledge <file>', 'without --tree: judge the mm.mined.* rules with this knowledge base (from `mm-review mine`) instead of the shipped one')
    .option('--series <message-id>', 'review only the series (in the input) whose cover letter or a patch has this message-id')
    .option('--version <n>', 'review only version N: of the --series named, else of the one series in the input');
  yieldVersionFlag(program);
  addSourceOptions(cmd);
  describeRefresh(cmd);
  addRuleSwitchOptions(cmd).action(async (sources: string[], o: ReviewOptions, c: Command) => {
    // Standard output's own terminal test (a test's Io leaves it unset: Markdown, as for a pipe).
    const terminal = io.outIsTTY === true;
    const format = o.format ?? defaultFormat(terminal, o.out);
    if (!isReportFormat(format)) throw new InputError(`--format: unknown format "${format}" (use ${FORMATS.join(', ')})`);
    if (o.failOn !== undefined && !isFailOn(o.failOn)) throw new InputError(`--fail-on: unknown severity "${o.failOn}" (use ${FAIL_ON.join(', ')})`);
    const version = o.version === undefined ? undefined : parseVersionOption(o.version);
    // command line > environment > the tree's .mm-review.yaml > the user's config.yaml > defaults (app/config.ts)
    const config = loadConfig({ tree: o.tree, loreBase: o.loreBase, failOn: o.failOn, enableRule: o.enableRule, disableRule: o.disableRule });
    const failOn = config.failOn.value;
    const g = globalOptions(c);
    const progress = safeProgress(Progress.for(io, g));
    const treeDir = config.tree.value ?? undefined;
    const source = sourceOptions(o);
    // A lore base from $MM_REVIEW_LORE_BASE is read (and named in errors) where it is used.
    if (source.loreBase === undefined && config.loreBase.source !== '$MM_REVIEW_LORE_BASE') source.loreBase = config.loreBase.value ?? undefined;
    const knowledge = o.knowledge === undefined ? undefined : readKnowledgeFile(o.knowledge);
    const db = openDb(g);
    try {
      const { report } = await reviewSources(db, {
        ...(knowledge ? { knowledge } : {}),
        ...source,
        sources,
        refresh: o.refresh === true,
        series: o.series,
        version,
        rulesDir: o.rules,
        rulesExtra: o.rulesExtra,
        ruleLayers: config.layers,
        treeDir,
        showPreexisting: o.showPreexisting === true,
        progress,
        // Warnings and tree status name series keys (message-ids) and functions from the diffs.
        onWarning: (w) => { if (!g.quiet) io.err(`warning: ${terminalSafe(w)}\n`); },
        onTreeStatus: (t) => { if (!g.quiet) io.err(`tree: ${terminalSafe(t)}\n`); },
        // Also among the report's notes; said on standard error unless the report itself is on the terminal.
        onNote: (n) => { if (!g.quiet && !(format === 'text' && o.out === undefined && terminal)) io.err(`note: ${terminalSafe(n)}\n`); },
      });
      if (config.failOn.source !== 'default' && config.failOn.source !== '--fail-on') report.notes.push(`fail-on ${failOn} set by ${config.failOn.source}`);
      const text = renderReport(report, format, {
        email: { from: fromFromEnv() },
        text: { color: useColor(terminal, o.out), hint: TEXT_HINT },
      });
      if (o.out) writeFileSync(o.out, text);
      else io.out(text);
      if (reachesSeverity(report, failOn)) setExit(EXIT_FINDINGS);
    } finally {
      progress.done();
      db.close();
    }
  });
}
