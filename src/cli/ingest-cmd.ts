// `mm-review ingest <source>...`: store messages, regroup series, print what happened.
import type { Command } from 'commander';
import { ingestSources, nothingUsable, type IngestSummary, type SourceOptions } from '../app/ingest.ts';
import { InputError } from '../util/errors.ts';
import { safeJson, terminalSafe } from '../util/safe-text.ts';
import { globalOptions, openDb, Progress } from './context.ts';
import { EXIT_USAGE, safeProgress, type Io } from './io.ts';

export interface SourceCliOptions {
  loreBase?: string;
  cacheTtl?: string;
  refresh?: boolean;
}

export function addSourceOptions(cmd: Command): Command {
  return cmd
    .option('--lore-base <url>', 'lore server for message-ids (default: $MM_REVIEW_LORE_BASE or https://lore.kernel.org)')
    .option('--cache-ttl <seconds>', 'reuse a cached lore thread younger than this (default 3600)')
    .option('--refresh', 'ignore the lore cache');
}

/** The source options of `ingest` and `review`, checked. */
export function sourceOptions(o: SourceCliOptions): SourceOptions {
  const ttl = o.refresh ? 0 : o.cacheTtl !== undefined ? Number(o.cacheTtl) : undefined;
  if (ttl !== undefined && (!Number.isFinite(ttl) || ttl < 0)) throw new InputError(`--cache-ttl: not a number of seconds: ${o.cacheTtl}`);
  return { loreBase: o.loreBase, cacheTtlSeconds: ttl };
}

function formatSummary(s: IngestSummary, verbose: boolean): string {
  const lines = [
    `messages: ${s.read} read, ${s.stored} stored, ${s.duplicates} already known, ${s.skipped.length} skipped`,
    `series: ${s.series} (${s.patches} patches, ${s.replies} replies) in the database`,
  ];
  if (s.ledger) lines.push(`questions: ${s.ledger.total} in the ledger (${s.ledger.chainsRebuilt} series chains updated, with ${s.ledger.questions} questions)`);
  const shown = verbose ? s.skipped : s.skipped.slice(0, 20);
  // Origins name files (a maildir's file names are anyone's), reasons and warnings quote mail: all made safe.
  for (const k of shown) lines.push(`skipped ${terminalSafe(k.origin)}: ${terminalSafe(k.reason)}`);
  if (shown.length < s.skipped.length) lines.push(`... ${s.skipped.length - shown.length} more skipped (use --verbose)`);
  const warnings = verbose ? s.warnings : s.warnings.slice(0, 20);
  for (const w of warnings) lines.push(`warning: ${terminalSafe(w)}`);
  if (warnings.length < s.warnings.length) lines.push(`... ${s.warnings.length - warnings.length} more warnings (use --verbose)`);
  return lines.join('\n') + '\n';
}

export function registerIngest(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program.command('ingest')
    .description('store messages from mbox/eml files, maildirs, stdin (-), lore message-ids or URLs, public-inbox git epochs')
    .argument('<source...>', 'inputs')
    .option('--json', 'print the summary as JSON')
    .option('-v, --verbose', 'list every skipped message and warning')
    .option('--no-ledger', 'skip the reviewer-question ledger now (`questions` and `review` build it when first needed)');
  addSourceOptions(cmd).action(async (sources: string[], o: SourceCliOptions & { json?: boolean; verbose?: boolean; ledger?: boolean }, c: Command) => {
    const g = globalOptions(c);
    const request = { ...sourceOptions(o), sources, ledger: o.ledger, progress: safeProgress(Progress.for(io, g)) };
    const db = openDb(g);
    try {
      const summary = await ingestSources(db, request);
      const { messageIds: _ids, ...printable } = summary;
      io.out(o.json ? safeJson(printable) + '\n' : formatSummary(summary, Boolean(o.verbose)));
      if (nothingUsable(summary)) setExit(EXIT_USAGE);
    } finally {
      db.close();
    }
  });
}
