// `mm-review review <source>...`: ingest, check and report in one go.
import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import { loadRules } from '../checks/index.ts';
import { buildReport } from '../app/build-report.ts';
import { renderReport, isReportFormat, FORMATS } from '../report/index.ts';
import { fromFromEnv } from '../report/email.ts';
import { SEVERITY_RANK, type Severity } from '../report/model.ts';
import { seriesForMessages } from '../store/series-of.ts';
import { InputError } from '../util/errors.ts';
import { loreBase } from '../ingest/sources/lore.ts';
import { addSourceOptions, runIngest, type SourceCliOptions } from './ingest-cmd.ts';
import { globalOptions, openDb, Progress } from './context.ts';
import { EXIT_FINDINGS, type Io } from './main.ts';
import { treeProvider } from './tree-provider.ts';
import { questionsProvider } from './questions-provider.ts';

interface ReviewOptions extends SourceCliOptions {
  tree?: string;
  format?: string;
  out?: string;
  failOn: string;
  rules?: string;
}

const FAIL_ON = ['error', 'warning', 'info', 'never'];

export function registerReview(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program.command('review')
    .description('ingest a series, run the mm rules and write a report')
    .argument('<source...>', 'anything `ingest` accepts: lore message-id or URL, mbox, eml, maildir, -')
    .option('--tree <dir>', 'kernel git checkout: apply the series on its base and analyse whole functions')
    .option('--format <format>', `report format: ${FORMATS.join(', ')} (default md)`)
    .option('--out <path>', 'write the report to a file instead of standard output')
    .option('--fail-on <severity>', 'exit 1 when a finding reaches this severity: error, warning, info or never', 'error')
    .option('--rules <dir>', 'rules directory (default: the bundled rules/)');
  addSourceOptions(cmd).action(async (sources: string[], o: ReviewOptions, c: Command) => {
    const format = o.format ?? 'md';
    if (!isReportFormat(format)) throw new InputError(`--format: unknown format "${format}" (use ${FORMATS.join(', ')})`);
    if (!FAIL_ON.includes(o.failOn)) throw new InputError(`--fail-on: unknown severity "${o.failOn}" (use ${FAIL_ON.join(', ')})`);
    const g = globalOptions(c);
    const progress = Progress.for(io, g);
    const rules = await loadRules(o.rules);
    const db = openDb(g);
    try {
      const summary = await runIngest(db, sources, o, progress);
      const keys = seriesForMessages(db, summary.messageIds);
      if (keys.length === 0) {
        throw new InputError(`${sources.join(' ')}: no patch series found (${summary.read} messages read, ${summary.skipped.length} skipped)`);
      }
      progress.update(`checking ${keys.length} series...`, true);
      const tree = o.tree ? await treeProvider(o.tree) : undefined;
      try {
        const report = await buildReport(db, keys, {
          rules,
          loreBase: `${loreBase({ base: o.loreBase })}/all/`,
          tree,
          questions: questionsProvider,
          onWarning: (w) => { if (!g.quiet) io.err(`warning: ${w}\n`); },
        });
        for (const k of summary.skipped) report.notes.push(`skipped ${k.origin}: ${k.reason}`);
        progress.done();
        const text = renderReport(report, format, { email: { from: fromFromEnv() } });
        if (o.out) writeFileSync(o.out, text);
        else io.out(text);
        if (o.failOn !== 'never') {
          const threshold = SEVERITY_RANK[o.failOn as Severity];
          if (report.series.some((s) => s.findings.some((f) => SEVERITY_RANK[f.severity] >= threshold))) setExit(EXIT_FINDINGS);
        }
      } finally {
        await tree?.close();
      }
    } finally {
      progress.done();
      db.close();
    }
  });
}
