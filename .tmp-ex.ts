import { loadRules } from './src/checks/load-rules.ts';
import { runRuleCases } from './src/checks/rule-tester.ts';
const [r] = await loadRules('/tmp/exrules');
for (const o of runRuleCases(r)) console.log(o.kind, o.mode, o.problems, o.findings.map(f => f.message));
