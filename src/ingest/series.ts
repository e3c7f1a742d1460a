// Groups patch mail into series versions and links versions of one series.
// Threading decides first (a patch joins the series of the cover or patch it
// answers); unthreaded mail falls back to sender + version + total within a
// 20-minute window, as patchwork does. Pure.
import type { Address, SeriesPatchRef, SeriesVersion } from '../domain/mail.ts';
import { AnchorFinder, classify, isMember, type Classified, type SeriesInput } from './series-classify.ts';
import { linkVersions } from './series-link.ts';
import { linkedMessageIds } from '../domain/version-links.ts';
import { buildThreads, rootOf, type ThreadIndex } from './thread.ts';

export type { SeriesInput } from './series-classify.ts';

/** A patch of an earlier version that a partial re-roll leaves unchanged. */
export interface CarriedPatch {
  index: number;
  messageId: string;
  /** Key of the version it comes from. */
  fromKey: string;
}

export interface GroupedSeries extends SeriesVersion {
  /** Partial re-roll only: patches taken over from the previous version. */
  carried?: CarriedPatch[];
}

export interface SeriesReply {
  seriesKey: string;
  /** The nearest cover or patch above the reply in its thread. */
  targetId: string;
}

export interface SeriesGrouping {
  /** Sorted by date, then key. */
  series: GroupedSeries[];
  /** Message id of every patch and cover letter -> key of its series version. */
  patchOf: Map<string, string>;
  /** Reply id -> the series and the patch or cover it answers. */
  replies: Map<string, SeriesReply>;
  thread: ThreadIndex;
}

/** Unthreaded mail from one sender within this window may form one series (patchwork's timebox). */
const TIMEBOX_MS = 20 * 60 * 1000;

interface Group {
  cover: Classified | null;
  patches: Classified[];
  taken: Set<number>;
  version: number;
  versionExplicit: boolean;
  total: number | null;
  author: string;
  firstDate: number;
  unnumbered: boolean;
  /** The series whose thread this one was started in (re-rolls, re-sends). */
  spawnedFrom: Group | null;
  key: string;
  out: GroupedSeries | null;
  /** The timebox list the group was last filed under. */
  timeboxKey: string | null;
}

function newGroup(m: Classified, spawnedFrom: Group | null): Group {
  const g: Group = {
    cover: null, patches: [], taken: new Set(), version: m.info.version, versionExplicit: m.tagVersion,
    total: null, author: m.msg.from.email, firstDate: m.when, unnumbered: m.role === 'patch' && m.info.index === null,
    spawnedFrom, key: m.id, out: null, timeboxKey: null,
  };
  add(g, m);
  return g;
}

function add(g: Group, m: Classified): void {
  if (m.role === 'cover') g.cover = m;
  else {
    g.patches.push(m);
    g.taken.add(m.info.index ?? 1);
  }
  if (!g.versionExplicit && m.tagVersion) {
    g.version = m.info.version;
    g.versionExplicit = true;
  }
  const total = m.info.total ?? (m.role === 'patch' && m.info.index === null ? 1 : null);
  if (total !== null && (g.total === null || total > g.total)) g.total = total;
  if (m.when < g.firstDate) g.firstDate = m.when;
}

/** May patch m join g, whose cover or patch it answers? */
function threadFits(g: Group, m: Classified): boolean {
  if (g.unnumbered || g.taken.has(m.info.index!)) return false;
  if (m.info.version === g.version || !m.tagVersion) return true;
  // A cover without a version (or a naked one) takes the version of its first patch.
  return !g.versionExplicit && g.patches.length === 0;
}

function siblingFits(g: Group, m: Classified): boolean {
  return threadFits(g, m) && g.author === m.msg.from.email && g.total === m.info.total && g.version === m.info.version;
}

class Grouper {
  readonly groupOf = new Map<string, Group>();
  readonly groups: Group[] = [];
  private readonly spawned = new Map<Group | string, Group[]>();
  private readonly timebox = new Map<string, Group[]>();

  constructor(
    private readonly thread: ThreadIndex,
    private readonly byId: Map<string, Classified>,
    private readonly anchors: AnchorFinder,
  ) {}

  /** Processes members so that each one's anchor is placed before it. */
  run(members: Classified[]): void {
    for (const first of members) {
      const chain: Classified[] = [];
      const onChain = new Set<string>();
      let cur: Classified | undefined = first;
      while (cur && !this.groupOf.has(cur.id) && !onChain.has(cur.id)) {
        chain.push(cur);
        onChain.add(cur.id);
        const a = this.anchors.find(cur.id);
        cur = a === null ? undefined : this.byId.get(a);
      }
      for (let i = chain.length - 1; i >= 0; i--) this.place(chain[i]!);
    }
  }

  private place(m: Classified): void {
    const anchorId = this.anchors.find(m.id);
    const ga = anchorId === null ? null : (this.groupOf.get(anchorId) ?? null);
    if (m.role === 'cover') {
      const tb = ga === null && !m.naked ? this.timeboxFind(m) : null;
      if (tb) this.join(tb, m);
      else this.create(m, ga, ga);
      return;
    }
    if (m.info.index === null) {
      const c = ga?.cover;
      if (ga && c && ga.patches.length === 0 && c.info.index === null && c.msg.from.email === m.msg.from.email) this.join(ga, m);
      else this.create(m, ga, null);
      return;
    }
    if (ga) {
      if (threadFits(ga, m)) return this.join(ga, m);
      const sib = this.spawned.get(ga)?.find((g) => siblingFits(g, m));
      if (sib) return this.join(sib, m);
      return this.create(m, ga, ga);
    }
    const root = rootOf(this.thread, m.id);
    const place = root === m.id ? null : root;
    const sib = place === null ? undefined : this.spawned.get(place)?.find((g) => siblingFits(g, m));
    if (sib) return this.join(sib, m);
    const tb = this.timeboxFind(m);
    if (tb) return this.join(tb, m);
    this.create(m, null, place);
  }

  private create(m: Classified, spawnedFrom: Group | null, spawnKey: Group | string | null): void {
    const g = newGroup(m, spawnedFrom);
    this.groups.push(g);
    this.groupOf.set(m.id, g);
    if (spawnKey !== null) {
      const list = this.spawned.get(spawnKey);
      if (list) list.push(g);
      else this.spawned.set(spawnKey, [g]);
    }
    this.register(g);
  }

  private join(g: Group, m: Classified): void {
    add(g, m);
    this.groupOf.set(m.id, g);
    this.register(g);
  }

  private register(g: Group): void {
    if (g.unnumbered || g.total === null || !g.author) return;
    const key = `${g.author}\u0000${g.version}\u0000${g.total}`;
    if (g.timeboxKey === key) return;
    g.timeboxKey = key;
    const list = this.timebox.get(key);
    if (!list) this.timebox.set(key, [g]);
    else list.push(g);
  }

  private timeboxFind(m: Classified): Group | null {
    if (!Number.isFinite(m.when) || !m.msg.from.email || m.info.total === null) return null;
    const list = this.timebox.get(`${m.msg.from.email}\u0000${m.info.version}\u0000${m.info.total}`);
    if (!list) return null;
    const index = m.role === 'cover' ? 0 : m.info.index!;
    for (let i = list.length - 1; i >= 0; i--) {
      const g = list[i]!;
      // Groups are created in date order, so one far behind ends the search.
      if (g.firstDate < m.when - 6 * TIMEBOX_MS) break;
      if (Math.abs(g.firstDate - m.when) > TIMEBOX_MS || g.version !== m.info.version || g.total !== m.info.total) continue;
      if (index === 0 ? g.cover !== null : g.taken.has(index)) continue;
      return g;
    }
    return null;
  }
}

function compareMembers(a: Classified, b: Classified): number {
  if (a.when !== b.when) return a.when < b.when ? -1 : 1;
  const ia = a.role === 'cover' ? 0 : (a.info.index ?? 1);
  const ib = b.role === 'cover' ? 0 : (b.info.index ?? 1);
  if (ia !== ib) return ia - ib;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

function toSeries(g: Group): GroupedSeries {
  const patches = [...g.patches].sort((a, b) => (a.info.index ?? 1) - (b.info.index ?? 1) || compareMembers(a, b));
  const lead = g.cover ?? patches[0]!;
  const refs: SeriesPatchRef[] = patches.map((p) => ({ index: p.info.index ?? 1, messageId: p.id }));
  const total = g.total ?? refs.reduce((max, r) => Math.max(max, r.index), 0);
  let complete = total > 0;
  for (let i = 1; i <= total && complete; i++) if (!g.taken.has(i)) complete = false;
  let first = Number.POSITIVE_INFINITY;
  for (const c of [g.cover, ...patches]) if (c !== null && c.when < first) first = c.when;
  const author: Address = { name: lead.msg.from.name, email: lead.msg.from.email };
  return {
    key: lead.id,
    title: lead.info.title,
    version: g.version,
    isRfc: (g.cover?.info.isRfc ?? false) || (patches[0]?.info.isRfc ?? false),
    author,
    date: Number.isFinite(first) ? first : null,
    coverId: g.cover?.id ?? null,
    patches: refs,
    total,
    complete,
    changeId: g.cover?.changeId ?? patches[0]?.changeId ?? null,
    previousKey: null,
  };
}

/** A partial re-roll sent in reply to the version it continues keeps that version's other patches. */
function addCarried(groups: Group[], byKey: Map<string, Group>): void {
  for (const g of groups) {
    const s = g.out!;
    const p = s.previousKey === null ? undefined : byKey.get(s.previousKey);
    if (!p || p !== g.spawnedFrom || g.cover || p.out!.total !== s.total) continue;
    const prev = p.out!;
    const have = new Map<number, CarriedPatch>();
    for (const c of prev.carried ?? []) have.set(c.index, c);
    for (const r of prev.patches) have.set(r.index, { index: r.index, messageId: r.messageId, fromKey: prev.key });
    const carried: CarriedPatch[] = [];
    for (let i = 1; i <= s.total; i++) {
      const c = have.get(i);
      if (!g.taken.has(i) && c) carried.push(c);
    }
    if (carried.length > 0) s.carried = carried;
  }
}

export function groupSeries(items: readonly SeriesInput[]): SeriesGrouping {
  const unique: SeriesInput[] = [];
  const seen = new Set<string>();
  for (const it of items) {
    if (seen.has(it.msg.id)) continue;
    seen.add(it.msg.id);
    unique.push(it);
  }
  const thread = buildThreads(unique.map((it) => it.msg));
  const byId = classify(unique, thread);
  const anchors = new AnchorFinder(thread, (id) => isMember(byId.get(id)));

  const members = [...byId.values()].filter((c) => c.role !== 'other').sort(compareMembers);
  const grouper = new Grouper(thread, byId, anchors);
  grouper.run(members);

  const groups = [...grouper.groups];
  for (const g of groups) {
    g.out = toSeries(g);
    g.key = g.out.key;
  }
  groups.sort((a, b) => compareSeries(a.out!, b.out!));
  linkVersions(groups.map((g) => ({
    series: g.out!,
    coverTitle: g.cover?.info.title ?? null,
    patchTitles: g.patches.map((p) => p.info.title),
    threadParentKey: g.spawnedFrom && g.spawnedFrom.author === g.author && g.author ? g.spawnedFrom.key : null,
    memberIds: [...(g.cover ? [g.cover.id] : []), ...g.patches.map((p) => p.id)],
    linkedIds: [...(g.cover ? [g.cover] : []), ...g.patches].flatMap((c) => c.versionLinks ?? linkedMessageIds(c.msg.text)),
  })));
  addCarried(groups, new Map(groups.map((g) => [g.key, g])));

  const patchOf = new Map<string, string>();
  for (const [id, g] of grouper.groupOf) patchOf.set(id, g.key);
  const replies = new Map<string, SeriesReply>();
  for (const c of byId.values()) {
    if (c.role !== 'other') continue;
    const target = anchors.find(c.id);
    if (target === null) continue;
    const g = grouper.groupOf.get(target);
    if (g) replies.set(c.id, { seriesKey: g.key, targetId: target });
  }
  return { series: groups.map((g) => g.out!), patchOf, replies, thread };
}

function compareSeries(a: SeriesVersion, b: SeriesVersion): number {
  const da = a.date ?? Number.POSITIVE_INFINITY;
  const db = b.date ?? Number.POSITIVE_INFINITY;
  if (da !== db) return da < db ? -1 : 1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}
