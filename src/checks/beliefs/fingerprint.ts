// The miner's fingerprint: a hash of the code whose output a cached knowledge base is (the miner, the
// summaries, the lock preconditions, the API families, the C analysis behind the tree index), so a knowledge base mined by older
// code is not reused.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { analyzerFingerprint } from '../tree-index/fingerprint.ts';

let cached: string | null = null;

export function minerFingerprint(): string {
  if (cached) return cached;
  const hash = createHash('sha256').update(analyzerFingerprint());
  const ext = fileURLToPath(import.meta.url).endsWith('.ts') ? '.ts' : '.js';
  for (const rel of ['../summaries/', '../flow/', '../locks/', './']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    for (const f of readdirSync(dir).filter((n) => n.endsWith(ext)).sort()) hash.update(f).update('\0').update(readFileSync(`${dir}${f}`)).update('\0');
  }
  // The API families a knowledge base lists its tree's members of.
  hash.update(readFileSync(fileURLToPath(new URL(`../api-families${ext}`, import.meta.url))));
  cached = hash.digest('hex').slice(0, 24);
  return cached;
}

/** The cache key of the knowledge mined from `commit`. */
export function fingerprintOf(commit: string): string {
  return `${commit}-${minerFingerprint()}`;
}
