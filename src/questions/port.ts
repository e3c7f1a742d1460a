// Carrying a question from version N to N+1 by (file, function, quoted code),
// and telling whether N+1 changed the code the way the question asked. Pure.
import { mentionsIdentifier, type CodeLine, type VersionCode } from './anchor.ts';
import { isTrivialCode, normaliseCode, wordKey } from './text.ts';
import type { Trailer } from '../domain/mail.ts';
import type { Evidence, ExtractedQuestion, QuestionAnchor, VersionPatch } from './types.ts';

/** One version as porting sees it. */
export interface PortVersion {
  version: number;
  coverId: string | null;
  coverText: string | null;
  patches: VersionPatch[];
  code: VersionCode;
}

export type PortState = 'present' | 'changed' | 'gone';

export interface PortResult {
  state: PortState;
  /** The anchor in the next version (present or changed), else null. */
  anchor: QuestionAnchor | null;
  detail: string;
}

/** The quoted code lines that identify a place: normalised, trivial lines dropped. */
function keyCodeLines(quoted: readonly string[]): string[] {
  return quoted.map(normaliseCode).filter((n) => !isTrivialCode(n));
}

/** The patch of `next` that continues patch `index` of `cur`: same title, else same index. */
export function matchingPatch(cur: PortVersion, index: number | null, next: PortVersion): VersionPatch | null {
  if (index === null) return null;
  const mine = cur.patches.find((p) => p.index === index);
  if (mine) {
    const byTitle = next.patches.find((p) => p.title === mine.title);
    if (byTitle) return byTitle;
  }
  return next.patches.find((p) => p.index === index) ?? null;
}

function messageTextOf(v: PortVersion, patch: VersionPatch | null, cover: boolean): string | null {
  if (cover) return v.coverText;
  return patch?.content?.commitMessage ?? null;
}

/** wordKey of a version's cover (patch null) or commit message, computed once for all the questions ported to it. */
const messageKeys = new WeakMap<PortVersion, Map<VersionPatch | null, string>>();

function messageKeyOf(v: PortVersion, patch: VersionPatch | null, cover: boolean): string {
  let keys = messageKeys.get(v);
  if (!keys) messageKeys.set(v, (keys = new Map<VersionPatch | null, string>()));
  const at = cover ? null : patch;
  let key = keys.get(at);
  if (key === undefined) keys.set(at, (key = wordKey(messageTextOf(v, patch, cover) ?? '')));
  return key;
}

function fnLabel(fn: string | null, file: string | null): string {
  return fn ? `${fn}()` : file ?? 'the patch';
}

/** Where the question's anchor is in the next version, and whether its quoted code is still there. */
export function portAnchor(anchor: QuestionAnchor, cur: PortVersion, next: PortVersion): PortResult {
  const keys = keyCodeLines(anchor.quoted);
  const v = `v${next.version}`;
  if (anchor.part === 'diff' && anchor.file) {
    const file = anchor.file;
    if (keys.length > 0) {
      const last = keys[keys.length - 1]!;
      const inFn = anchor.function ? next.code.lines(file, anchor.function) : [];
      const hit = inFn.find((l) => l.norm === last) ?? next.code.lines(file, null).find((l) => l.norm === last);
      if (hit) {
        return { state: 'present', anchor: { ...anchor, patchIndex: hit.patchIndex, function: hit.function ?? anchor.function, newNo: null }, detail: `${v} keeps the quoted code` };
      }
    }
    const fnLines = anchor.function ? next.code.lines(file, anchor.function) : [];
    if (fnLines.length > 0 || (!anchor.function && next.code.hasFile(file))) {
      const at = fnLines[0]?.patchIndex ?? next.code.lines(file, null)[0]!.patchIndex;
      const state: PortState = keys.length > 0 ? 'changed' : 'present';
      return { state, anchor: { ...anchor, patchIndex: at, newNo: null }, detail: `${v} changed the quoted code in ${fnLabel(anchor.function, file)}` };
    }
    return { state: 'gone', anchor: null, detail: `${v} no longer touches ${fnLabel(anchor.function, file)} in ${file}` };
  }
  // Commit message, cover letter, or nothing quoted: follow the patch by title.
  const cover = anchor.patchIndex === 0;
  const patch = cover ? null : matchingPatch(cur, anchor.patchIndex, next);
  if (!cover && !patch) return { state: 'gone', anchor: null, detail: `${v} has no patch matching ${anchor.patchIndex}` };
  if (cover && !next.coverId) return { state: 'gone', anchor: null, detail: `${v} has no cover letter` };
  const moved: QuestionAnchor = { ...anchor, targetId: cover ? next.coverId! : patch!.messageId, patchIndex: cover ? 0 : patch!.index, newNo: null };
  const quotedText = anchor.quoted.filter((l) => l.trim()).map(wordKey).filter((k) => k.split(' ').length >= 3);
  if (anchor.part !== 'message' || quotedText.length === 0) return { state: 'present', anchor: moved, detail: `${v} keeps the patch` };
  const text = messageKeyOf(next, patch, cover);
  const kept = quotedText.some((k) => text.includes(k));
  return kept
    ? { state: 'present', anchor: moved, detail: `${v} keeps the quoted text` }
    : { state: 'changed', anchor: moved, detail: `${v} rewrote the quoted ${cover ? 'cover letter' : 'commit message'} text` };
}

function linesFor(code: VersionCode, anchor: QuestionAnchor, patchIndex: number | null): CodeLine[] {
  if (anchor.file && anchor.function) return code.lines(anchor.file, anchor.function);
  if (anchor.file) return code.lines(anchor.file, null);
  return patchIndex === null ? code.allLines() : code.patchLines(patchIndex);
}

/**
 * Evidence that the next version did what was asked: a requested identifier now appears in the
 * anchored function (and did not before), an identifier asked to go is gone, or a requested
 * path now has a new file.
 */
export function codeEvidence(q: Pick<ExtractedQuestion, 'identifiers' | 'removals' | 'paths'>, anchor: QuestionAnchor, cur: PortVersion, next: PortVersion): Evidence[] {
  const out: Evidence[] = [];
  if (q.identifiers.length === 0 && q.removals.length === 0 && q.paths.length === 0) return out;
  const nextPatch = anchor.file ? null : matchingPatch(cur, anchor.patchIndex, next);
  const before = linesFor(cur.code, anchor, anchor.patchIndex);
  const after = linesFor(next.code, anchor, nextPatch?.index ?? null);
  const where = anchor.function ? `${anchor.function}()` : anchor.file ?? `patch ${nextPatch?.index ?? '?'}`;
  const messageOf = (l: CodeLine | undefined): string | null => next.patches.find((p) => p.index === l?.patchIndex)?.messageId ?? null;
  const removals = new Set(q.removals);
  for (const id of q.identifiers) {
    if (removals.has(id)) continue;
    if (before.some((l) => mentionsIdentifier(l.norm, id))) continue;
    const added = after.find((l) => l.added && mentionsIdentifier(l.norm, id));
    if (added) out.push({ kind: 'code', messageId: messageOf(added), version: next.version, detail: `${id} now appears in ${where} in v${next.version}` });
  }
  for (const id of removals) {
    if (after.length === 0 || !before.some((l) => mentionsIdentifier(l.norm, id))) continue;
    if (!after.some((l) => mentionsIdentifier(l.norm, id))) {
      out.push({ kind: 'code', messageId: messageOf(after[0]), version: next.version, detail: `${id} no longer appears in ${where} in v${next.version}` });
    }
  }
  for (const path of q.paths) {
    const inside = (p: string): boolean => p === path || p.startsWith(`${path}/`);
    if (cur.code.addedFiles.some((f) => inside(f.path))) continue;
    const added = next.code.addedFiles.find((f) => inside(f.path));
    if (added) {
      out.push({ kind: 'path', messageId: next.patches.find((p) => p.index === added.patchIndex)?.messageId ?? null, version: next.version, detail: `v${next.version} adds ${added.path}` });
    } else if (/\.\w+$/.test(path) && !cur.code.hasFile(path) && next.code.hasFile(path)) {
      // A file the comment asks to update ("please update Documentation/foo.rst as well") that the patch now changes.
      const patch = next.patches.find((p) => (p.paths ?? p.content?.files.map((f) => f.newPath ?? f.oldPath) ?? []).includes(path));
      out.push({ kind: 'path', messageId: patch?.messageId ?? null, version: next.version, detail: `v${next.version} now changes ${path}` });
    }
  }
  return out;
}

/** A comment about the commit message or cover text rather than the code. */
const ABOUT_MESSAGE = /\b(?:commit (?:message|log|description|title)|change ?log|(?:patch|commit) description|the description|subject(?: line)?|the title|explain (?:why|what|how)|fixes:?(?: tag)?|cc:? stable|stable (?:tag|kernels?|trees?)|for stable|sign(?:ed)?-?off|reword|rephrase|wording)\b/i;
const COMMIT_ID = /\b[0-9a-f]{8,40}\b/g;
/** Advice on how to post, for the next postings ("from next time on", "use git send-email"): no rewrite of this one answers it. */
const FOR_LATER_POSTINGS = /\b(?:(?:from )?next time|from now on|going forward|(?:for )?future (?:submissions|patches|postings|series|versions)|(?:git )?send-email|format-patch|mail(?:er| client)|mail threading|threaded (?:properly|correctly))\b/i;

/**
 * Evidence in the next version's commit message (or cover letter) for a comment about it: a commit id
 * it names now there, or the message rewritten when the comment asks for that (a request or concern,
 * or a question the author promised to act on).
 */
export function messageEvidence(q: Pick<ExtractedQuestion, 'kind' | 'sentences' | 'text'>, promised: boolean, anchor: QuestionAnchor, cur: PortVersion, next: PortVersion): Evidence[] {
  if (forLaterPostings(q)) return [];
  const asking = q.sentences.join(' ');
  const about = anchor.part === 'message' || ABOUT_MESSAGE.test(asking);
  if (!about) return [];
  const cover = anchor.patchIndex === 0;
  const mine = cover ? null : cur.patches.find((p) => p.index === anchor.patchIndex) ?? null;
  const patch = cover ? null : matchingPatch(cur, anchor.patchIndex, next);
  if (!cover && (!mine || !patch)) return [];
  const before = messageKeyOf(cur, mine, cover);
  const after = messageKeyOf(next, patch, cover);
  if (!after || before === after) return [];
  const messageId = cover ? next.coverId : patch!.messageId;
  const where = cover ? 'cover letter' : 'commit message';
  for (const id of asking.toLowerCase().match(COMMIT_ID) ?? []) {
    if (/^\d+$/.test(id) || before.includes(id) || !after.includes(id)) continue;
    return [{ kind: 'code', messageId, version: next.version, detail: `v${next.version}'s ${where} now names ${id}` }];
  }
  if (q.kind === 'question' && !promised) return [];
  if (anchor.part === 'diff' && !ABOUT_MESSAGE.test(asking)) return [];
  return [{ kind: 'code', messageId, version: next.version, detail: `v${next.version} rewrote the ${where}` }];
}

/** Tags a comment can ask for ("Are we able to identify a Fixes: for this?", "Cc: stable", "needs your Signed-off-by") and the trailers that give them. */
const TAGS_ASKED: { asks: RegExp; gives: (t: Trailer) => boolean; name: string }[] = [
  { asks: /\bfixes\b(?::|\s+(?:tag|line|trailer))/i, gives: (t) => t.key.toLowerCase() === 'fixes', name: 'a Fixes: tag' },
  { asks: /\b(?:cc:?\s*(?:<?stable\b)|stable@|(?:for|to|into) (?:-?stable|the stable (?:trees?|kernels?))|stable (?:tag|kernels?|trees?|backports?))\b/i,
    gives: (t) => t.key.toLowerCase() === 'cc' && /\bstable@/i.test(t.value), name: 'Cc: stable' },
  { asks: /\bsigned-?off-?by\b|\bsign-?off\b/i, gives: (t) => t.key.toLowerCase() === 'signed-off-by', name: 'a Signed-off-by' },
  { asks: /\breported-?by\b/i, gives: (t) => t.key.toLowerCase() === 'reported-by', name: 'a Reported-by' },
  { asks: /\bsuggested-?by\b/i, gives: (t) => t.key.toLowerCase() === 'suggested-by', name: 'a Suggested-by' },
];

function trailersOf(patches: readonly (VersionPatch | null | undefined)[]): Trailer[] {
  return patches.flatMap((p) => p?.content?.trailers ?? []);
}

/**
 * Evidence that the next version carries a tag the comment asks for: a trailer of that kind that the
 * patch (every patch, for a comment on the cover letter) did not have before.
 */
export function tagEvidence(q: Pick<ExtractedQuestion, 'sentences'>, anchor: QuestionAnchor, cur: PortVersion, next: PortVersion): Evidence[] {
  const asking = q.sentences.join(' ');
  const asked = TAGS_ASKED.filter((t) => t.asks.test(asking));
  if (asked.length === 0) return [];
  const cover = anchor.patchIndex === null || anchor.patchIndex === 0;
  const mine = cover ? cur.patches : [cur.patches.find((p) => p.index === anchor.patchIndex)];
  const theirs = cover ? next.patches : [matchingPatch(cur, anchor.patchIndex, next)];
  if (theirs.every((p) => !p)) return [];
  const before = new Set(trailersOf(mine).map((t) => `${t.key.toLowerCase()}\u0000${t.value.trim().toLowerCase()}`));
  for (const tag of asked) {
    for (const p of theirs) {
      const added = (p?.content?.trailers ?? []).find((t) => tag.gives(t) && !before.has(`${t.key.toLowerCase()}\u0000${t.value.trim().toLowerCase()}`));
      if (added) return [{ kind: 'code', messageId: p!.messageId, version: next.version, detail: `v${next.version} adds ${tag.name} (${added.key}: ${added.value.trim()})` }];
    }
  }
  return [];
}

/** Advice for the author's next postings rather than a change to this patch: no rework of the patch answers it. */
export function forLaterPostings(q: Pick<ExtractedQuestion, 'sentences'>): boolean {
  return FOR_LATER_POSTINGS.test(q.sentences.join(' '));
}
