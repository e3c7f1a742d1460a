// The labelled reviewer concerns of bench/ledger-labels (format: its README.md), read and checked.
// A file that does not parse (it may be being written) is reported and left out; a file with `skipped`
// set is counted as skipped; format problems are listed, and the file is still used where it can be.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type LabelStatus = 'open' | 'acknowledged' | 'answered' | 'resolved' | 'outdated';
export const LABEL_STATUSES: readonly LabelStatus[] = ['open', 'acknowledged', 'answered', 'resolved', 'outdated'];
const KINDS = ['question', 'request', 'objection'];

export interface LabelVersion {
  version: number;
  cover: string | null;
  patches: string[];
  changelogIn: string | null;
}

export interface LabelConcern {
  id: string;
  /** The reply that raises it, without angle brackets. */
  messageId: string;
  reviewer: string;
  version: number;
  /** The patch or cover the reply is under, without angle brackets. */
  patch: string;
  kind: string;
  concern: string;
  anchor: { file: string | null; function: string | null };
  /** Label version -> status. */
  status: Map<number, LabelStatus>;
}

export interface NotConcern {
  messageId: string;
  what: string;
}

export type Split = 'tune' | 'held-out';
/** uffdio-move or cgroups (the store each thread's material is in). */
export type Source = 'uffdio-move' | 'cgroups';

export interface LabelledThread {
  /** File name, e.g. cgroups-03.json. */
  file: string;
  split: Split;
  source: Source;
  root: string;
  versions: LabelVersion[];
  concerns: LabelConcern[];
  notConcerns: NotConcern[];
}

export interface LabelSet {
  threads: LabelledThread[];
  /** Files with `skipped` set: file and reason. */
  skipped: { file: string; split: Split; reason: string }[];
  /** Files that could not be read or parsed (left out). */
  unreadable: { file: string; split: Split; reason: string }[];
  /** Format problems, one line each (`file: what`). */
  problems: string[];
  /** JSON files whose name fits no split (left out). */
  ignored: string[];
}

/** A message-id as the store keeps it: no angle brackets, no surrounding space. */
export function normId(id: string): string {
  return id.trim().replace(/^<|>$/g, '');
}

/**
 * A message-id kept in a label file without the address it looks like: `h:` and the first 20 hex digits of
 * the SHA-256 of the id (no angle brackets). Resolved against the ids of the label's source when loaded.
 */
export function hashId(id: string): string {
  return `h:${createHash('sha256').update(normId(id)).digest('hex').slice(0, 20)}`;
}

/** The message-ids of an mbox file (its Message-ID headers, folded or not), without angle brackets. */
export function mboxMessageIds(text: string): string[] {
  return [...text.matchAll(/^Message-ID:[ \t]*(?:\r?\n[ \t]+)?<([^>\r\n]+)>/gim)].map((m) => m[1]!.trim());
}

/** The thread with its hashed ids (`h:...`) replaced by the source's ids they stand for (read on first need); one problem per id not found. */
export function resolveHashedIds(thread: LabelledThread, sourceIds: () => Iterable<string>, problems: string[]): LabelledThread {
  let byHash: Map<string, string> | null = null;
  const real = (id: string): string => {
    if (!id.startsWith('h:')) return id;
    byHash ??= new Map([...sourceIds()].map((x) => [hashId(x), normId(x)]));
    const found = byHash.get(id);
    if (!found) problems.push(`${thread.file}: ${id} is no message of its source`);
    return found ?? id;
  };
  return {
    ...thread, root: real(thread.root),
    versions: thread.versions.map((v) => ({ ...v, cover: v.cover === null ? null : real(v.cover), patches: v.patches.map(real), changelogIn: v.changelogIn === null ? null : real(v.changelogIn) })),
    concerns: thread.concerns.map((c) => ({ ...c, messageId: real(c.messageId), patch: real(c.patch) })),
    notConcerns: thread.notConcerns.map((n) => ({ ...n, messageId: real(n.messageId) })),
  };
}

/** tune: uffdio-move.json and cgroups-01..13.json; held-out: cgroups-14.json and later; else null. */
export function splitOf(file: string): Split | null {
  if (file === 'uffdio-move.json') return 'tune';
  const m = /^cgroups-(\d+)\.json$/.exec(file);
  if (!m) return null;
  return Number(m[1]) <= 13 ? 'tune' : 'held-out';
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** One parsed label file as a thread, with its format problems pushed to `problems`. */
export function parseLabelFile(file: string, split: Split, data: unknown, problems: string[]): LabelledThread | { skipped: string } {
  const bad = (what: string) => problems.push(`${file}: ${what}`);
  if (!isObj(data)) throw new Error('not a JSON object');
  if (data.skipped !== null && data.skipped !== undefined && data.skipped !== false && data.skipped !== '') {
    return { skipped: typeof data.skipped === 'string' ? data.skipped : JSON.stringify(data.skipped) };
  }
  const sourceText = str(data.source) ?? '';
  const source: Source = sourceText === 'uffdio-move' ? 'uffdio-move' : 'cgroups';
  if (sourceText !== 'uffdio-move' && !sourceText.startsWith('cgroups')) bad(`source "${sourceText}" is neither uffdio-move nor cgroups-0`);
  const versions: LabelVersion[] = [];
  for (const [i, v] of (Array.isArray(data.versions) ? data.versions : []).entries()) {
    if (!isObj(v) || typeof v.version !== 'number') { bad(`versions[${i}] has no numeric version`); continue; }
    const patches = Array.isArray(v.patches) ? v.patches.filter((p): p is string => typeof p === 'string').map(normId) : [];
    if (!Array.isArray(v.patches)) bad(`v${v.version}: patches is not a list`);
    const cover = str(v.cover);
    if (!cover && patches.length === 0) bad(`v${v.version}: neither a cover nor patches`);
    versions.push({ version: v.version, cover: cover ? normId(cover) : null, patches, changelogIn: str(v.changelog_in) });
  }
  if (versions.length === 0) bad('no versions');
  const labelled = new Set(versions.map((v) => v.version));
  const last = Math.max(...versions.map((v) => v.version));
  const concerns: LabelConcern[] = [];
  const ids = new Set<string>();
  for (const [i, c] of (Array.isArray(data.concerns) ? data.concerns : []).entries()) {
    const id = isObj(c) ? (str(c.id) ?? `#${i}`) : `#${i}`;
    if (!isObj(c) || !str(c.message_id) || typeof c.version !== 'number') { bad(`concern ${id}: no message_id or version`); continue; }
    if (ids.has(id)) bad(`concern id ${id} used twice`);
    ids.add(id);
    const version = c.version;
    const v = versions.find((x) => x.version === version);
    const patch = normId(str(c.patch) ?? '');
    if (!v) bad(`${id}: version ${version} is not among the labelled versions`);
    else if (patch !== v.cover && !v.patches.includes(patch)) bad(`${id}: patch ${patch} is not v${version}'s cover or a patch of it`);
    if (!KINDS.includes(str(c.kind) ?? '')) bad(`${id}: kind "${String(c.kind)}"`);
    const anchor = isObj(c.anchor) ? c.anchor : {};
    if (!isObj(c.anchor)) bad(`${id}: no anchor object`);
    const status = new Map<number, LabelStatus>();
    for (const [k, s] of Object.entries(isObj(c.status) ? c.status : {})) {
      const n = Number(k);
      if (!Number.isInteger(n) || !labelled.has(n)) bad(`${id}: status for v${k}, which is not a labelled version`);
      else if (!LABEL_STATUSES.includes(s as LabelStatus)) bad(`${id}: status "${String(s)}" at v${k}`);
      else status.set(n, s as LabelStatus);
    }
    const missing = versions.filter((x) => x.version >= version && !status.has(x.version)).map((x) => `v${x.version}`);
    if (missing.length) bad(`${id}: no status for ${missing.join(', ')} (asked on v${version}, last v${last})`);
    concerns.push({
      id, messageId: normId(str(c.message_id)!), reviewer: str(c.reviewer) ?? '', version, patch, kind: str(c.kind) ?? '',
      concern: str(c.concern) ?? '', anchor: { file: str(anchor.file), function: str(anchor.function) }, status,
    });
  }
  const notConcerns: NotConcern[] = [];
  for (const [i, n] of (Array.isArray(data.not_concerns) ? data.not_concerns : []).entries()) {
    if (!isObj(n) || !str(n.message_id)) { bad(`not_concerns[${i}] has no message_id`); continue; }
    notConcerns.push({ messageId: normId(str(n.message_id)!), what: str(n.what) ?? '' });
  }
  return { file, split, source, root: normId(str(data.root) ?? ''), versions: versions.sort((a, b) => a.version - b.version), concerns, notConcerns };
}

/** Every label file of `dir`, by name. */
/**
 * Every label file of `dir`. `sourceIds` gives the message-ids of a source (read only when a file of it keeps
 * hashed ids), against which those are resolved.
 */
export function loadLabels(dir: string, sourceIds: (source: Source) => Iterable<string> = () => []): LabelSet {
  const out: LabelSet = { threads: [], skipped: [], unreadable: [], problems: [], ignored: [] };
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const split = splitOf(file);
    if (!split) { out.ignored.push(file); continue; }
    let parsed: LabelledThread | { skipped: string };
    try {
      parsed = parseLabelFile(file, split, JSON.parse(readFileSync(join(dir, file), 'utf8')) as unknown, out.problems);
    } catch (err) {
      out.unreadable.push({ file, split, reason: (err as Error).message.split('\n')[0]! });
      continue;
    }
    if ('skipped' in parsed) out.skipped.push({ file, split, reason: parsed.skipped });
    else out.threads.push(resolveHashedIds(parsed, () => sourceIds(parsed.source), out.problems));
  }
  return out;
}
