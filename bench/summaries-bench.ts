// npm run bench -- summaries: every function of Linux 6.12 mm/ summarised over the tree index (depth 3):
// wall time, peak RSS, how many functions perform each effect on every path / on some path, lock
// balance, unknown calls by reason, and a few explanations. The index is built (or found warm) in the
// default cache; the kernel repository comes from bench/kernel-repo.ts.
import { join } from 'node:path';
import { loadavg } from 'node:os';
import { buildTreeIndex, defaultTreeIndexPath } from '../src/checks/tree-index/index.ts';
import type { IndexedFunction } from '../src/checks/tree-index/index.ts';
import { createSummaries, EFFECTS, readIndexedTexts } from '../src/checks/summaries/index.ts';
import type { Effect, FunctionSummary, UnknownReason } from '../src/checks/summaries/index.ts';
import { kernelRepo } from './kernel-repo.ts';

const rssMb = (): number => Math.round(process.resourceUsage().maxRSS / 1024);

export async function benchSummaries(): Promise<void> {
  const repo = await kernelRepo('6.12');
  if (!repo) return;
  const gitDir = join(repo.dir, '.git');
  const depth = Number(process.env.MMR_SUMMARY_DEPTH ?? 3);
  const t0 = performance.now();
  const index = await buildTreeIndex(gitDir, repo.head, { cachePath: defaultTreeIndexPath() });
  try {
    const t1 = performance.now();
    const { textOf, bytes } = await readIndexedTexts(gitDir, index);
    const t2 = performance.now();
    const rssBefore = rssMb();
    const sums = createSummaries(index, textOf, { depth });
    const fns: IndexedFunction[] = [];
    for (const path of index.files()) if (path.startsWith('mm/')) for (const f of index.functionsIn(path)) if (f.kind === 'function') fns.push(f);
    // The event loop turns every 100 functions: tree-sitter frees the trees of the flows built only then.
    const results: FunctionSummary[] = [];
    for (const f of fns) {
      results.push(sums.summaryOf(f));
      if (results.length % 100 === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    }
    const t3 = performance.now();
    console.log(`summaries: index ${((t1 - t0) / 1000).toFixed(2)} s (${index.stats.parsed} blobs parsed, ${index.stats.reused} cached), texts ${((t2 - t1) / 1000).toFixed(2)} s (${(bytes / 1e6).toFixed(1)} MB, ${index.files().length} files)`);
    console.log(`summaries: ${fns.length} functions of mm/ at depth ${depth} in ${((t3 - t2) / 1000).toFixed(2)} s (${((t3 - t2) / fns.length).toFixed(2)} ms each); peak RSS ${rssMb()} MB (${rssBefore} MB before summarising)`);
    const must = new Map<Effect, number>();
    const may = new Map<Effect, number>();
    for (const s of results) {
      for (const e of s.must) must.set(e, (must.get(e) ?? 0) + 1);
      for (const e of s.may) may.set(e, (may.get(e) ?? 0) + 1);
    }
    console.log('summaries: functions per effect, every path / some path:');
    for (const e of EFFECTS) console.log(`  ${e.padEnd(22)} ${String(must.get(e) ?? 0).padStart(5)} / ${String(may.get(e) ?? 0).padStart(5)}`);
    const known = results.filter((s) => s.known).length;
    const partial = results.filter((s) => s.partial).length;
    const reasons = new Map<UnknownReason, number>();
    for (const s of results) for (const u of s.unknown) reasons.set(u.reason, (reasons.get(u.reason) ?? 0) + 1);
    console.log(`summaries: ${known} with text, ${partial} partial (some call unknown at some level); own unknown calls: ${[...reasons].map(([r, n]) => `${r} ${n}`).join(', ')}`);
    const holding = new Map<string, number>();
    const releasing = new Map<string, number>();
    for (const s of results) {
      for (const r of s.resources) {
        if (r.exitNets.some((n) => n > 0)) holding.set(r.resource, (holding.get(r.resource) ?? 0) + 1);
        if (r.exitNets.some((n) => n < 0)) releasing.set(r.resource, (releasing.get(r.resource) ?? 0) + 1);
      }
    }
    console.log(`summaries: functions that may return holding what they took (count > 0 at an exit): ${[...holding].map(([r, n]) => `${r} ${n}`).join(', ')}; that may release more than they took (count < 0): ${[...releasing].map(([r, n]) => `${r} ${n}`).join(', ')}`);
    for (const [effect, count] of [['cache.flush', 2], ['notifier.start', 2], ['memcg.charge', 2], ['mm.get', 1]] as const) {
      for (const s of results.filter((r) => r.must.includes(effect) && !r.fn.name.includes('flush_cache')).slice(0, count)) {
        console.log(`  ${effect}: ${sums.explain(s.fn, effect)?.text ?? '?'}`);
      }
    }
    console.log(`summaries: load average at the end: ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  } finally {
    index.close();
  }
}

if (process.argv[1] === import.meta.filename) await benchSummaries();
