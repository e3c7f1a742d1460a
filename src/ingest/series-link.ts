// Links versions of one series (v1 -> v2 -> ...) through previousKey.
// Evidence, strongest first: sent by the same author in reply to the older
// version, with related titles; the same change-id; the same author and the
// same title (a one-patch version's title counts as the cover title of a
// version with a cover letter), or another author re-posting the very same
// patches (two or more, titles equal); the same author and clearly similar
// cover and patch titles. Only when none of these ties a version to an older
// one: its cover letter or a patch linking (a lore URL) to an older version by
// the same author with related titles. Two different series must never be
// linked, so the fuzzy rule is strict and links come last (a cover letter links
// dependencies and related work too).
import type { SeriesVersion } from '../domain/mail.ts';
import { normaliseTitle } from './subject.ts';

export interface LinkCandidate {
  series: SeriesVersion;
  coverTitle: string | null;
  patchTitles: string[];
  /** Key of the series whose thread this one was sent in, by the same author. */
  threadParentKey: string | null;
  /** Ids of the cover letter and the patches. */
  memberIds?: readonly string[];
  /** Message-ids the cover letter and the patches link to by URL. */
  linkedIds?: readonly string[];
}

interface Prepared {
  s: SeriesVersion;
  cover: string | null;
  coverTokens: Set<string> | null;
  patches: Set<string>;
  patchTokens: Set<string>[];
  firstPatch: string | null;
  titleTokens: Set<string>;
  threadParentKey: string | null;
  linkedIds: readonly string[];
  /** Keys of the series whose messages this one links to (filled once every series is known). */
  linkedKeys: Set<string>;
}

/** Minimum token Jaccard similarity for the fuzzy rule. */
const SIMILAR = 0.5;

function titleTokens(title: string): Set<string> {
  return new Set(title.toLowerCase().split(/[^a-z0-9]+/).filter((t) => t.length > 0));
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 && b.size === 0) return 0;
  let common = 0;
  for (const t of a) if (b.has(t)) common++;
  return common / (a.size + b.size - common);
}

function prepare(c: LinkCandidate): Prepared {
  const cover = c.coverTitle === null ? null : normaliseTitle(c.coverTitle);
  const patches = c.patchTitles.map(normaliseTitle);
  return {
    s: c.series,
    cover,
    coverTokens: cover === null ? null : titleTokens(cover),
    patches: new Set(patches),
    patchTokens: patches.map(titleTokens),
    firstPatch: patches[0] ?? null,
    titleTokens: titleTokens(c.series.title),
    threadParentKey: c.threadParentKey,
    linkedIds: c.linkedIds ?? [],
    linkedKeys: new Set(),
  };
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size || a.size === 0) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** The title a version goes by: its cover letter's, or a lone patch's. */
function ownTitle(p: Prepared): string | null {
  return p.cover ?? (p.patches.size === 1 ? p.firstPatch : null);
}

function sameTitle(a: Prepared, b: Prepared): boolean {
  if (a.cover !== null && b.cover !== null && a.cover === b.cover) return true;
  if (sameSet(a.patches, b.patches)) return true;
  if (a.cover === null && b.cover === null) return a.firstPatch !== null && a.firstPatch === b.firstPatch;
  // One patch grown into a series with a cover letter under the patch's title (or the reverse).
  const ta = ownTitle(a);
  return ta !== null && ta === ownTitle(b);
}

function similar(a: Prepared, b: Prepared): boolean {
  if (!a.coverTokens || !b.coverTokens || jaccard(a.coverTokens, b.coverTokens) < SIMILAR) return false;
  const need = Math.max(1, Math.ceil(Math.min(a.patchTokens.length, b.patchTokens.length) / 2));
  let matched = 0;
  for (const pa of a.patchTokens) {
    if (b.patchTokens.some((pb) => jaccard(pa, pb) >= SIMILAR)) matched++;
  }
  return matched >= need;
}

/** Titles related enough to trust a reply-to-the-old-version link (guards against two series sent in one thread). */
function related(a: Prepared, b: Prepared): boolean {
  if (jaccard(a.titleTokens, b.titleTokens) >= SIMILAR) return true;
  return a.patchTokens.some((pa) => b.patchTokens.some((pb) => jaccard(pa, pb) >= SIMILAR));
}

/**
 * 4: answers the older version, 3: same change-id, 2: same author and title, or the same patches
 * re-posted by another author, 1: similar titles, 0: none. Links are weighed apart (linkedEarlier).
 */
function strength(later: Prepared, earlier: Prepared): number {
  const a = later.s;
  const b = earlier.s;
  if (a.changeId && b.changeId && a.changeId !== b.changeId) return 0;
  if (later.threadParentKey === b.key && related(later, earlier)) return 4;
  if (a.changeId && b.changeId) return 3;
  if (a.date === null || b.date === null || b.date >= a.date) return 0;
  if (!a.author.email || a.author.email !== b.author.email) return later.patches.size >= 2 && sameSet(later.patches, earlier.patches) ? 2 : 0;
  if (sameTitle(later, earlier)) return 2;
  return similar(later, earlier) ? 1 : 0;
}

function sameAuthor(a: SeriesVersion, b: SeriesVersion): boolean {
  if (a.author.email && a.author.email === b.author.email) return true;
  const name = a.author.name.trim().toLowerCase();
  return name.length > 0 && name === b.author.name.trim().toLowerCase();
}

/**
 * The older version a series links to, for a series no other evidence ties to one: a lower version by
 * the same author (address or name) with related titles, the highest, then the latest. A cover letter
 * also links dependencies and related work, so a link never overrides other evidence and never crosses
 * authors (a re-post by another author is told by its patches).
 */
function linkedEarlier(p: Prepared, byKey: ReadonlyMap<string, Prepared>): Prepared | null {
  let best: Prepared | null = null;
  for (const key of p.linkedKeys) {
    const e = byKey.get(key)!;
    if (e.s.version >= p.s.version || !sameAuthor(p.s, e.s) || !related(p, e)) continue;
    if (best === null || e.s.version > best.s.version || (e.s.version === best.s.version && (e.s.date ?? -Infinity) > (best.s.date ?? -Infinity))) best = e;
  }
  return best;
}

/** Patch titles as one key: versions by different authors meet through it. */
function patchSetKey(p: Prepared): string | null {
  return p.patches.size >= 2 ? [...p.patches].sort().join('\n') : null;
}

function better(v: number, str: number, date: number, best: { v: number; str: number; date: number }): boolean {
  if (v !== best.v) return v > best.v;
  if (str !== best.str) return str > best.str;
  return date > best.date;
}

/**
 * Sets previousKey on every version (still without one) that continues an
 * earlier one: the highest lower version with any evidence, the strongest
 * evidence among equal versions, then the latest.
 */
export function linkVersions(candidates: readonly LinkCandidate[]): void {
  const all = candidates.map(prepare);
  const byKey = new Map<string, Prepared>();
  const byAuthor = new Map<string, Prepared[]>();
  const byChange = new Map<string, Prepared[]>();
  const byPatchSet = new Map<string, Prepared[]>();
  const byMember = new Map<string, Prepared>();
  for (const [i, p] of all.entries()) {
    byKey.set(p.s.key, p);
    if (p.s.author.email) push(byAuthor, p.s.author.email, p);
    if (p.s.changeId) push(byChange, p.s.changeId, p);
    const set = patchSetKey(p);
    if (set !== null) push(byPatchSet, set, p);
    for (const id of candidates[i]!.memberIds ?? []) if (!byMember.has(id)) byMember.set(id, p);
  }
  for (const p of all) {
    for (const id of p.linkedIds) {
      const target = byMember.get(id);
      if (target && target !== p) p.linkedKeys.add(target.s.key);
    }
  }
  for (const p of all) {
    const s = p.s;
    if (s.previousKey !== null || s.version <= 1) continue;
    const pool = new Set<Prepared>(byAuthor.get(s.author.email) ?? []);
    for (const e of s.changeId ? (byChange.get(s.changeId) ?? []) : []) pool.add(e);
    const parent = p.threadParentKey === null ? undefined : byKey.get(p.threadParentKey);
    if (parent) pool.add(parent);
    const set = patchSetKey(p);
    for (const e of set === null ? [] : (byPatchSet.get(set) ?? [])) pool.add(e);
    let best: Prepared | null = null;
    let rank = { v: -1, str: 0, date: Number.NEGATIVE_INFINITY };
    for (const e of pool) {
      if (e === p || e.s.version >= s.version) continue;
      const str = strength(p, e);
      if (str === 0) continue;
      const date = e.s.date ?? Number.NEGATIVE_INFINITY;
      if (best === null || better(e.s.version, str, date, rank)) {
        best = e;
        rank = { v: e.s.version, str, date };
      }
    }
    best ??= linkedEarlier(p, byKey);
    if (best) s.previousKey = best.s.key;
  }
}

function push(map: Map<string, Prepared[]>, key: string, p: Prepared): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}
