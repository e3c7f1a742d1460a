// The `b4-check` use case: b4's review mode pipes one message (a patch, or a series' cover letter) into a
// configured check command and reads back a JSON array of results. This reviews that one message like
// `review` does (with the tree when one is given) and decides what b4 is told: which findings belong to
// the message, and whether that is a pass, a warning or a failure.
//
// The review runs on an in-memory store unless a store is named: b4 runs the command for every patch
// it shows, and those patches should not land in the user's store unasked. A named store is read as
// well: when it already holds the rest of the series, the patch is reviewed as part of it.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { RuleLoadError } from '../checks/index.ts';
import type { Message } from '../domain/mail.ts';
import { splitMailbox } from '../ingest/mbox.ts';
import { MessageParseError, parseMessage } from '../ingest/parse.ts';
import { hasDiff } from '../ingest/patch.ts';
import { readStdin } from '../ingest/sources/files.ts';
import type { B4Status, B4Verdict } from '../report/b4.ts';
import { loreLink, SEVERITY_RANK, type ReportFinding, type ReportSeries, type ReviewReport } from '../report/report-model.ts';
import { InputError } from '../util/errors.ts';
import { makeTempDir, removeTempDir } from '../util/temp-dirs.ts';
import type { ProgressSink } from './progress.ts';
import { reviewSources, type FailOn } from './review.ts';
import { openStore } from './store.ts';

/** One message is small; a bigger input is not what b4 sends. */
const MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

export interface B4CheckRequest {
  /** The bytes b4 piped in: one RFC 2822 message. */
  message: Buffer;
  /** What to call the input in errors (default "stdin"). */
  label?: string;
  /** A store named by the user; without it the review runs on an in-memory store. */
  db?: string;
  rulesDir?: string;
  /** A kernel git checkout to apply the patch on (see `review --tree`). */
  treeDir?: string;
  /** The tree-index cache file (default: the tree index's default path). */
  treeIndexCache?: string;
  /** The severity from which a message fails (default error); below it, errors and warnings warn. */
  failOn?: FailOn;
  /** Lore server for the message's link (default: $MM_REVIEW_LORE_BASE or lore.kernel.org). */
  loreBase?: string;
  progress?: ProgressSink;
  onWarning?: (text: string) => void;
  onTreeStatus?: (text: string) => void;
}

/** Reads the message b4 pipes in; a terminal is refused (nobody is typing a patch). */
export async function readCheckInput(stream: NodeJS.ReadableStream & { isTTY?: boolean }): Promise<Buffer> {
  if (stream.isTTY) throw new InputError('stdin is a terminal: b4-check reads one mail message on stdin (b4 review pipes it in)');
  return readStdin(stream, { maxFileBytes: MAX_MESSAGE_BYTES });
}

/**
 * The results for b4: one verdict for a patch, none (b4's `[]`, nothing to report) for a message
 * without a diff such as a cover letter: mm-review's findings are about patches, and a series-level
 * finding is shown on the series' first patch. Throws an InputError when the input is not one mail.
 */
export async function b4Check(req: B4CheckRequest): Promise<B4Verdict[]> {
  const label = req.label ?? 'stdin';
  const message = oneMessage(req.message, label);
  if (!hasDiff(message.text)) return [];
  const db = openStore(req.db ?? ':memory:');
  let dir: string | undefined;
  try {
    // The review reads sources by name: the message is handed to it as a file, called `label` in what it says.
    dir = await makeTempDir('mmr-b4-');
    const file = join(dir, 'message.eml');
    const named = (text: string): string => text.split(file).join(label);
    await writeFile(file, req.message);
    let report: ReviewReport;
    try {
      ({ report } = await reviewSources(db, {
        sources: [file],
        rulesDir: req.rulesDir,
        treeDir: req.treeDir,
        treeIndexCache: req.treeIndexCache,
        loreBase: req.loreBase,
        progress: req.progress,
        onWarning: req.onWarning ? (w) => req.onWarning!(named(w)) : undefined,
        onTreeStatus: req.onTreeStatus,
      }));
    } catch (err) {
      if (err instanceof RuleLoadError) throw new InputError(`--rules: ${err.problems[0] ?? 'the rules do not load'}${err.problems.length > 1 ? ` (and ${err.problems.length - 1} more problems)` : ''}`);
      if (err instanceof InputError) throw new InputError(named(err.message));
      throw err;
    }
    report.notes = report.notes.map(named);
    return verdictsFor(report, message, req.failOn ?? 'error');
  } finally {
    db.close();
    if (dir !== undefined) await removeTempDir(dir);
  }
}

/** The one message of the input, parsed; an InputError for anything else. */
function oneMessage(bytes: Buffer, label: string): Message {
  if (bytes.length === 0 || bytes.toString('latin1').trim() === '') throw new InputError(`${label}: empty input (b4-check reads one mail message)`);
  const { messages } = splitMailbox(bytes, label);
  if (messages.length === 0) throw new InputError(`${label}: not a mail message (no mail headers at the start)`);
  if (messages.length > 1) throw new InputError(`${label}: ${messages.length} messages; b4-check reads one message (b4 pipes one patch at a time)`);
  try {
    return parseMessage(messages[0]!);
  } catch (err) {
    if (err instanceof MessageParseError) throw new InputError(`${label}: not a mail message (${err.message.slice(err.origin.length + 2)})`);
    throw err;
  }
}

/**
 * b4's status for the findings of one message: `fail` from `failOn` up, `warn` for any other error or
 * warning, `pass` for info only or nothing. Info findings are questions worth a look, not a reason to
 * hold a patch; with `--fail-on never` nothing fails and errors only warn.
 */
export function b4Status(findings: readonly ReportFinding[], failOn: FailOn): B4Status {
  const worst = Math.max(0, ...findings.map((f) => SEVERITY_RANK[f.severity]));
  if (failOn !== 'never' && worst >= SEVERITY_RANK[failOn]) return 'fail';
  return worst >= SEVERITY_RANK.warning ? 'warn' : 'pass';
}

/** The verdict on `message`: its patch's findings (and the series-level ones when it is the first patch). */
function verdictsFor(report: ReviewReport, message: Message, failOn: FailOn): B4Verdict[] {
  for (const series of report.series) {
    const patch = series.patches.find((p) => p.messageId === message.id);
    if (!patch) continue;
    const findings = isFirstPatch(series, patch.index) ? [...series.seriesFindings, ...patch.findings] : patch.findings;
    const failed = series.analysis.tree?.failed.filter((f) => f.patch === patch.index) ?? [];
    return [{
      status: b4Status(findings, failOn),
      findings,
      analysis: series.analysis.summary,
      notes: [...failed.map((f) => `patch ${f.patch} did not apply: ${f.reason}`), ...report.notes],
      url: message.syntheticId ? null : loreLink(report.context.loreBase, message.id),
    }];
  }
  // The store placed the message in no reviewed series as a patch (a reply carrying a diff): nothing to say.
  return [];
}

function isFirstPatch(series: ReportSeries, index: number): boolean {
  const withDiff = series.patches.filter((p) => p.content !== null).map((p) => p.index);
  return withDiff.length === 0 || Math.min(...withDiff) === index;
}
