// Turns command-line source arguments into pipeline handles (the I/O edge).
import { resolve } from 'node:path';
import type { RawMessage } from '../domain/mail.ts';
import type { DB } from '../store/db.ts';
import { getCursor, setCursor } from '../store/db.ts';
import { classifySource, readLocalSource } from './sources/files.ts';
import { fetchLoreThread, redactUrl } from './sources/lore.ts';
import { readPublicInbox, type PublicInboxSummary } from './sources/publicinbox.ts';
import type { SourceHandle } from './source-handle.ts';

export interface OpenOptions {
  loreBase?: string;
  cacheTtlSeconds?: number;
  /** One-line status for slow steps (lore fetches). */
  onStatus?: (text: string) => void;
  /** Progress of a public-inbox read. */
  onEpochProgress?: (done: number, total: number) => void;
}

export async function openSources(args: string[], opts: OpenOptions = {}): Promise<SourceHandle[]> {
  const handles: SourceHandle[] = [];
  for (const arg of args) handles.push(await openSource(arg, opts));
  return handles;
}

export async function openSource(arg: string, opts: OpenOptions = {}): Promise<SourceHandle> {
  const kind = classifySource(arg);
  if (kind === 'lore-id' || kind === 'lore-url') {
    opts.onStatus?.(`fetching ${redactUrl(arg)} from lore...`);
    const thread = await fetchLoreThread(arg, {
      base: opts.loreBase,
      ttlMs: opts.cacheTtlSeconds !== undefined ? opts.cacheTtlSeconds * 1000 : undefined,
      refresh: opts.cacheTtlSeconds === 0,
      onStatus: opts.onStatus,
    });
    const label = `lore:${thread.messageId}${thread.fromCache ? ' (cached)' : ''}`;
    return { label, messages: thread.messages, warnings: thread.warnings };
  }
  if (kind === 'public-inbox') return openEpoch(arg, opts);
  const local = await readLocalSource(arg, { kind });
  return { label: arg === '-' ? 'stdin' : arg, messages: local.messages, warnings: local.warnings };
}

/** Reads a public-inbox epoch incrementally: the cursor is the head commit of the last run. */
function openEpoch(arg: string, opts: OpenOptions): SourceHandle {
  const cursorKey = `public-inbox:${resolve(arg)}`;
  const warnings: string[] = [];
  let summary: PublicInboxSummary | null = null;
  let since: string | undefined;
  return {
    label: arg,
    large: true,
    warnings,
    messages: {
      async *[Symbol.asyncIterator](): AsyncGenerator<RawMessage> {
        const gen = readPublicInbox(arg, { since, onProgress: opts.onEpochProgress, onWarning: (w) => warnings.push(w) });
        let done = false;
        try {
          for (;;) {
            const step = await gen.next();
            if (step.done) {
              done = true;
              summary = step.value;
              return;
            }
            yield step.value;
          }
        } finally {
          // Stopped early (the reader failed, or a store error ended the ingest): stop git as well.
          if (!done) await gen.return(undefined as never);
        }
      },
    },
    start: (db: DB) => {
      since = getCursor(db, cursorKey) ?? undefined;
    },
    finish: (db: DB) => {
      const head = (summary as PublicInboxSummary | null)?.head;
      if (head) setCursor(db, cursorKey, head);
    },
  };
}
