// `npm run eval -- ref-puts [6.1|6.12]`: mm.folio.ref-dropped-on-error on real code. Mutants: a put of a
// folio or page reference (`folio_put(x);`, `put_page(x);`) that sits right before an error return
// (`return -E...;`, `return ERR_PTR(...)`, `return NULL;`) deleted, one per function and callee; run by
// line-mutants.ts (one hunk with --tree, whole file without).
import { analyzeC } from '../../src/checks/index.ts';
import { maskC } from './generate.ts';
import { runLineMutants } from './line-mutants.ts';
import type { LineMutant } from './line-mutants.ts';
import type { Release } from './repo.ts';

const PUT = /^\s*(folio_put|put_page)\s*\(\s*\w+\s*\)\s*;\s*$/;
const ERROR_RETURN = /^\s*return\s+(?:-E[A-Z0-9]+|ERR_PTR\s*\(.*\)|NULL)\s*;\s*$/;

export function putMutants(path: string, text: string): LineMutant[] {
  const lines = text.split('\n');
  const masked = maskC(text).split('\n');
  const out: LineMutant[] = [];
  for (const fn of analyzeC(text).functions) {
    const done = new Set<string>();
    for (let i = fn.startLine - 1; i < fn.endLine - 1; i++) {
      const m = PUT.exec(masked[i] ?? '');
      if (!m || done.has(m[1]!) || !ERROR_RETURN.test(masked[i + 1] ?? '')) continue;
      done.add(m[1]!);
      out.push({ file: path, function: fn.name, key: m[1]!, line: i + 1, text: [...lines.slice(0, i), ...lines.slice(i + 1)].join('\n') });
    }
  }
  return out;
}

export async function refPuts(version: Release): Promise<void> {
  await runLineMutants(version, { title: 'reference puts on error paths', rule: 'mm.folio.ref-dropped-on-error', removes: 'a put before an error return', mutantsOf: putMutants });
}
