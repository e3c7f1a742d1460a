// `npm run eval -- ref-puts [6.1|6.12]`: mm.folio.ref-dropped-on-error on real code. Mutants: a put of a
// folio or page reference (`folio_put(x);`, `put_page(x);`) that sits right before an error return
// (`return -E...;`, `return ERR_PTR(...)`, `return NULL;`) deleted, one per function and callee; run by
// line-mutants.ts (one hunk with --tree, whole file without).
import { lineMutantsOf, runLineMutants } from './line-mutants.ts';
import type { LineMutant } from './line-mutants.ts';
import type { Release } from './repo.ts';

const PUT = /^\s*(folio_put|put_page)\s*\(\s*\w+\s*\)\s*;\s*$/;
const ERROR_RETURN = /^\s*return\s+(?:-E[A-Z0-9]+|ERR_PTR\s*\(.*\)|NULL)\s*;\s*$/;

export function putMutants(path: string, text: string): LineMutant[] {
  return lineMutantsOf(path, text, (masked, i, lines) => {
    const m = PUT.exec(masked[i] ?? '');
    if (!m || !ERROR_RETURN.test(masked[i + 1] ?? '')) return null;
    return { key: m[1]!, lines: [...lines.slice(0, i), ...lines.slice(i + 1)] };
  });
}

export async function refPuts(version: Release): Promise<void> {
  await runLineMutants(version, { title: 'reference puts on error paths', rule: 'mm.folio.ref-dropped-on-error', removes: 'a put before an error return', mutantsOf: putMutants });
}
