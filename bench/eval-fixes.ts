// Eval section "fixes": which patches of the cgroups archive a later patch names in a `Fixes:` tag,
// and did the review find anything in them near the bug that was fixed? Figures only, no asserts.
//   1. read every mail of the public-inbox epoch (src/ingest: readPublicInbox, parseMessage, splitPatch); a
//      patch mail is one with a diff that is not a reply (replies with a diff are suggestions, only counted);
//   2. take each patch mail's `Fixes: <sha> ("<subject>")` lines and match the quoted subject against the
//      titles (subject without [PATCH ...] prefixes, normaliseTitle) of patch mails earlier in the archive;
//   3. for every matched posting of a fixed commit, print what the review JSON reported on it and whether a
//      finding is in a file, or a function, that the fix changes (functions: the enclosing function of each
//      changed line of the fix, as src/questions/anchor.ts finds it from the hunk and its @@ context).
// Run: npm run eval -- fixes <review.json> [epoch]   (epoch defaults to ../shared/archives/cgroups-0.git)
// Make review.json with: node dist/cli/run.js --db /tmp/cg.db -q review ../shared/archives/cgroups-0.git \
//   --format json --fail-on never > /tmp/cg.json
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { FilePatch } from '../src/domain/mail.ts';
import { hasDiff, splitPatch } from '../src/ingest/patch.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import { readPublicInbox } from '../src/ingest/sources/publicinbox.ts';
import { normaliseTitle, parseSubject } from '../src/ingest/subject.ts';
import { enclosingFunction } from '../src/questions/anchor.ts';
import { heading } from './eval-format.ts';
import { ROOT } from './eval-kernel.ts';

const DEFAULT_EPOCH = resolve(ROOT, '..', 'shared', 'archives', 'cgroups-0.git');

interface FixesTag {
  sha: string;
  /** normaliseTitle of the quoted subject; null when the tag quotes none. */
  title: string | null;
}

/** A patch mail of the archive: it carries a diff and is not a reply. */
interface PatchMail {
  /** Position in the epoch, oldest first. */
  order: number;
  messageId: string;
  subject: string;
  title: string;
  date: number | null;
  files: string[];
  /** Per file, the functions its changed lines are in. */
  functions: Map<string, Set<string>>;
  fixes: FixesTag[];
}

/** The review JSON, only as far as this section reads it (see src/report/json.ts). */
interface JsonPlace { file: string | null; function: string | null }
interface JsonFinding extends JsonPlace {
  rule: string;
  patch: number;
  line: number | null;
  message: string;
  related?: JsonPlace[];
}
interface JsonReport { series?: { patches: { index: number; messageId: string }[]; findings: JsonFinding[] }[] }

const FIXES_LINE = /^\s*Fixes:\s*([0-9a-f]{5,40})\b(.*)$/i;

const tidy = (rest: string) => rest.trim().replace(/^:\s*/, '').replace(/[.,;]+$/, '');

/** The subject after a tag's sha: `("subject")`, also `(subject)`, `"subject"`, a lost closing quote, a stray `:` or `.`; else null. */
function quotedSubject(rest: string): string | null {
  let text = tidy(rest);
  const parens = text.startsWith('(') && text.endsWith(')');
  if (parens) text = text.slice(1, -1).trim();
  const quoted = /^["'\u201c]/.test(text);
  if (quoted) text = text.slice(1).replace(/["'\u201d]$/, '');
  return (parens || quoted) && text.trim() !== '' ? text : null;
}

/** The Fixes: tags of a commit message; a tag whose parenthesised subject wraps onto the next line is joined. */
export function fixesTags(commitMessage: string): FixesTag[] {
  const lines = commitMessage.split('\n');
  const tags: FixesTag[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = FIXES_LINE.exec(lines[i]!);
    if (!m) continue;
    let rest = tidy(m[2]!);
    if (rest.startsWith('(') && !rest.endsWith(')') && i + 1 < lines.length) rest += ' ' + lines[++i]!.trim();
    const subject = quotedSubject(rest);
    tags.push({ sha: m[1]!.toLowerCase(), title: subject === null ? null : normaliseTitle(subject) });
  }
  return tags;
}

function changedFunctions(files: FilePatch[]): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const file of files) {
    const names = new Set<string>();
    for (const hunk of file.hunks) {
      hunk.lines.forEach((line, i) => {
        if (line.kind === ' ') return;
        const name = enclosingFunction(hunk, i);
        if (name) names.add(name);
      });
    }
    out.set(file.newPath ?? file.oldPath ?? '?', names);
  }
  return out;
}

interface Archive {
  patches: PatchMail[];
  messages: number;
  unreadable: number;
  /** Earliest Date of a mail, ms. */
  firstDate: number | null;
  /** Replies (Re: ...) that carry a diff, and how many of those have Fixes: tags; left out of `patches`. */
  replyDiffs: number;
  replyFixes: number;
  /** Titles of the other mails (replies, covers), to tell why a fixed subject found no patch. */
  otherTitles: Set<string>;
}

async function readArchive(epoch: string): Promise<Archive> {
  const archive: Archive = { patches: [], messages: 0, unreadable: 0, firstDate: null, replyDiffs: 0, replyFixes: 0, otherTitles: new Set() };
  const seen = new Set<string>();
  for await (const raw of readPublicInbox(epoch)) {
    let msg;
    try {
      msg = parseMessage(raw);
    } catch {
      archive.unreadable++;
      continue;
    }
    if (seen.has(msg.id)) continue;
    seen.add(msg.id);
    const order = archive.messages++;
    if (msg.date !== null && (archive.firstDate === null || msg.date < archive.firstDate)) archive.firstDate = msg.date;
    const subject = parseSubject(msg.subject);
    const title = normaliseTitle(subject.title);
    const content = hasDiff(msg.text) ? splitPatch(msg.text) : null;
    if (!content || content.files.length === 0 || subject.isReply) {
      archive.otherTitles.add(title);
      if (content && subject.isReply) {
        archive.replyDiffs++;
        if (fixesTags(content.commitMessage).length > 0) archive.replyFixes++;
      }
      continue;
    }
    archive.patches.push({
      order, messageId: msg.id, subject: msg.subject, title, date: msg.date,
      files: content.files.map((f) => f.newPath ?? f.oldPath ?? '?'),
      functions: changedFunctions(content.files),
      fixes: fixesTags(content.commitMessage),
    });
  }
  return archive;
}

function findingsByMessage(report: JsonReport): Map<string, JsonFinding[]> {
  const out = new Map<string, JsonFinding[]>();
  for (const s of report.series ?? []) {
    for (const p of s.patches) out.set(p.messageId, s.findings.filter((f) => f.patch === p.index));
  }
  return out;
}

/** One fixed commit: its postings before the first fix, and the latest posting of each fix naming it. */
interface FixedCommit {
  title: string;
  postings: PatchMail[];
  laterPostings: number;
  fixes: Fix[];
}

/** The postings of one fixing patch (by title): the latest, and what all of them change. */
interface Fix {
  latest: PatchMail;
  count: number;
  /** Per file, the functions any posting of the fix changes. */
  functions: Map<string, Set<string>>;
}

/** A fixed subject with no patch mail before its first fix; `later` counts patch mails of it after the fix. */
interface Unmatched {
  title: string;
  later: number;
}

function fixOf(mails: PatchMail[]): Fix {
  const functions = new Map<string, Set<string>>();
  for (const m of mails) {
    for (const [file, fns] of m.functions) functions.set(file, new Set([...(functions.get(file) ?? []), ...fns]));
  }
  return { latest: mails[mails.length - 1]!, count: mails.length, functions };
}

function pushTo<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function groupFixed(archive: Archive): { fixed: FixedCommit[]; unmatched: Unmatched[] } {
  const byTitle = new Map<string, PatchMail[]>();
  for (const p of archive.patches) pushTo(byTitle, p.title, p);
  const fixers = new Map<string, PatchMail[]>();
  for (const p of archive.patches) {
    for (const t of new Set(p.fixes.map((f) => f.title))) if (t) pushTo(fixers, t, p);
  }
  const fixed: FixedCommit[] = [];
  const unmatched: Unmatched[] = [];
  for (const [title, mails] of fixers) {
    const firstFix = Math.min(...mails.map((m) => m.order));
    const all = byTitle.get(title) ?? [];
    const postings = all.filter((p) => p.order < firstFix);
    if (postings.length === 0) {
      unmatched.push({ title, later: all.length });
      continue;
    }
    const byFixTitle = new Map<string, PatchMail[]>();
    for (const m of mails) pushTo(byFixTitle, m.title, m);
    const fixes = [...byFixTitle.values()].map(fixOf);
    fixed.push({ title, postings, laterPostings: all.length - postings.length, fixes });
  }
  return { fixed, unmatched };
}

const day = (ms: number | null) => (ms === null ? '????-??-??' : new Date(ms).toISOString().slice(0, 10));
const touchesMm = (files: string[]) => files.some((f) => f.startsWith('mm/'));

function functionsText(functions: Map<string, Set<string>>): string {
  return [...functions].map(([file, fns]) => `${file}${fns.size ? `: ${[...fns].join(', ')}` : ''}`).join('; ');
}

interface Totals { postings: number; any: number; file: number; fn: number; commitsWithAny: number }

/** Prints one fixed commit: its fixes, then each posting with the review's findings on it; adds to `totals`. */
function printFixed(f: FixedCommit, findings: Map<string, JsonFinding[]>, totals: Totals): void {
  const fixFiles = new Set(f.fixes.flatMap((x) => [...x.functions.keys()]));
  const fixFns = new Set(f.fixes.flatMap((x) => [...x.functions].flatMap(([file, fns]) => [...fns].map((fn) => `${file}\0${fn}`))));
  console.log(`\n-- fixed: ${f.title}${f.laterPostings ? ` (${f.laterPostings} later patch mails of it not counted)` : ''}`);
  for (const [i, fix] of f.fixes.entries()) {
    const p = fix.latest;
    console.log(`   fix ${i + 1}: ${day(p.date)} ${p.subject} <${p.messageId}>${fix.count > 1 ? ` (latest of ${fix.count} postings)` : ''}`);
    console.log(`          changes ${functionsText(fix.functions)}`);
  }
  let commitHasAny = false;
  f.postings.forEach((p, i) => {
    const latest = i === f.postings.length - 1 ? ' [latest before the fix]' : '';
    console.log(`   posting: ${day(p.date)} ${p.subject} <${p.messageId}>${latest}`);
    console.log(`          files ${p.files.join(', ')}`);
    const found = findings.get(p.messageId);
    if (!found) {
      console.log('          not in the review JSON');
      return;
    }
    if (found.length === 0) console.log('          no findings');
    let inFile = false;
    let inFn = false;
    for (const x of found) {
      const places = [x, ...(x.related ?? [])];
      const fileHit = places.some((pl) => pl.file !== null && fixFiles.has(pl.file));
      const fnHit = places.some((pl) => pl.function !== null && fixFns.has(`${pl.file}\0${pl.function}`));
      inFile ||= fileHit;
      inFn ||= fnHit;
      const mark = fnHit ? ' [in a function the fix changes]' : fileHit ? ' [in a file the fix changes]' : '';
      console.log(`          finding ${x.rule} ${x.file ?? '-'}:${x.function ?? '-'}:${x.line ?? '-'}${mark}: ${x.message.slice(0, 100)}`);
    }
    commitHasAny ||= found.length > 0;
    totals.any += found.length > 0 ? 1 : 0;
    totals.file += inFile ? 1 : 0;
    totals.fn += inFn ? 1 : 0;
  });
  totals.postings += f.postings.length;
  totals.commitsWithAny += commitHasAny ? 1 : 0;
}

export async function evalFixes(args: string[]): Promise<void> {
  const [reviewJson, epochArg] = args;
  const epoch = resolve(epochArg ?? DEFAULT_EPOCH);
  heading(`fixes: patches a later patch names in a Fixes: tag (${epoch})`);
  const missing = !reviewJson ? 'name the review JSON (npm run eval -- fixes <review.json> [epoch])'
    : !existsSync(reviewJson) ? `no review JSON at ${reviewJson}`
      : !existsSync(epoch) ? `no public-inbox epoch at ${epoch}` : null;
  if (missing || !reviewJson) {
    console.log(`skipped: ${missing}`);
    return;
  }

  const findings = findingsByMessage(JSON.parse(readFileSync(reviewJson, 'utf8')) as JsonReport);
  const archive = await readArchive(epoch);
  const withTags = archive.patches.filter((p) => p.fixes.length > 0);
  const tags = withTags.flatMap((p) => p.fixes);
  const { fixed, unmatched } = groupFixed(archive);
  const postings = fixed.flatMap((f) => f.postings);
  const inReview = postings.filter((p) => findings.has(p.messageId)).length;
  const onlyOther = unmatched.filter((u) => u.later === 0 && archive.otherTitles.has(u.title));

  console.log(`archive: ${archive.messages} messages from ${day(archive.firstDate)} (${archive.unreadable} unreadable), ${archive.patches.length} patch mails ` +
    `(with a diff, not a reply; ${archive.replyDiffs} replies with a diff left out, ${archive.replyFixes} of them with Fixes: tags)`);
  console.log(`review JSON: ${reviewJson}: ${findings.size} patches, ${[...findings.values()].flat().length} patch findings`);
  console.log(`patches carrying Fixes: tags: ${withTags.length} (${tags.length} tags, ${tags.filter((t) => !t.title).length} naming no subject)`);
  console.log(`distinct fixed subjects: ${fixed.length + unmatched.length}`);
  console.log(`  found as earlier patch mails: ${fixed.length} (${postings.length} postings, ${inReview} of them in the review JSON)`);
  console.log(`  of those touching mm/: ${fixed.filter((f) => f.postings.some((p) => touchesMm(p.files))).length}`);
  console.log(`  not found: ${unmatched.length}: ${unmatched.filter((u) => u.later > 0).length} posted only after the first fix, ` +
    `${onlyOther.length} only as the subject of other mails (replies, covers), the rest never (older than the archive, or sent elsewhere, or retitled)`);

  const totals: Totals = { postings: 0, any: 0, file: 0, fn: 0, commitsWithAny: 0 };
  for (const f of fixed) printFixed(f, findings, totals);

  const never = unmatched.filter((u) => u.later === 0 && !archive.otherTitles.has(u.title));
  if (never.length > 0) {
    console.log(`\nfixed subjects never seen in the archive (first 20 of ${never.length}):`);
    for (const u of never.slice(0, 20)) console.log(`   ${u.title}`);
  }
  console.log(`\ntotals over ${totals.postings} fixed postings of ${fixed.length} fixed commits (${inReview} postings in the review JSON):`);
  console.log(`  with any finding: ${totals.any} (${totals.commitsWithAny} commits)`);
  console.log(`  with a finding in a file the fix changes: ${totals.file}`);
  console.log(`  with a finding in a function the fix changes: ${totals.fn}`);
}
