// Links versions of one series (v1 -> v2 -> ...) through previousKey.
// Evidence, strongest first: sent by the same author in reply to the older
// version, with related titles; the same change-id; the same author and the
// same title; the same author and clearly similar cover and patch titles.
// Two different series must never be linked, so the fuzzy rule is strict.
import type { SeriesVersion } from '../domain/mail.ts';
import { normaliseTitle } from './subject.ts';

export interface LinkCandidate {
  series: SeriesVersion;
  coverTitle: string | null;
  patchTitles: string[];
  /** Key of the series whose thread this one was sent in, by the same author. */
  threadParentKey: string | null;
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
  };
}

function sameSet(a: Set<string>, b: Set<string>): boolean {
  if (a.size !== b.size || a.size === 0) return false;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

function sameTitle(a: Prepared, b: Prepared): boolean {
  if (a.cover !== null && b.cover !== null && a.cover === b.cover) return true;
  if (sameSet(a.patches, b.patches)) return true;
  return a.cover === null && b.cover === null && a.firstPatch !== null && a.firstPatch === b.firstPatch;
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

/** 4: answers the older version, 3: same change-id, 2: same author and title, 1: similar titles, 0: none. */
function strength(later: Prepared, earlier: Prepared): number {
  const a = later.s;
  const b = earlier.s;
  if (a.changeId && b.changeId && a.changeId !== b.changeId) return 0;
  if (later.threadParentKey === b.key && related(later, earlier)) return 4;
  if (a.changeId && b.changeId) return 3;
  if (!a.author.email || a.author.email !== b.author.email) return 0;
  if (a.date === null || b.date === null || b.date >= a.date) return 0;
  if (sameTitle(later, earlier)) return 2;
  return similar(later, earlier) ? 1 : 0;
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
  for (const p of all) {
    byKey.set(p.s.key, p);
    if (p.s.author.email) push(byAuthor, p.s.author.email, p);
    if (p.s.changeId) push(byChange, p.s.changeId, p);
  }
  for (const p of all) {
    const s = p.s;
    if (s.previousKey !== null || s.version <= 1) continue;
    const pool = new Set<Prepared>(byAuthor.get(s.author.email) ?? []);
    for (const e of s.changeId ? (byChange.get(s.changeId) ?? []) : []) pool.add(e);
    const parent = p.threadParentKey === null ? undefined : byKey.get(p.threadParentKey);
    if (parent) pool.add(parent);
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
    if (best) s.previousKey = best.s.key;
  }
}

function push(map: Map<string, Prepared[]>, key: string, p: Prepared): void {
  const list = map.get(key);
  if (list) list.push(p);
  else map.set(key, [p]);
}
