import { analyzeC } from './src/checks/c/parse.ts';
import { readFileSync, readdirSync } from 'node:fs';
const dir = '/work/kernel/linux-source-6.12/mm/';
const files = readdirSync(dir).filter(f => f.endsWith('.c')).sort();
const texts = files.map(f => readFileSync(dir + f, 'utf8'));
analyzeC(texts[0]);
for (let round = 0; round < 3; round++) {
let t0 = performance.now(); let fns = 0, braces = 0, errs = 0, calls = 0, fb = 0;
const bad: string[] = [];
for (let i = 0; i < files.length; i++) {
  const a = analyzeC(texts[i]);
  const b = texts[i].split('\n').filter(l => /^\{\s*$/.test(l)).length;
  fns += a.functions.length; braces += b; errs += a.errorNodes; calls += a.calls.length; fb += a.calls.filter(c => c.fallback).length;
  if (a.functions.length !== b) bad.push(`${files[i]} fn=${a.functions.length} brace=${b} err=${a.errorNodes}`);
}
console.log({ ms: performance.now() - t0, files: files.length, fns, braces, errs, calls, fb });
if (round === 0) console.log(bad.join('\n'));
}
