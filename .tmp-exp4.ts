import { analyzeC } from './src/checks/c/parse.ts';
import { readFileSync } from 'node:fs';
const f = process.argv[2];
const text = readFileSync(f, 'utf8');
const a = analyzeC(text);
const lines = text.split('\n');
for (const fn of a.functions) {
  const hdr = lines[fn.startLine - 1];
  const end = lines[fn.endLine - 1];
  if (!hdr.includes(fn.name) && !lines[fn.startLine].includes(fn.name) || !end.startsWith('}')) console.log('SUSPECT', fn.name, fn.startLine, fn.endLine, JSON.stringify(hdr), JSON.stringify(end));
}
for (const c of a.calls) if (!lines[c.line - 1].slice(c.col).startsWith(c.name.split(/[-(.]/)[0])) console.log('BADPOS', c.name, c.line, c.col);
const want = process.argv.slice(3);
for (const fn of a.functions.filter(f => want.includes(f.name))) console.log(fn.name, fn.startLine, fn.endLine, fn.params.map(p => p.type + '|' + p.name).join(', '), '\n  ', fn.calls.map(c => c.name + '@' + c.line + (c.guardedBy.length ? '[' + c.guardedBy + ']' : '')).join(' '));
console.log(a.functions.length, 'functions', a.errorNodes, 'errors', Object.entries(a.ifdefCounts).slice(0, 8));
