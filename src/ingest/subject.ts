// Reads what a subject line says about a message: reply or not, patch tags,
// version, position in a series. Pure string work, never throws.
import type { SubjectInfo } from '../domain/mail.ts';

/** Reply and forward markers of common mail clients (Re[2]:, AW:, SV:, Fwd:...). */
const REPLY_PREFIX = /^(?:re|aw|fwd?|sv|wg|antw|odp|rif)\s*(?:\[\d+\]|\(\d+\))?\s*:\s*/i;
const BRACKET_GROUP = /^\[([^[\]]*)\]\s*/;
const TRAILING_VERSION = /\s*\(v(\d+)\)\s*$/i;

const PATCH_WORD = /^(?:patch|patches)$/i;
const RFC_WORD = /^rfc$/i;
const PULL_WORD = /^pull$/i;
const NUMBERED = /^(\d{1,4})\/(\d{1,4})$/;
/** PATCHv3, RFCv2, PATCH-v2, RESENDv2, v3, V3, v2.1 (minor parts are ignored). */
const VERSIONED = /^(patch|rfc|resend)?[-_]?v(\d{1,4})(?:\.\d+)*$/i;
/** PATCH1/8, PATCH01/10. */
const PATCH_NUMBERED = /^(patch|rfc)(\d{1,4})\/(\d{1,4})$/i;
const DIGITS = /^\d{1,4}$/;

interface TagState {
  isPatch: boolean;
  isPull: boolean;
  isRfc: boolean;
  version: number | null;
  index: number | null;
  total: number | null;
  prefixes: string[];
}

function normaliseSpace(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** Reads one bracket group's words into the state; returns whether the group looked like a patch tag. */
function readGroup(content: string, st: TagState): boolean {
  const words = content.split(/[\s,]+/).filter((w) => w.length > 0);
  let tagLike = false;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (PATCH_WORD.test(w)) {
      st.isPatch = tagLike = true;
      continue;
    }
    if (RFC_WORD.test(w)) {
      st.isRfc = st.isPatch = tagLike = true;
      continue;
    }
    if (PULL_WORD.test(w)) {
      st.isPull = true;
      st.prefixes.push(w);
      continue;
    }
    let m = NUMBERED.exec(w);
    if (m) {
      setPosition(st, Number(m[1]), Number(m[2]));
      tagLike = true;
      continue;
    }
    m = PATCH_NUMBERED.exec(w);
    if (m) {
      if (/^rfc$/i.test(m[1]!)) st.isRfc = true;
      st.isPatch = true;
      setPosition(st, Number(m[2]), Number(m[3]));
      tagLike = true;
      continue;
    }
    m = VERSIONED.exec(w);
    if (m) {
      const word = (m[1] ?? '').toLowerCase();
      if (word === 'patch' || word === 'rfc') st.isPatch = true;
      if (word === 'rfc') st.isRfc = true;
      if (word === 'resend') st.prefixes.push('RESEND');
      if (st.version === null) st.version = Number(m[2]);
      tagLike = true;
      continue;
    }
    // Mercurial patchbomb: "0 of 2", "1 of 2".
    if (DIGITS.test(w) && words[i + 1]?.toLowerCase() === 'of' && DIGITS.test(words[i + 2] ?? '')) {
      setPosition(st, Number(w), Number(words[i + 2]));
      tagLike = true;
      i += 2;
      continue;
    }
    st.prefixes.push(w);
  }
  return tagLike;
}

function setPosition(st: TagState, index: number, total: number): void {
  if (st.index !== null) return;
  st.index = index;
  st.total = total;
}

/** SubjectInfo plus where the version came from. */
export interface SubjectDetails extends SubjectInfo {
  /** The version was read only from a trailing "(vN)", which some authors put on single patches of a series. */
  versionFromSuffix: boolean;
}

/**
 * Parses a subject such as `Re: [RFC PATCH net-next v2 3/7] mm: fix foo (v2)`.
 * The title is what remains after every reply marker and leading bracket group.
 */
export function parseSubject(subject: string): SubjectDetails {
  let rest = normaliseSpace(subject ?? '');
  let isReply = false;
  let sawTag = false;
  const st: TagState = { isPatch: false, isPull: false, isRfc: false, version: null, index: null, total: null, prefixes: [] };

  for (;;) {
    // Reply markers count only before the patch tag: "[PATCH] tr: fix" is no reply.
    const reply = sawTag ? null : REPLY_PREFIX.exec(rest);
    if (reply) {
      isReply = true;
      rest = rest.slice(reply[0].length);
      continue;
    }
    const group = BRACKET_GROUP.exec(rest);
    if (group) {
      if (readGroup(group[1]!, st)) sawTag = true;
      rest = rest.slice(group[0].length);
      continue;
    }
    break;
  }
  // "[Patch 2/2]: title" and "[PATCH] - title" leave punctuation behind.
  if (sawTag) rest = rest.replace(/^[:-]+\s*/, '');

  const trailing = TRAILING_VERSION.exec(rest);
  let versionFromSuffix = false;
  if (trailing) {
    if (st.version === null && (sawTag || st.isPatch)) {
      st.version = Number(trailing[1]);
      versionFromSuffix = true;
    }
    rest = rest.slice(0, trailing.index);
  }

  // Numbered or versioned tags ([net,v2,1/2]) are patches; pull requests are not.
  const isPatch = !st.isPull && (st.isPatch || sawTag);
  const versionExplicit = st.version !== null && st.version > 0;
  return {
    title: normaliseSpace(rest),
    isReply,
    isPatch,
    isRfc: st.isRfc,
    version: versionExplicit ? st.version! : 1,
    versionExplicit,
    index: st.index,
    total: st.total,
    prefixes: st.prefixes,
    versionFromSuffix: versionFromSuffix && versionExplicit,
  };
}

/** Lower-cased, space-normalised title for comparisons across versions. */
export function normaliseTitle(title: string): string {
  return normaliseSpace(title.toLowerCase()).replace(/[\s.:;,]+$/, '');
}
