// Helper thread of reply-feed.ts: reads the messages one ingest stored, in store order and a
// chunk at a time (store/ledger-reply-texts.ts, on a connection of its own), and posts the reply
// candidates of those that may be replies (no diff, a parent).
import { parentPort } from 'node:worker_threads';
import { readStoredReplyTexts } from '../store/ledger-reply-texts.ts';
import { replyCandidates, type ReplyCandidates } from './candidates.ts';
import type { FeedChunk, FeedRange } from './reply-feed.ts';

const CHUNK = 256;

function candidatesQuietly(text: string): ReplyCandidates | null | undefined {
  try {
    return replyCandidates(text);
  } catch {
    return undefined; // left to the ledger, which reports it
  }
}

parentPort!.once('message', ({ dbPath, after, upTo, port }: FeedRange) => {
  try {
    readStoredReplyTexts(dbPath, after, upTo, CHUNK, (rows, done) => {
      const entries: FeedChunk['entries'] = [];
      for (const r of rows) {
        const found = candidatesQuietly(r.body);
        if (found !== undefined) entries.push([r.id, found]);
      }
      port.postMessage({ entries, done } satisfies FeedChunk);
    });
  } finally {
    port.close();
  }
});
