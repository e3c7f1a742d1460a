// The analyser fingerprint the cache keys facts by: a hash of the code that produces them (the C
// analysis modules and the extractor), so facts from an older analysis are never reused.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Bump when the meaning of stored facts changes without a change in the code hashed below. */
const EXTRACT_VERSION = '1';

let cached: string | null = null;

export function analyzerFingerprint(): string {
  if (cached) return cached;
  const hash = createHash('sha256').update(EXTRACT_VERSION);
  const own = fileURLToPath(import.meta.url);
  const ext = own.endsWith('.ts') ? '.ts' : '.js';
  const cDir = fileURLToPath(new URL('../c/', import.meta.url));
  const files = readdirSync(cDir).filter((f) => f.endsWith(ext)).sort().map((f) => `${cDir}${f}`);
  files.push(fileURLToPath(new URL(`./extract${ext}`, import.meta.url)));
  for (const f of files) hash.update(f.slice(f.lastIndexOf('/') + 1)).update('\0').update(readFileSync(f)).update('\0');
  cached = hash.digest('hex').slice(0, 32);
  return cached;
}
