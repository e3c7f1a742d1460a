import { readFileSync, readdirSync } from 'node:fs';
import { loadRules } from './src/checks/load-rules.ts';
import { checkSeries } from './src/checks/engine.ts';
import { synthPatchContent } from './src/checks/synth-diff.ts';
const rules = (await loadRules()).filter(r => r.scope !== 'series');
const dir = '/work/kernel/linux-source-6.12/mm/';
const files = readdirSync(dir).filter(f => f.endsWith('.c'));
const t0 = performance.now();
let n = 0;
for (const f of files) {
  const text = readFileSync(dir + f, 'utf8');
  const content = synthPatchContent([{ path: 'mm/' + f, after: text }]);
  const fs = checkSeries([{ index: 1, messageId: 'k@example.org', subject: f, content }], { rules });
  for (const x of fs) { n++; console.log(x.rule.split('.')[1], `${x.file}:${x.line}`, x.function); }
}
console.log(n, 'findings', (performance.now() - t0).toFixed(0), 'ms');
