// A tree index of texts already in hand (the files a series posts as new), held in memory for one review:
// the same facts and queries as an index of a commit, without a repository or a cache file.
import { createHash } from 'node:crypto';
import { openMemoryTreeIndex } from '../../store/tree-index-cache.ts';
import { TreeIndexRows } from '../../store/tree-index-rows.ts';
import type { CFileAnalysis } from '../c/types.ts';
import { extractFacts } from './extract.ts';
import { analyzerFingerprint } from './fingerprint.ts';
import { TreeIndex } from './query.ts';

export interface IndexedText {
  path: string;
  text: string;
  /** The text's analysis when already made (analyzeC of `text`). */
  analysis?: CFileAnalysis;
}

/** git's blob id of a text, so facts are keyed as in an index of a commit. */
function blobId(text: string): string {
  const body = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${body.length}\0`).update(body).digest('hex');
}

/** Indexes `files` in memory. Close the returned index when done. */
export function indexTexts(files: readonly IndexedText[]): TreeIndex {
  const started = performance.now();
  const rows = new TreeIndexRows(openMemoryTreeIndex());
  try {
    const analyzer = rows.analyzerId(analyzerFingerprint());
    const pathOid = new Map<string, string>();
    const facts = new Map<string, ReturnType<typeof extractFacts>>();
    let bytes = 0;
    for (const f of files) {
      const oid = blobId(f.text);
      pathOid.set(f.path, oid);
      if (facts.has(oid)) continue;
      facts.set(oid, extractFacts(oid, f.text, f.analysis));
      bytes += f.text.length;
    }
    const ids = rows.writeBlobs(analyzer, [...facts.values()]);
    const pathBlob = new Map([...pathOid].map(([path, oid]) => [path, ids.get(oid)!]));
    return new TreeIndex(rows, pathOid, pathBlob, {
      commit: '', files: pathOid.size, blobs: facts.size, parsed: facts.size, parsedBytes: bytes, reused: 0, ms: Math.round(performance.now() - started),
    });
  } catch (err) {
    rows.close();
    throw err;
  }
}
