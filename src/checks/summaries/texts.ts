// The I/O edge of summaries: the texts of indexed files read from the repository (their blobs, through
// one `git cat-file --batch`), handed to createSummaries as its `textOf`.
import { catFileStream } from '../../util/git.ts';
import { InputError } from '../../util/errors.ts';
import type { IndexedFunction } from '../tree-index/index.ts';
import type { TextOf } from './source.ts';

/** What reading texts needs of the index. */
export interface BlobSource {
  files(): string[];
  blobOf(path: string): string | null;
}

/**
 * The texts of `paths` (default: every indexed file) at the index's commit, read at once, and the
 * `textOf` that answers from them (null for a file not read). Throws an InputError when a blob is missing.
 */
export async function readIndexedTexts(gitDir: string, index: BlobSource, paths: readonly string[] = index.files()): Promise<{ textOf: TextOf; bytes: number }> {
  const byOid = new Map<string, string>();
  const wanted = [...new Set(paths.map((p) => index.blobOf(p)).filter((o): o is string => o !== null))];
  let bytes = 0;
  for await (const { spec, object } of catFileStream(gitDir, wanted)) {
    if (!object || object.type !== 'blob' || !object.data) throw new InputError(`${gitDir}: blob ${spec} cannot be read`);
    bytes += object.size;
    byOid.set(spec, object.data.toString('utf8'));
  }
  const textOf = (fn: IndexedFunction): string | null => {
    const oid = index.blobOf(fn.path);
    return oid === null ? null : byOid.get(oid) ?? null;
  };
  return { textOf, bytes };
}
