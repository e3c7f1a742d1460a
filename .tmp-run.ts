import { loadRules } from './src/checks/load-rules.ts';
import { runRuleCases, tableProblems } from './src/checks/rule-tester.ts';
try {
const rules = await loadRules();
for (const r of rules) {
  console.log('RULE', r.id, tableProblems(r));
  for (const o of runRuleCases(r)) console.log(o.problems.length ? 'FAIL' : 'ok  ', o.kind, o.mode, o.name, o.problems.join('\n      '), o.kind==='invalid' && !o.problems.length ? '\n      ' + o.findings.map(f => `${f.confidence} ${f.line} ${f.message}`).join('\n      ') : '');
}
} catch (e) { console.log(String(e)); }
