// First step of series grouping: decide for every message whether it is a
// cover letter, a patch, or something else (reply, bug report, pull request).
import type { Message, SubjectInfo } from '../domain/mail.ts';
import { normaliseTitle, parseSubject, type SubjectDetails } from './subject.ts';
import { isGhost, rootOf, type ThreadIndex } from './thread.ts';
import { changeIdIn } from './patch.ts';

export interface SeriesInput {
  msg: Message;
  /** Whether the text carries a diff (the caller decides, e.g. with patch.ts hasDiff). */
  hasDiff: boolean;
  /** change-id trailer, when the caller already read it; looked up in the text when undefined. */
  changeId?: string | null;
  /** Message-ids the text links to by URL, when the caller already read them; read from the text when undefined. */
  versionLinks?: readonly string[];
}

export type Role = 'cover' | 'patch' | 'other';

export interface Classified {
  id: string;
  msg: Message;
  info: SubjectDetails;
  /** A version written in the tag ([PATCH v2]); a trailing "(v2)" alone does not count. */
  tagVersion: boolean;
  hasDiff: boolean;
  role: Role;
  /** A cover letter without a [PATCH 0/N] tag (b4's "naked" cover). */
  naked: boolean;
  changeId: string | null;
  /** As the input gave them; null: read them from the text when needed. */
  versionLinks: readonly string[] | null;
  /** msg.date, or +Infinity when unknown (sorts last). */
  when: number;
}


function isPullRequest(info: SubjectInfo): boolean {
  return !info.isPatch && info.prefixes.some((p) => /^pull$/i.test(p));
}

function initialRole(info: SubjectInfo, hasDiff: boolean): Role {
  if (info.isReply || isPullRequest(info)) return 'other';
  if (info.isPatch && info.index === 0) return 'cover';
  if (hasDiff) return 'patch';
  // A numbered patch whose diff did not reach the text (an attachment, say).
  if (info.isPatch && info.index !== null) return 'patch';
  return 'other';
}

/**
 * Nearest ancestor that is a cover or patch, walking parent links and, when the
 * chain ends at a ghost, the message's own References. Memoised per chain.
 */
export class AnchorFinder {
  private readonly chainMemo = new Map<string, string | null>();

  constructor(
    private readonly thread: ThreadIndex,
    private readonly isMember: (id: string) => boolean,
  ) {}

  find(id: string): string | null {
    const node = this.thread.nodes.get(id);
    if (!node || node.parent === null) return null;
    const viaChain = this.memberAtOrAbove(node.parent);
    if (viaChain !== null) return viaChain;
    const top = rootOf(this.thread, node.parent);
    if (!isGhost(this.thread, top) || !node.message) return null;
    const refs = node.message.references;
    for (let i = refs.length - 1; i >= 0; i--) {
      const ref = refs[i]!;
      if (ref !== id && this.isMember(ref)) return ref;
    }
    return null;
  }

  private memberAtOrAbove(start: string): string | null {
    const walked: string[] = [];
    let cur: string | null = start;
    let found: string | null = null;
    while (cur !== null) {
      const memo = this.chainMemo.get(cur);
      if (memo !== undefined) {
        found = memo;
        break;
      }
      if (this.isMember(cur)) {
        found = cur;
        break;
      }
      walked.push(cur);
      cur = this.thread.nodes.get(cur)?.parent ?? null;
    }
    for (const w of walked) this.chainMemo.set(w, found);
    return found;
  }
}

function sameSubject(a: SubjectInfo, b: SubjectInfo): boolean {
  return a.version === b.version && a.index === b.index && a.total === b.total &&
    normaliseTitle(a.title) === normaliseTitle(b.title);
}

/** Classifies every distinct message (first copy of an id wins). */
export function classify(items: readonly SeriesInput[], thread: ThreadIndex): Map<string, Classified> {
  const out = new Map<string, Classified>();
  for (const item of items) {
    const { msg } = item;
    if (out.has(msg.id)) continue;
    const info = parseSubject(msg.subject);
    const role = initialRole(info, item.hasDiff);
    out.set(msg.id, {
      id: msg.id, msg, info, tagVersion: info.versionExplicit && !info.versionFromSuffix, hasDiff: item.hasDiff, role, naked: false,
      changeId: item.changeId !== undefined ? item.changeId : role === 'other' ? null : changeIdIn(msg.text),
      versionLinks: item.versionLinks ?? null,
      when: msg.date ?? Number.POSITIVE_INFINITY,
    });
  }

  // "nore": a follow-up that repeats its parent's subject without "Re:" and has no diff.
  const strong = new AnchorFinder(thread, (id) => isMember(out.get(id)));
  const demote: Classified[] = [];
  for (const c of out.values()) {
    if (c.role === 'other' || c.hasDiff) continue;
    const anchor = strong.find(c.id);
    if (anchor !== null && sameSubject(out.get(anchor)!.info, c.info)) demote.push(c);
  }
  for (const c of demote) c.role = 'other';

  // Naked cover: an untagged message, under no patch, by the author of a patch answering it.
  const settled = new AnchorFinder(thread, (id) => isMember(out.get(id)));
  for (const c of out.values()) {
    if (c.role !== 'other' || c.info.isReply || isPullRequest(c.info) || !c.msg.from.email) continue;
    if (settled.find(c.id) !== null) continue;
    const node = thread.nodes.get(c.id);
    if (!node) continue;
    const bySameAuthor = node.children.some((child) => {
      const k = out.get(child);
      return k !== undefined && k.role === 'patch' && k.msg.from.email === c.msg.from.email;
    });
    if (bySameAuthor) {
      c.role = 'cover';
      c.naked = true;
    }
  }
  return out;
}

export function isMember(c: Classified | undefined): boolean {
  return c !== undefined && c.role !== 'other';
}
