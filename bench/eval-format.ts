// Plain-text tables and small number helpers for the eval and bench scripts.

export type Cell = string | number;

/** A fixed-width table: numbers right-aligned, text left-aligned, a rule under the header. */
export function table(headers: string[], rows: Cell[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number' || /^[\d.,%-]+$/.test(String(r[i] ?? '-'))));
  const fmt = (cells: Cell[]) =>
    cells
      .map((c, i) => (numeric[i] ? String(c ?? '').padStart(widths[i]) : String(c ?? '').padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(fmt)].join('\n');
}

/** Findings per 1,000 lines, one decimal. */
export function perKloc(count: number, lines: number): string {
  return lines === 0 ? '-' : ((count * 1000) / lines).toFixed(2);
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

export function countLines(text: string): number {
  if (text === '') return 0;
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return text.endsWith('\n') ? n : n + 1;
}

export function heading(title: string): void {
  console.log(`\n== ${title}`);
}
