// The per-message part of ingest: raw bytes -> parsed message -> patch parts.
// Pure: no I/O, no database.
import type { RawMessage } from '../domain/mail.ts';
import { parseMessage } from './parse.ts';
import { changeIdIn, hasDiff, splitPatchLines } from './patch.ts';
import { patchIdOfLines } from './patchid.ts';
import { collectReplyTrailers } from './trailers.ts';
import { toMessageRow, type MessageRow } from '../store/write.ts';
import { linkedMessageIds } from '../domain/version-links.ts';

export type Processed = { ok: true; row: MessageRow; warnings: string[] } | { ok: false; origin: string; reason: string };



export function processRaw(raw: RawMessage): Processed {
  let msg;
  try {
    msg = parseMessage(raw);
  } catch (err) {
    return { ok: false, origin: raw.origin, reason: firstErrorLine(err) };
  }
  const diff = hasDiff(msg.text);
  let patch = null;
  let pid: string | null = null;
  if (diff) {
    try {
      const split = splitPatchLines(msg.text, { diffText: false });
      patch = split?.content ?? null;
      if (split) pid = patchIdOfLines(split.lines, split.diffStart, split.diffEnd);
    } catch (err) {
      msg.warnings.push(`diff not readable: ${firstErrorLine(err)}`);
      patch = null;
    }
  }
  const changeId = patch?.changeId ?? changeIdIn(msg.text);
  const trailers = patch ? [] : collectReplyTrailers(msg.text);
  const warnings = [...msg.warnings, ...(patch?.warnings ?? [])];
  const versionLinks = linkedMessageIds(msg.text);
  return { ok: true, row: toMessageRow({ msg, hasDiff: diff && patch !== null, changeId, patch, patchId: pid, trailers, versionLinks }), warnings };
}

function firstErrorLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n', 1)[0]!.slice(0, 300);
}
