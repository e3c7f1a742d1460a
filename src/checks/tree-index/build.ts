// Building the tree index of one commit: list the blobs the review can reach (`git ls-tree -r`),
// parse only those the cache has no facts for (streamed through one `git cat-file --batch`, parsed
// on worker threads when there are many), store their facts, and open the index over the result.
import { availableParallelism } from 'node:os';
import { InputError } from '../../util/errors.ts';
import { assertSafeRevision, catFileStream, isHexId, runGit } from '../../util/git.ts';
import { defaultTreeIndexPath, isDamagedError, openTreeIndexCache, removeCacheFiles } from '../../store/tree-index-cache.ts';
import { TreeIndexRows } from '../../store/tree-index-rows.ts';
import type { BlobFactsRow } from '../../store/tree-index-rows.ts';
import { isSafePath } from '../../ingest/diff.ts';
import { isIndexedSource } from './extract.ts';
import { analyzerFingerprint } from './fingerprint.ts';
import { inlinePool, workerPool } from './pool.ts';
import type { BlobText, ParsePool } from './pool.ts';
import { TreeIndex } from './query.ts';
import type { TreeIndexStats } from './query.ts';

/** What every review can reach, besides the files a series touches. */
export const INDEXED_PATHS: readonly string[] = ['mm', 'include/linux', 'include/asm-generic', 'fs/userfaultfd.c'];

export interface BuildTreeIndexOptions {
  /** The cache file; default `$XDG_CACHE_HOME/mm-review/tree-index.db` (or ~/.cache/...). */
  cachePath?: string;
  /** Replace a damaged cache file instead of refusing it (always so for the default path). */
  replaceDamaged?: boolean;
  /** More files or folders to index (the files a series touches), relative to the tree's root. */
  extraPaths?: readonly string[];
  /** Parse threads when many blobs need parsing; 0 parses on this thread. Default: min(2, cores). */
  workers?: number;
  /** Called after each parsed batch. */
  onProgress?: (parsed: number, toParse: number) => void;
}

/** Facts of analysers unused for this long are dropped from the cache. */
const STALE_MS = 30 * 24 * 3600 * 1000;
/** Below this many blobs to parse, parse on this thread. */
const INLINE_BELOW = 24;
/** Texts handed to a parser at once (characters). */
const BATCH_CHARS = 192 * 1024;

/**
 * Indexes `commit` (a ref or hex id, validated) of the repository whose git directory is `gitDir`.
 * Throws an InputError (one line) for a bad commit, an unreadable repository or a cache that is not
 * a tree-index cache. Close the returned index when done.
 */
export async function buildTreeIndex(gitDir: string, commit: string, opts: BuildTreeIndexOptions = {}): Promise<TreeIndex> {
  const cachePath = opts.cachePath ?? defaultTreeIndexPath();
  const replaceDamaged = opts.replaceDamaged ?? opts.cachePath === undefined;
  const started = performance.now();
  const head = await resolveCommit(gitDir, commit);
  const files = await listBlobs(gitDir, head, [...INDEXED_PATHS, ...checkedPaths(opts.extraPaths ?? [])]);
  try {
    return await buildFrom(cachePath, replaceDamaged, gitDir, head, files, started, opts);
  } catch (err) {
    if (!isDamagedError(err)) throw err;
    if (!replaceDamaged) throw new InputError(`${cachePath}: the tree-index cache is damaged (${err instanceof Error ? err.message : String(err)}); remove it`);
    removeCacheFiles(cachePath);
    return buildFrom(cachePath, replaceDamaged, gitDir, head, files, started, opts);
  }
}

async function buildFrom(
  cachePath: string, replaceDamaged: boolean, gitDir: string, head: string, files: Map<string, string>, started: number, opts: BuildTreeIndexOptions,
): Promise<TreeIndex> {
  const rows = new TreeIndexRows(openTreeIndexCache(cachePath, { replaceDamaged }));
  try {
    const analyzer = rows.analyzerId(analyzerFingerprint());
    rows.pruneAnalyzers(Date.now() - STALE_MS);
    const known = rows.knownBlobs(analyzer);
    const missing = [...new Set(files.values())].filter((oid) => !known.has(oid));
    const parsed = await parseMissing(gitDir, missing, rows, analyzer, known, opts);
    const stats: TreeIndexStats = {
      commit: head, files: files.size, blobs: new Set(files.values()).size, parsed: parsed.blobs, parsedBytes: parsed.bytes,
      reused: new Set(files.values()).size - parsed.blobs, ms: Math.round(performance.now() - started),
    };
    const pathBlob = new Map<string, number>();
    for (const [path, oid] of files) pathBlob.set(path, known.get(oid)!);
    return new TreeIndex(rows, files, pathBlob, stats);
  } catch (err) {
    rows.close();
    throw err;
  }
}

async function parseMissing(
  gitDir: string, missing: string[], rows: TreeIndexRows, analyzer: number, known: Map<string, number>, opts: BuildTreeIndexOptions,
): Promise<{ blobs: number; bytes: number }> {
  if (missing.length === 0) return { blobs: 0, bytes: 0 };
  const threads = opts.workers ?? Math.max(1, Math.min(2, availableParallelism()));
  const pool: ParsePool = threads > 0 && missing.length >= INLINE_BELOW ? workerPool(threads) : inlinePool();
  const inFlight: Promise<BlobFactsRow[]>[] = [];
  let done = 0;
  let bytes = 0;
  const store = (facts: BlobFactsRow[]): void => {
    for (const [oid, id] of rows.writeBlobs(analyzer, facts)) known.set(oid, id);
    done += facts.length;
    opts.onProgress?.(done, missing.length);
  };
  try {
    let batch: BlobText[] = [];
    let chars = 0;
    const flush = async (): Promise<void> => {
      if (batch.length === 0) return;
      inFlight.push(pool.submit(batch));
      batch = [];
      chars = 0;
      while (inFlight.length > 4) store(await inFlight.shift()!);
    };
    for await (const { spec, object } of catFileStream(gitDir, missing)) {
      if (!object || object.type !== 'blob' || !object.data) throw new InputError(`${gitDir}: blob ${spec} cannot be read`);
      const text = object.data.toString('utf8');
      bytes += object.size;
      batch.push({ oid: spec, text });
      chars += text.length;
      if (chars >= BATCH_CHARS) await flush();
    }
    await flush();
    while (inFlight.length) store(await inFlight.shift()!);
  } finally {
    await Promise.allSettled(inFlight);
    await pool.close();
  }
  return { blobs: missing.length, bytes };
}

/** The full id of `commit`, or a one-line InputError. */
async function resolveCommit(gitDir: string, commit: string): Promise<string> {
  assertSafeRevision(commit, 'commit');
  const res = await runGit(['rev-parse', '--verify', '--quiet', '--end-of-options', `${commit}^{commit}`], { gitDir, allowFailure: true }).catch((err: unknown) => {
    throw new InputError(`${gitDir}: cannot run git (${err instanceof Error ? err.message : String(err)})`);
  });
  const id = res.stdout.toString('utf8').trim();
  if (res.code !== 0 || !isHexId(id)) {
    const why = res.stderr.split('\n').find((l) => l.trim() !== '')?.trim();
    throw new InputError(`${gitDir}: no commit ${commit}${why ? ` (${why})` : ''}`);
  }
  return id.toLowerCase();
}

/** Paths from a series: relative, no `..`, never read as an option. */
function checkedPaths(paths: readonly string[]): string[] {
  return paths.map((p) => p.replace(/\/+$/, '')).filter((p) => {
    if (!isSafePath(p) || p.startsWith('-') || p === '' || /[\0-\x1f\x7f]/.test(p)) throw new InputError(`not a path inside the tree: ${JSON.stringify(p).slice(0, 100)}`);
    return true;
  });
}

/** path -> blob id of every C source or header under `paths` at `commit`. */
async function listBlobs(gitDir: string, commit: string, paths: string[]): Promise<Map<string, string>> {
  const out = await runGit(['ls-tree', '-r', '-z', '--full-tree', '--end-of-options', commit, '--', ...paths], { gitDir, env: { GIT_LITERAL_PATHSPECS: '1' } });
  const files = new Map<string, string>();
  for (const entry of out.stdout.toString('utf8').split('\0')) {
    const tab = entry.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid] = entry.slice(0, tab).split(' ');
    const path = entry.slice(tab + 1);
    if (type !== 'blob' || !isHexId(oid) || (mode !== '100644' && mode !== '100755') || !isIndexedSource(path)) continue;
    files.set(path, oid);
  }
  return files;
}
