import { readFileSync } from 'node:fs';
import { loadRules } from './src/checks/load-rules.ts';
import { runFixture } from './src/checks/rule-tester.ts';
const rules = await loadRules();
const t = readFileSync('test/fixtures/c/rules/fake_pte_moves.c', 'utf8');
const broken = t.replace('/* ruleid: mm.flush.cache-before-pte-move */', '').replace('flush_cache_range(vma, from, from + len);', '');
for (const o of runFixture('x.c', broken, rules)) console.log(o.name, o.problems);
