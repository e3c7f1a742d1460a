// Beliefs of the code under review ("Bugs as Deviant Behavior": the code itself tells what it believes).
// When a series posts whole new files, their functions are mined beside the knowledge in use: each votes
// with the mined tree's functions, so that a belief the new code keeps nearly everywhere speaks for the one
// function that breaks it, even where the mined tree lacks the API (code newer than the shipped knowledge).
// What each function of the tree did stays the tree's: only the beliefs change.
import type { KnowledgeBase } from '../../domain/knowledge.ts';
import type { ChangeModel, FileChange } from '../change-types.ts';
import type { Steps } from '../steps.ts';
import { createSummaries } from '../summaries/index.ts';
import { indexTexts } from '../tree-index/memory.ts';
import { mineSteps } from './mine.ts';
import { isTestCode } from './null-checks.ts';

/**
 * Most new functions mined (mm/memory.c has about 400; all of mm/ about 6,000): mining keeps facts of every
 * function it reads, which a generated file of tens of thousands would make a large part of the review.
 */
const MAX_POSTED_FUNCTIONS = 5_000;

/** New files of the series within the knowledge's scope, each as the last patch that adds it posts it. */
export function postedFiles(model: ChangeModel, kb: KnowledgeBase): FileChange[] {
  const inScope = (path: string) => kb.scope.some((s) => path === s || (s.endsWith('/') && path.startsWith(s)));
  const byPath = new Map<string, FileChange>();
  for (const p of model.patches) {
    for (const f of p.files) {
      if (f.status !== 'added' || !f.analysis || f.code === null || !/\.[ch]$/.test(f.path) || isTestCode(f.path) || !inScope(f.path)) continue;
      byPath.set(f.path, f);
    }
  }
  return [...byPath.values()];
}

/**
 * The knowledge with the beliefs of the series' new files mined in (their votes beside the tree's); `kb`
 * itself when the series posts too few new functions to change a belief.
 */
export function* withPostedBeliefs(model: ChangeModel, kb: KnowledgeBase): Steps<KnowledgeBase> {
  const files = postedFiles(model, kb);
  const functions = files.reduce((n, f) => n + f.functions.length, 0);
  if (functions < kb.thresholds.support || functions > MAX_POSTED_FUNCTIONS) return kb;
  const texts = new Map(files.map((f) => [f.path, f.code!]));
  const index = indexTexts(files.map((f) => ({ path: f.path, text: f.code!, analysis: f.analysis! })));
  try {
    const sums = createSummaries(index, (fn) => texts.get(fn.path) ?? null, {
      depth: 3,
      external: (name) => {
        const facts = kb.functions[name];
        return facts ? { must: facts.must, may: facts.may } : null;
      },
    });
    const steps = mineSteps(index, sums, { label: kb.source.label, commit: kb.source.commit, scope: [...texts.keys()], priors: kb, beliefsOnly: true });
    for (;;) {
      const step = steps.next();
      if (step.done) return { ...kb, beliefs: step.value.beliefs };
      yield;
    }
  } finally {
    index.close();
  }
}
