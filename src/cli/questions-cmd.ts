// `mm-review questions`: the reviewer-question ledger, oldest open question first.
import type { Command } from 'commander';
import { InputError } from '../util/errors.ts';
import { loreLinkBase } from '../app/links.ts';
import { loreLink } from '../report/report-model.ts';
import { safeJson, terminalSafe } from '../util/safe-text.ts';
import { creditsOf, questionsOf, setQuestionStatus, type CreditRow, type LedgerRow } from '../app/questions.ts';
import { hasSeriesFilter, seriesFilter, type SeriesFilterOptions } from '../app/series-filter.ts';
import { addSeriesFilterOptions } from './series-cmd.ts';
import { globalOptions, openDb } from './context.ts';
import type { Io } from './io.ts';

interface QuestionsOptions extends SeriesFilterOptions {
  set?: string[];
  why?: string;
  open?: boolean;
  credits?: boolean;
  reviewer?: string;
  json?: boolean;
  loreBase?: string;
}

const QUOTED_SHOWN = 2;

function day(ms: number | null): string {
  return ms === null ? '????-??-??' : new Date(ms).toISOString().slice(0, 10);
}

function where(r: LedgerRow): string {
  const parts = [r.patch === null ? 'series' : r.patch === 0 ? 'cover letter' : `patch ${r.patch}`];
  if (r.file) parts.push(r.function ? `${r.file} ${r.function}()` : r.file);
  else if (r.part === 'message' && r.patch !== 0) parts.push('commit message');
  return parts.join(', ');
}

function statusLabel(r: LedgerRow): string {
  const label = r.status === 'resolved' && r.resolvedIn !== null && r.resolvedIn !== r.version ? `resolved in v${r.resolvedIn}` : r.status;
  return r.acknowledged && r.status !== 'resolved' ? `${label}, acknowledged` : label;
}

// Every value taken from mail goes through terminalSafe (s) or, for --json, safeJson: it must not drive the terminal.

/** Text from mail over several lines: the first after `first`, the rest indented under it. */
function indented(first: string, text: string, indent: string): string[] {
  const [head = '', ...rest] = terminalSafe(text).split('\n');
  return [`${first}${head}`, ...rest.map((l) => `${indent}${l.replace(/\t/g, '    ')}`)];
}

/** Where the evidence that decided the status comes from, for the reader: a decision, the changelog, a message, the code. */
function statusLine(r: LedgerRow): string {
  const s = terminalSafe;
  if (!r.statusEvidence) {
    if (r.status === 'open') return r.carriedTo.length > 0 ? 'status: open: no matching change or changelog line, no answer' : 'status: open: no answer yet';
    return `status: ${r.status}`;
  }
  return `status: ${statusLabel(r)}: ${s(r.statusEvidence)}`;
}

function formatLedgerRow(r: LedgerRow, linkBase: string): string {
  const s = terminalSafe;
  const to = r.addressedTo ? ` to ${s(r.addressedTo)}` : '';
  const lines = [
    `[${statusLabel(r)}] v${r.version} ${s(where(r))}${r.seriesTitle ? `  (${s(r.seriesTitle)})` : ''}`,
    ...indented(`    ${s(r.askedBy)} <${s(r.askedByEmail)}>, ${day(r.askedAt)}, ${r.kind}${to}: `, r.text, '      '),
  ];
  for (const q of r.quoted.slice(-QUOTED_SHOWN)) lines.push(`    > ${s(q.replace(/\t/g, '    '))}`);
  const last = r.carriedTo[r.carriedTo.length - 1];
  if (last) lines.push(`    open since v${r.version}, still unresolved when v${last.version} was posted (${s(where({ ...r, patch: last.patch, file: last.file, function: last.function }))})`);
  lines.push(`    ${statusLine(r)}`);
  for (const e of r.evidence) lines.push(`    - ${s(e.detail)}${e.messageId ? ` <${s(e.messageId)}>` : ''}`);
  if (r.flag) lines.push(`    ! ${s(r.flag)}`);
  lines.push(`    id ${s(r.id)}   ${s(loreLink(linkBase, r.messageId))}`);
  return lines.join('\n');
}

const SHOWN_TEXT = 160;

function short(text: string): string {
  return text.length > SHOWN_TEXT ? `${text.slice(0, SHOWN_TEXT - 1)}…` : text;
}

function formatCreditRow(r: CreditRow, linkBase: string): string {
  const s = terminalSafe;
  const place = r.patch === 0 ? 'cover letter' : `patch ${r.patch} notes`;
  const lines = [
    `v${r.version} ${place}${r.seriesTitle ? `  (${s(r.seriesTitle)})` : ''}: ${s(r.line)}`,
    `    credits: ${r.names.length ? r.names.map(s).join(', ') : 'nobody by name'}`,
  ];
  if (r.questions.length === 0) lines.push('    answers no question in the ledger (raised off-list, in a reply not read as a question, or by someone else)');
  for (const q of r.questions) lines.push(`    answers [${q.status}] ${s(q.askedBy)} on v${q.version}: ${s(short(q.text))}  ${s(loreLink(linkBase, q.messageId))}`);
  lines.push(`    ${s(loreLink(linkBase, r.messageId))}`);
  return lines.join('\n');
}

function creditSummary(rows: readonly CreditRow[]): string {
  const matched = rows.filter((r) => r.questions.length > 0).length;
  const one = rows.length === 1;
  return `${rows.length} changelog line${one ? ' credits reviewers or answers' : 's credit reviewers or answer'} questions; ${matched} matched to a question, ${rows.length - matched} to none`;
}

function summary(rows: readonly LedgerRow[]): string {
  const count = (st: string): number => rows.filter((r) => r.status === st).length;
  return `${rows.length} question${rows.length === 1 ? '' : 's'}: ${count('open')} open, ${count('answered')} answered, ` +
    `${count('resolved')} resolved, ${count('outdated')} outdated`;
}

/** `--set <id> resolved|open` and `--why <text>`, checked before the store is opened. */
function parseSet(values: string[], why: string | undefined): { id: string; status: 'resolved' | 'open'; why: string } {
  const [id, status, ...extra] = values;
  if (!id || !status || extra.length > 0) throw new InputError('--set takes a question id and a status: --set <id> resolved|open --why "..."');
  if (status !== 'resolved' && status !== 'open') throw new InputError(`--set ${id} ${status}: the status is resolved or open`);
  if (!why?.trim()) throw new InputError(`--set ${id} ${status} needs --why "...": the reason is kept with the decision`);
  return { id, status, why };
}

export function registerQuestions(program: Command, io: Io, _setExit: (code: number) => void): void {
  addSeriesFilterOptions(program.command('questions')
    .description('the reviewer-question ledger: questions and requests from replies, and what became of them across versions')
    .argument('[series]', 'series key, or the message-id of its cover, a patch or a reply (default: every series)')
    .option('--open', 'only questions that are still open')
    .option('--reviewer <name>', 'only questions from reviewers whose name or address contains this'))
    .option('--credits', 'list the changelog lines of later versions that credit reviewers, and the questions each answers')
    .option('--set <id-and-status...>', 'record a decision on a question: --set <id> resolved|open (with --why); kept in later versions')
    .option('--why <text>', 'why, for --set (shown as the evidence of the status)')
    .option('--json', 'machine-readable output')
    .option('--lore-base <url>', 'lore server for links (default: $MM_REVIEW_LORE_BASE or https://lore.kernel.org)')
    .action((ref: string | undefined, o: QuestionsOptions, c: Command) => {
      const linkBase = loreLinkBase(o.loreBase);
      const filter: SeriesFilterOptions = { author: o.author, list: o.list, since: o.since };
      seriesFilter(filter); // a bad value is told before the store is opened
      const filtered = o.reviewer !== undefined || hasSeriesFilter(filter);
      const decision = o.set !== undefined ? parseSet(o.set, o.why) : null;
      if (decision === null && o.why !== undefined) throw new InputError('--why goes with --set <id> resolved|open');
      const db = openDb(globalOptions(c));
      try {
        if (decision) {
          if (o.credits || o.open || filtered || ref !== undefined) throw new InputError('--set takes a question id and a status, and no other selection');
          const row = setQuestionStatus(db, { ...decision, by: process.env.MM_REVIEW_FROM?.trim() || process.env.USER || null });
          if (o.json) io.out(safeJson({ ...row, link: loreLink(linkBase, row.messageId) }) + '\n');
          else io.out(`${formatLedgerRow(row, linkBase)}\n`);
          return;
        }
        if (o.credits && o.open) throw new InputError('--open selects questions; it does not apply to --credits');
        if (o.credits) {
          const credits = creditsOf(db, { series: ref, reviewer: o.reviewer, ...filter });
          if (o.json) io.out(safeJson(credits.map((r) => ({ ...r, link: loreLink(linkBase, r.messageId) }))) + '\n');
          else if (credits.length === 0) io.out(filtered ? 'no changelog credits match\n' : 'no changelog credits in the database\n');
          else io.out(`${credits.map((r) => formatCreditRow(r, linkBase)).join('\n\n')}\n\n${creditSummary(credits)}\n`);
          return;
        }
        const rows = questionsOf(db, { series: ref, open: o.open, reviewer: o.reviewer, ...filter });
        if (o.json) {
          io.out(safeJson(rows.map((r) => ({ ...r, link: loreLink(linkBase, r.messageId) }))) + '\n');
          return;
        }
        if (rows.length === 0) {
          io.out(o.open || filtered ? 'no questions match\n' : 'no reviewer questions in the database\n');
          return;
        }
        io.out(`${rows.map((r) => formatLedgerRow(r, linkBase)).join('\n\n')}\n\n${summary(rows)}\n`);
      } finally {
        db.close();
      }
    });
}
