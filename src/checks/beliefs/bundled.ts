// The knowledge base shipped with the tool (mined from a released kernel by `mm-review mine`; names and
// counts only): what a review without --tree knows of the kernel beyond the series.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isKnowledgeBase } from '../../domain/knowledge.ts';
import type { KnowledgeBase } from '../../domain/knowledge.ts';
import { projectFolder } from '../../util/paths.ts';

/** The shipped file, in the project's knowledge/ folder. */
export const BUNDLED_KNOWLEDGE = 'linux-source-6.1.json';

let loaded: KnowledgeBase | null | undefined;

/** The shipped knowledge base, or null when it is missing or unreadable (rules that need it then say nothing). */
export function bundledKnowledge(): KnowledgeBase | null {
  if (loaded !== undefined) return loaded;
  const folder = projectFolder(dirname(fileURLToPath(import.meta.url)), 'knowledge');
  try {
    const kb: unknown = folder ? JSON.parse(readFileSync(join(folder, BUNDLED_KNOWLEDGE), 'utf8')) : null;
    loaded = isKnowledgeBase(kb) ? kb : null;
  } catch {
    loaded = null;
  }
  return loaded;
}
