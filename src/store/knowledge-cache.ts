// Knowledge bases mined from a tree, cached on disk beside the tree index: one JSON file per (commit,
// miner fingerprint), written to a temporary name and renamed, so processes mining the same tree at
// once leave one whole file (the same one either would have written) and a reader never sees half of it.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isKnowledgeBase } from '../domain/knowledge.ts';
import type { KnowledgeBase } from '../domain/knowledge.ts';
import { quotedPath, userCacheDir } from '../util/paths.ts';
import { InputError } from '../util/errors.ts';

export function defaultKnowledgeDir(): string {
  return join(userCacheDir(), 'knowledge');
}

const fileOf = (dir: string, key: string) => join(dir, `${key.replace(/[^0-9A-Za-z_-]/g, '_')}.json`);

/** The cached knowledge base of `key`, or null when there is none or it cannot be read as one. */
export function readKnowledgeCache(dir: string, key: string): KnowledgeBase | null {
  try {
    const kb: unknown = JSON.parse(readFileSync(fileOf(dir, key), 'utf8'));
    return isKnowledgeBase(kb) ? kb : null;
  } catch {
    return null;
  }
}

/** A knowledge base file named by the user: parsed and checked, or an InputError in one line naming it. */
export function readKnowledgeInput(path: string): KnowledgeBase {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new InputError(`--knowledge ${quotedPath(path)}: ${code === 'ENOENT' ? 'no such file' : `cannot read (${code ?? 'error'})`}`);
  }
  let kb: unknown;
  try {
    kb = JSON.parse(text);
  } catch {
    throw new InputError(`--knowledge ${quotedPath(path)}: not JSON`);
  }
  if (!isKnowledgeBase(kb)) throw new InputError(`--knowledge ${quotedPath(path)}: not a knowledge base of format 1 (make one with mm-review mine)`);
  return kb;
}

export function writeKnowledgeCache(dir: string, key: string, kb: KnowledgeBase): void {
  mkdirSync(dir, { recursive: true });
  const file = fileOf(dir, key);
  const tmp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    writeFileSync(tmp, JSON.stringify(kb));
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}
