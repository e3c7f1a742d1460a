import Parser from 'tree-sitter';
import C from 'tree-sitter-c';
import { prepare } from './src/checks/c/preprocess.ts';
import { readFileSync, readdirSync } from 'node:fs';
const p = new Parser(); p.setLanguage(C as any);
const dir = '/work/kernel/linux-source-6.12/mm/';
const files = readdirSync(dir).filter(f => f.endsWith('.c')).sort();
const counts = new Map<string, number>();
for (const f of files) {
  const prep = prepare(readFileSync(dir + f, 'utf8'));
  const t = p.parse(prep.parseText, null, { bufferSize: 1 << 22 });
  for (const e of t.rootNode.descendantsOfType('ERROR')) {
    const line = prep.text.split('\n')[e.startPosition.row].trim().slice(0, 60);
    const key = line.replace(/\w+/g, (w) => /^(static|struct|const|unsigned|int|long|return|if|for|while)$/.test(w) || /^[A-Z_]+$/.test(w) ? w : 'x');
    counts.set(f + ': ' + line, 1);
  }
}
const arr = [...counts.keys()];
console.log(arr.length); console.log(arr.filter((_, i) => i % 5 === 0).slice(0, 120).join('\n'));
