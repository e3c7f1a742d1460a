// Evaluator `hugetlb-shmem-duplication` (series scope): memory-type specific
// logic that a series adds in parallel or special-cases in generic code.
//  (a) functions the series adds in two different `memtype_files` whose names
//      agree once memory-type words are dropped (and whose bodies share at
//      least `name_similarity` of their token shingles), or whose bodies share
//      at least `similarity` whatever their names; thin wrappers (fewer than
//      `min_tokens` tokens or `min_statements` statements) are skipped;
//  (b) more `dispatch` calls (is_vm_hugetlb_page(), vma_is_shmem()...) added
//      than removed in an existing `generic_files` file;
//  (c) a new #include of one of `includes` in an existing `generic_files` file.
// Each match binds {what} (one sentence).
//
// args: { memtype_files: globs, generic_files: globs, memtype_words: names,
//         dispatch: names, includes: names, similarity?: number,
//         name_similarity?: number, min_tokens?: number, min_statements?: number }
import { lineMatch } from '../eval-context.ts';
import { pathMatches } from '../patterns.ts';
import type { EvalContext, Match, Scope } from '../eval-context.ts';
import type { FileChange, FunctionChange } from '../change-types.ts';
import { asNumber, asObject, asStringList, field, optionalField } from '../predicates/args.ts';

interface Args {
  memtype_files: string[];
  generic_files: string[];
  memtype_words: string[];
  dispatch: string[];
  includes: string[];
  similarity?: number;
  name_similarity?: number;
  min_tokens?: number;
  min_statements?: number;
}

export const scopes: Scope[] = ['series'];

export function parseArgs(raw: unknown): Args {
  const o = asObject(raw, ['memtype_files', 'generic_files', 'memtype_words', 'dispatch', 'includes'], ['similarity', 'name_similarity', 'min_tokens', 'min_statements']);
  const list = (k: string): string[] => field(o, k, (v) => asStringList(v));
  const num = (k: string): number | undefined => optionalField(o, k, asNumber);
  return {
    memtype_files: list('memtype_files'), generic_files: list('generic_files'), memtype_words: list('memtype_words'), dispatch: list('dispatch'), includes: list('includes'),
    similarity: num('similarity'), name_similarity: num('name_similarity'), min_tokens: num('min_tokens'), min_statements: num('min_statements'),
  };
}

export function evaluate(ctx: EvalContext, a: Args): Match[] {
  return [...parallelFunctions(ctx, a), ...genericGrowth(ctx, a)];
}

export function describe(): string {
  return 'one shared helper or an ops-table dispatch instead of parallel hugetlb/shmem logic';
}

interface Candidate {
  fn: FunctionChange;
  file: FileChange;
  key: string;
  shingles: Set<string>;
  tokens: number;
}

function parallelFunctions(ctx: EvalContext, a: Args): Match[] {
  const words = new RegExp(`(?:^|_)(?:${a.memtype_words.join('|')})(?=_|$)`, 'g');
  const minTokens = a.min_tokens ?? 40;
  const minStatements = a.min_statements ?? 3;
  const cands: Candidate[] = [];
  for (const p of ctx.model.patches) {
    for (const file of p.files) {
      if (!pathMatches(file.path, a.memtype_files) || !file.code) continue;
      const lines = file.code.split('\n');
      for (const fn of file.functions) {
        if (fn.status !== 'added') continue;
        const tokens = tokenize(lines.slice(fn.startLine - 1, fn.endLine).join('\n'), words);
        if (tokens.length < minTokens || tokens.filter((t) => t === ';').length < minStatements) continue;
        const key = fn.name.replace(words, '_').replace(/_+/g, '_').replace(/^_|_$/g, '');
        cands.push({ fn, file, key, shingles: shingles(tokens), tokens: tokens.length });
      }
    }
  }
  const out: Match[] = [];
  const reported = new Set<FunctionChange>();
  for (let i = 0; i < cands.length; i++) {
    for (let j = i + 1; j < cands.length; j++) {
      const x = cands[i];
      const y = cands[j];
      if (x.file.path === y.file.path || reported.has(x.fn) || reported.has(y.fn)) continue;
      const sim = jaccard(x.shingles, y.shingles);
      const sameName = x.key !== '' && x.key === y.key && sim >= (a.name_similarity ?? 0.3);
      if (!sameName && sim < (a.similarity ?? 0.7)) continue;
      const [first, second] = x.fn.patch <= y.fn.patch ? [x, y] : [y, x];
      reported.add(second.fn);
      const why = sameName ? `the same job (${first.key})` : `${Math.round(sim * 100)}% of the same code`;
      const what = `${second.fn.name}() in ${second.file.path} and ${first.fn.name}() in ${first.file.path} are both new and do ${why}.`;
      out.push(lineMatch(ctx, second.fn.patch, second.file, second.fn.startLine, { what, symbol: second.fn.name }));
    }
  }
  return out;
}

function genericGrowth(ctx: EvalContext, a: Args): Match[] {
  const dispatch = new RegExp(`\\b(?:${a.dispatch.join('|')})\\s*\\(`, 'g');
  const include = new RegExp(`^\\s*#\\s*include\\s*<(?:${a.includes.map(escapeRe).join('|')})>`);
  const out: Match[] = [];
  for (const p of ctx.model.patches) {
    for (const file of p.files) {
      // Generic files already exist; a whole-file addition is a rename or an import, not new special-casing.
      if (file.status !== 'modified' || !pathMatches(file.path, a.generic_files)) continue;
      const count = (text: string) => (text.match(dispatch) ?? []).length;
      const added = file.added.reduce((n, l) => n + count(l.text), 0);
      const removed = file.removed.reduce((n, l) => n + count(l.text), 0);
      if (added > removed) {
        const first = file.added.find((l) => count(l.text) > 0);
        const what = `${file.path} gains ${added - removed} memory-type check(s) such as ${first?.text.trim().match(dispatch)?.[0] ?? ''}).`;
        out.push(lineMatch(ctx, p.index, file, first?.line ?? null, { what, symbol: file.path }));
      }
      const removedIncludes = new Set(file.removed.filter((l) => include.test(l.text)).map((l) => l.text.trim()));
      for (const l of file.added) {
        if (!include.test(l.text) || removedIncludes.has(l.text.trim())) continue;
        out.push(lineMatch(ctx, p.index, file, l.line, { what: `${file.path} starts including ${l.text.trim().replace(/^#\s*include\s*/, '')}.`, symbol: file.path }));
      }
    }
  }
  return out;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Identifiers, numbers and punctuation; memory-type words inside identifiers become MT. */
function tokenize(text: string, words: RegExp): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(/[A-Za-z_]\w*|\d+|->|[^\s\w]/g)) {
    const t = m[0];
    out.push(/^[A-Za-z_]/.test(t) ? t.replace(words, '_MT') : t);
  }
  return out;
}

function shingles(tokens: string[], k = 4): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + k <= tokens.length; i++) out.add(tokens.slice(i, i + k).join(' '));
  return out;
}

function jaccard(x: Set<string>, y: Set<string>): number {
  if (x.size === 0 || y.size === 0) return 0;
  let common = 0;
  const [small, big] = x.size <= y.size ? [x, y] : [y, x];
  for (const s of small) if (big.has(s)) common++;
  return common / (x.size + y.size - common);
}
