import { readFileSync, readdirSync } from 'node:fs';
import { loadRules } from './src/checks/load-rules.ts';
import { runRules } from './src/checks/engine.ts';
import { buildChangeModel } from './src/checks/change-model.ts';
import { synthPatchContent } from './src/checks/synth-diff.ts';
const rules = (await loadRules()).filter(r => r.scope !== 'series');
const dir = '/work/kernel/linux-source-6.12/mm/';
const files = readdirSync(dir).filter(f => f.endsWith('.c'));
let tb = 0, tr = 0, ts = 0;
for (const f of files) {
  const text = readFileSync(dir + f, 'utf8');
  let t = performance.now();
  const content = synthPatchContent([{ path: 'mm/' + f, after: text }]);
  ts += performance.now() - t; t = performance.now();
  const m = buildChangeModel([{ index: 1, messageId: 'k@example.org', subject: f, content }]);
  tb += performance.now() - t; t = performance.now();
  for (const r of rules) { const t1 = performance.now(); runRules(m, [r]); (globalThis as any)[r.id] = ((globalThis as any)[r.id] ?? 0) + performance.now() - t1; }
  tr += performance.now() - t;
}
console.log({ synth: ts.toFixed(0), build: tb.toFixed(0), rules: tr.toFixed(0) }, rules.map(r => r.id + ' ' + (globalThis as any)[r.id].toFixed(0)));
