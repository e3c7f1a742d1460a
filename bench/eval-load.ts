// Load the rules for the eval and bench scripts, leaving out (and reporting)
// any file that does not load, e.g. one another writer is still editing.
import { bundledKnowledge } from '../src/checks/beliefs/bundled.ts';
import type { KnowledgeBase } from '../src/domain/knowledge.ts';
import { copyFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { loadRules, defaultRulesDir, RuleLoadError } from '../src/checks/index.ts';
import type { Rule } from '../src/checks/index.ts';

/** Every loadable rule; a malformed file (perhaps still being written) is reported and left out. */
export async function loadUsableRules(dir = defaultRulesDir()): Promise<{ rules: Rule[]; problems: string[] }> {
  try {
    return { rules: await loadRules(dir), problems: [] };
  } catch (err) {
    if (!(err instanceof RuleLoadError)) throw err;
    const bad = new Set(err.problems.map((p) => basename(p.split(':')[0])));
    const tmp = mkdtempSync(join(tmpdir(), 'mmr-rules-'));
    try {
      for (const name of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n) && !bad.has(n))) copyFileSync(join(dir, name), join(tmp, name));
      return { rules: await loadRules(tmp), problems: err.problems };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
}

/** The shipped knowledge for the mined rules, as a review without a tree uses it (nothing when it is missing). */
export function withKnowledge(): { knowledge?: KnowledgeBase } {
  const kb = bundledKnowledge();
  return kb ? { knowledge: kb } : {};
}
