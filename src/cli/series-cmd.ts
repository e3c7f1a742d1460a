// `mm-review series` and `mm-review show`: what the database knows about series.
import type { Command } from 'commander';
import { listSeries, showSeries, versionLabel, type SeriesFilterOptions, type SeriesSummary } from '../app/series.ts';
import { hasSeriesFilter, seriesFilter } from '../app/series-filter.ts';
import { globalOptions, openDb } from './context.ts';
import type { Io } from './io.ts';
import { safeJson, terminalSafe as t } from '../util/safe-text.ts';

function day(ms: number | null): string {
  return ms === null ? '????-??-??' : new Date(ms).toISOString().slice(0, 10);
}

// Every value taken from mail (titles, names, message-ids, paths, trailers) goes through t(): it must not
// drive the terminal. JSON output goes through safeJson for the same reason.

function formatSeriesLine(s: SeriesSummary): string {
  const links = [s.previousKey ? `prev <${t(s.previousKey)}>` : '', s.nextKeys.length ? `next <${s.nextKeys.map(t).join('>, <')}>` : '']
    .filter(Boolean).join('; ');
  return [
    `${day(s.date)}  ${versionLabel(s).padEnd(6)} ${t(s.title)}`,
    `            by ${t(s.author.name || s.author.email)}  patches ${s.patchesFound}/${s.total}${s.complete ? '' : ' (incomplete)'}` +
      `  cover ${s.coverId ? 'yes' : 'no'}  replies ${s.replyCount}${links ? `  ${links}` : ''}`,
    `            key <${t(s.key)}>`,
  ].join('\n');
}

/** The series filters, shared with `questions`: --author, --list, --since. */
export function addSeriesFilterOptions(cmd: Command): Command {
  return cmd
    .option('--author <text>', 'only series whose author name or address contains this (any case)')
    .option('--list <address>', 'only series sent to this list or address (To or Cc; without @, the part before it: linux-mm)')
    .option('--since <date>', 'only series whose latest version was posted on or after this ISO date (YYYY-MM-DD, UTC)');
}

export function registerSeries(program: Command, io: Io, _setExit: (code: number) => void): void {
  addSeriesFilterOptions(program.command('series')
    .description('list the series in the database, oldest first')
    .option('--json', 'machine-readable output'))
    .action((o: SeriesFilterOptions & { json?: boolean }, c: Command) => {
      const filter = { author: o.author, list: o.list, since: o.since };
      seriesFilter(filter); // a bad value is told before the store is opened
      const db = openDb(globalOptions(c));
      try {
        const all = listSeries(db, filter);
        const none = hasSeriesFilter(o) ? 'no series match\n' : 'no series in the database (run `mm-review ingest` first)\n';
        if (o.json) io.out(safeJson(all) + '\n');
        else io.out(all.length ? all.map(formatSeriesLine).join('\n') + '\n' : none);
      } finally {
        db.close();
      }
    });

  program.command('show')
    .description('one series with its patches, files touched and replies')
    .argument('<series-or-message-id>', 'series key, or the message-id of its cover, a patch or a reply')
    .option('--json', 'machine-readable output')
    .action((ref: string, o: { json?: boolean }, c: Command) => {
      const db = openDb(globalOptions(c));
      try {
        const { summary: s, chain, versions, coverTrailers, patches } = showSeries(db, ref);
        if (o.json) {
          io.out(safeJson({ ...s, versions: chain, patches }) + '\n');
          return;
        }
        const out = [formatSeriesLine(s)];
        if (versions.length > 1) {
          out.push(`versions: ${versions.map((v) => `${t(v.label ?? '?')}${v.key === s.key ? '*' : ''}`).join(' -> ')}`);
        }
        for (const tr of coverTrailers) out.push(`cover: ${t(tr.key)}: ${t(tr.value)} (from a reply)`);
        for (const p of patches) {
          const carried = p.carriedFrom ? `  (unchanged from <${t(p.carriedFrom)}>)` : '';
          out.push('', `[${p.index}/${s.total}] ${t(p.subject)}`, `      <${t(p.messageId)}>  replies ${p.replyCount}${carried}`);
          for (const f of p.files) {
            const rename = f.oldPath && f.oldPath !== f.path ? ` (from ${t(f.oldPath)})` : '';
            out.push(`      ${f.status.padEnd(8)} ${t(f.path)}${rename}  +${f.added} -${f.removed}`);
          }
          for (const tr of p.trailers) out.push(`      ${t(tr.key)}: ${t(tr.value)} (from a reply)`);
          for (const tr of p.mismatchedTrailers) out.push(`      not applied: ${t(tr.key)}: ${t(tr.value)} (sent from another address)`);
        }
        io.out(out.join('\n') + '\n');
      } finally {
        db.close();
      }
    });
}
