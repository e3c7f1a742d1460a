// The knowledge base shipped with the tool (mined from a released kernel by `mm-review mine`; names and
// counts only): what a review without --tree knows of the kernel beyond the series.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { KnowledgeBase } from '../../domain/knowledge.ts';

/** The shipped file, relative to the project root. */
export const BUNDLED_KNOWLEDGE = 'knowledge/linux-source-6.1.json';

let loaded: KnowledgeBase | null | undefined;

/** The project root (the folder with package.json and knowledge/), from src/ or dist/. */
function projectRoot(): string | null {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'knowledge'))) return dir;
    dir = dirname(dir);
  }
  return null;
}

/** The shipped knowledge base, or null when it is missing or unreadable (rules that need it then say nothing). */
export function bundledKnowledge(): KnowledgeBase | null {
  if (loaded !== undefined) return loaded;
  const root = projectRoot();
  try {
    loaded = root ? (JSON.parse(readFileSync(join(root, BUNDLED_KNOWLEDGE), 'utf8')) as KnowledgeBase) : null;
    if (loaded && (loaded.format !== 1 || !Array.isArray(loaded.beliefs))) loaded = null;
  } catch {
    loaded = null;
  }
  return loaded;
}
