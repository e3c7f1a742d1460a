import { readFileSync, readdirSync } from 'node:fs';
import { parseMessage } from './src/ingest/parse.ts';
import { splitPatch } from './src/ingest/patch.ts';
import { loadRules } from './src/checks/load-rules.ts';
import { checkSeries } from './src/checks/engine.ts';
import { buildChangeModel } from './src/checks/change-model.ts';
const rules = await loadRules();
for (const v of ['v1', 'v2', 'v3', 'v4', 'v5', 'v6']) {
  const dir = `/work/shared/corpus/uffdio-move/${v}/`;
  const files = readdirSync(dir).filter(f => /_patch_[1-9]of/.test(f)).sort((a, b) => a.split('_patch_')[1].localeCompare(b.split('_patch_')[1]));
  const patches = files.map((f, i) => {
    const m = parseMessage({ bytes: readFileSync(dir + f), origin: f });
    return { index: i + 1, messageId: m.id, subject: m.subject, content: splitPatch(m.text)! };
  }).filter(p => p.content);
  const t0 = performance.now();
  const model = buildChangeModel(patches);
  const findings = checkSeries(patches, { rules });
  console.log(v, files.length, 'patches', (performance.now() - t0).toFixed(0) + 'ms', model.patches.map(p => p.touched.length + ' touched').join(','));
  for (const f of findings) console.log("  ", f.rule, f.patch, `${f.file}:${f.line}`, f.function, f.confidence, f.rule.includes("uapi") ? f.message.slice(0, 220) : "");
}
