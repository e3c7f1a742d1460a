import { analyzeC } from './src/checks/c/parse.ts';
import { sectionFunction } from './src/checks/fragments.ts';
const big = 'a'.repeat(200000);
const cases = [
  `${big}\n{\n}\n`,
  `void f(${big} ${big})\n{\n}\n`,
  `struct s {\n\tint (*x)(${'('.repeat(5000)});\n};\n`,
  `void f(void)\n{\n${'\tfoo(bar(baz(\n'.repeat(3000)}}\n`,
  '#if X\n'.repeat(20000) + '#else\n'.repeat(5) + '#endif\n'.repeat(20000),
  '{'.repeat(100000) + '\n' + '}'.repeat(100000),
  '/*'.repeat(50000),
  '"'.repeat(100000),
];
for (const c of cases) { const t = performance.now(); const a = analyzeC(c); console.log((performance.now() - t).toFixed(0) + 'ms', a.functions.length, a.calls.length); }
let t = performance.now(); sectionFunction(big + '(' + big); console.log('section', (performance.now() - t).toFixed(0) + 'ms');
