import { analyzeC } from './src/checks/c/parse.ts';
import { readFileSync, readdirSync, statSync } from 'node:fs';
const roots = ['/work/kernel/linux-source-6.12/include/linux/', '/work/kernel/linux-source-6.12/include/uapi/linux/', '/work/kernel/linux-source-6.12/tools/testing/selftests/mm/', '/work/kernel/linux-source-6.12/fs/'];
for (const dir of roots) {
  const files = readdirSync(dir).filter(f => /\.[ch]$/.test(f) && statSync(dir + f).isFile());
  let bytes = 0, fns = 0, structs = 0, ioctls = 0;
  const t = performance.now();
  for (const f of files) { const s = readFileSync(dir + f, 'utf8'); bytes += s.length; const a = analyzeC(s); fns += a.functions.length; structs += a.structs.length; ioctls += a.defines.filter(d => d.isIoctl).length; }
  console.log(dir, files.length, 'files', (bytes / 1e6).toFixed(1) + 'MB', (performance.now() - t).toFixed(0) + 'ms', { fns, structs, ioctls });
}
const mm = analyzeC(readFileSync('/work/kernel/linux-source-6.12/include/linux/mm_types.h', 'utf8'));
const vmops = analyzeC(readFileSync('/work/kernel/linux-source-6.12/include/linux/mm.h', 'utf8')).structs.find(s => s.name === 'vm_operations_struct');
console.log(vmops?.fnFields.map(f => f.field + '(' + f.params.map(p => p.type).join(', ') + ')').join('\n'));
