// Builds small synthetic review reports for the renderer tests: an invented series "mm: fakemove"
// whose patch adds mm/fakemove.c, with findings and questions of every kind, arranged by the app's code.
import { arrangeReport } from '../../src/app/arrange-report.ts';
import type { FindingDraft, PatchDraft, ReportDraft, SeriesDraft } from '../../src/app/arrange-report.ts';
import type { DiffLine, FilePatch, Hunk, PatchContent } from '../../src/domain/mail.ts';
import type { LedgerQuestion, ReportRule, ReviewReport, SeriesAnalysis } from '../../src/report/report-model.ts';

export interface HunkSpec {
  oldStart: number;
  newStart: number;
  section?: string;
  /** Each line starts with its kind: ' ', '+' or '-'. */
  lines: string[];
}

export function buildHunk(spec: HunkSpec): Hunk {
  let oldNo = spec.oldStart;
  let newNo = spec.newStart;
  const lines: DiffLine[] = spec.lines.map((raw) => {
    const kind = raw[0] as DiffLine['kind'];
    if (kind !== ' ' && kind !== '+' && kind !== '-') throw new Error(`bad diff line: ${raw}`);
    const line: DiffLine = { kind, text: raw.slice(1), oldNo: kind === '+' ? null : oldNo, newNo: kind === '-' ? null : newNo };
    if (kind !== '+') oldNo++;
    if (kind !== '-') newNo++;
    return line;
  });
  return {
    oldStart: spec.oldStart,
    oldCount: lines.filter((l) => l.kind !== '+').length,
    newStart: spec.newStart,
    newCount: lines.filter((l) => l.kind !== '-').length,
    section: spec.section ?? '',
    lines,
  };
}

export function buildFilePatch(path: string, status: 'added' | 'modified', hunks: HunkSpec[]): FilePatch {
  return {
    oldPath: status === 'added' ? null : path,
    newPath: path,
    status,
    oldMode: null,
    newMode: status === 'added' ? '100644' : null,
    oldBlob: status === 'added' ? '0000000' : '1a2b3c4',
    newBlob: '5d6e7f8',
    similarity: null,
    binary: false,
    git: true,
    hunks: hunks.map(buildHunk),
  };
}

function diffText(files: FilePatch[]): string {
  const out: string[] = [];
  for (const f of files) {
    const path = f.newPath ?? f.oldPath ?? '';
    out.push(`diff --git a/${path} b/${path}`);
    if (f.status === 'added') out.push(`new file mode ${f.newMode}`);
    out.push(`index ${f.oldBlob}..${f.newBlob}`);
    out.push(f.oldPath ? `--- a/${f.oldPath}` : '--- /dev/null', `+++ b/${path}`);
    for (const h of f.hunks) {
      out.push(`@@ -${h.oldStart},${h.oldCount} +${h.newStart},${h.newCount} @@${h.section ? ` ${h.section}` : ''}`);
      for (const l of h.lines) out.push(`${l.kind}${l.text}`);
    }
  }
  return `${out.join('\n')}\n`;
}

export function buildPatchContent(commitMessage: string, files: FilePatch[], notes = ''): PatchContent {
  return {
    commitMessage, notes, diff: diffText(files), files, trailers: [],
    baseCommit: null, changeId: null, warnings: [],
  };
}

/** The body of the invented mm/fakemove.c; line 14 clears the PTE, line 15 installs it. */
export function fakemoveSource(headerComment = 'fakemove: a pretend PTE mover that exists only for tests.'): string[] {
  return [
    '// SPDX-License-Identifier: GPL-2.0',
    '/*',
    ` * ${headerComment}`,
    ' */',
    '#include <linux/mm.h>',
    '#include <linux/pgtable.h>',
    '',
    'static void fakemove_one_pte(struct vm_area_struct *vma, unsigned long old_addr,',
    '\t\t\t     unsigned long new_addr, pte_t *old_ptep, pte_t *new_ptep)',
    '{',
    '\tstruct mm_struct *mm = vma->vm_mm;',
    '\tpte_t pte;',
    '',
    '\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);',
    '\tset_pte_at(mm, new_addr, new_ptep, pte);',
    '}',
    '',
    'int fakemove_range(struct vm_area_struct *vma, unsigned long from,',
    '\t\t   unsigned long to, unsigned long len)',
    '{',
    '\tunsigned long off;',
    '',
    '\tfor (off = 0; off < len; off += PAGE_SIZE) {',
    '\t\tpte_t *src = fakemove_lookup(vma, from + off);',
    '\t\tpte_t *dst = fakemove_lookup(vma, to + off);',
    '',
    '\t\tif (!src || !dst)',
    '\t\t\treturn -EFAULT;',
    '\t\tfakemove_one_pte(vma, from + off, to + off, src, dst);',
    '\t}',
    '\treturn 0;',
    '}',
  ];
}

export const LINE_CLEAR = 14;
export const LINE_SET = 15;
export const LINE_CALL = 29;
export const LORE = 'https://lore.example.org/all/';

export const IDS = {
  v1Cover: '20241201090000.1111-0-bo@example.com',
  v1Patch1: '20241201090000.1111-1-bo@example.com',
  cover: '20250102120000.4242-0-bo@example.com',
  patch1: '20250102120000.4242-1-bo@example.com',
  patch2: '20250102120000.4242-2-bo@example.com',
  ruleSource: '20230505050505.777-1-cy@example.org',
};

export const RULES: ReportRule[] = [
  {
    id: 'mm.flush.cache-before-pte-move', title: 'PTE moved without a cache flush', category: 'cache-flush',
    severity: 'warning', concern: 'On virtually indexed caches the old mapping can keep dirty lines unless the range is flushed before the PTE is cleared.',
    provenance: [IDS.ruleSource, 'Documentation/core-api/cachetlb.rst'],
  },
  {
    id: 'mm.tlb.flush-after-clear', title: 'Cleared PTE without a TLB flush', category: 'tlb-flush',
    severity: 'error', concern: 'Other CPUs may keep using a stale translation of the old address until the TLB is flushed.',
    provenance: [IDS.ruleSource],
  },
  {
    id: 'mm.locking.ptl', title: 'PTE changed without the page table lock', category: 'locking',
    severity: 'warning', concern: 'PTE updates race with faults and reclaim unless the page table lock is held.', provenance: [],
  },
  {
    id: 'mm.test.selftest', title: 'New mm behaviour without a selftest', category: 'testing',
    severity: 'info', concern: 'New behaviour should come with a test under tools/testing/selftests/mm.', provenance: [],
  },
  {
    id: 'mm.config.kconfig', title: 'Config symbol without Kconfig entry', category: 'config',
    severity: 'info', concern: 'A symbol used in a Makefile must be defined in a Kconfig file.', provenance: [],
  },
];

function finding(rule: string, patch: number, file: string | null, line: number | null, fn: string | null,
  confidence: FindingDraft['confidence'], message: string): FindingDraft {
  const r = RULES.find((x) => x.id === rule)!;
  return {
    rule, category: r.category, severity: r.severity, confidence, patch, file, line, function: fn, message,
    provenance: r.provenance, ruleTitle: r.title, reason: r.concern,
  };
}

function question(over: Partial<LedgerQuestion> & Pick<LedgerQuestion, 'messageId' | 'text' | 'status'>): LedgerQuestion {
  return {
    askedBy: 'Ada Reviewer', askedByEmail: 'ada@example.org', patch: 1, file: 'mm/fakemove.c', function: null,
    quoted: [], acknowledged: false, answeredBy: null, answerMessageId: null, openSince: null, evidence: null, ...over,
  };
}

export interface FixtureOptions {
  /** Replaces names, titles and texts with hostile markup (same line numbers). */
  hostile?: boolean;
  analysis?: 'diff' | 'tree';
}

export const HOSTILE_TITLE = '[x](javascript:alert(1)) @torvalds <b>';
export const HOSTILE_SCRIPT = '<script>alert(1)</script>';
export const HOSTILE_IMG = '<img src=x onerror="window.__pwned=1;alert(2)">';

/** The report before arranging: findings and questions in no particular order, nothing placed. */
export function buildReportDraft(options: FixtureOptions = {}): ReportDraft {
  const hostile = options.hostile ?? false;
  const title = hostile ? HOSTILE_TITLE : 'mm: fakemove';
  const author = { name: hostile ? `Bo ${HOSTILE_SCRIPT}` : 'Bo Author', email: 'bo@example.com' };
  const sourceComment = hostile ? `${HOSTILE_IMG} \`\`\`\` fence` : undefined;
  const fakemove = buildFilePatch('mm/fakemove.c', 'added', [
    { oldStart: 0, newStart: 1, lines: fakemoveSource(sourceComment).map((l) => `+${l}`) },
  ]);
  const makefile = buildFilePatch('mm/Makefile', 'modified', [{
    oldStart: 100, newStart: 100, section: 'obj-$(CONFIG_EXAMPLE) += example.o',
    lines: [' obj-y += alpha.o', ' obj-y += beta.o', ' obj-y += gamma.o', '+obj-$(CONFIG_FAKEMOVE) += fakemove.o',
      ' obj-y += delta.o', ' obj-y += epsilon.o', ' obj-y += zeta.o'],
  }]);
  const message1 = hostile
    ? `mm: add fakemove\n\nThis pretends to move PTEs. ${HOSTILE_SCRIPT}\n${HOSTILE_IMG}\n\nSigned-off-by: Bo Author <bo@example.com>`
    : 'mm: add fakemove\n\nAdd a pretend PTE mover for the tests.\n\nSigned-off-by: Bo Author <bo@example.com>';
  const patches: PatchDraft[] = [
    {
      index: 1, total: 2, subject: `[PATCH v2 1/2] ${hostile ? HOSTILE_TITLE : 'mm: add fakemove'}`, messageId: IDS.patch1,
      references: [IDS.cover], author, date: Date.UTC(2025, 0, 2, 12, 0, 1), files: ['mm/fakemove.c'],
      content: buildPatchContent(message1, [fakemove], 'v2: use set_pte_at()\n'),
    },
    {
      index: 2, total: 2, subject: '[PATCH v2 2/2] mm: build fakemove', messageId: IDS.patch2,
      references: [IDS.cover], author, date: Date.UTC(2025, 0, 2, 12, 0, 2), files: ['mm/Makefile'],
      content: buildPatchContent('mm: build fakemove\n\nSigned-off-by: Bo Author <bo@example.com>', [makefile]),
    },
  ];
  const findings: FindingDraft[] = [
    finding('mm.locking.ptl', 1, 'mm/fakemove.c', LINE_CALL, 'fakemove_range', 'likely',
      'fakemove_one_pte() is called without the page table lock held.'),
    finding('mm.test.selftest', 0, null, null, null, 'certain', 'The series adds mm behaviour but no selftest.'),
    finding('mm.flush.cache-before-pte-move', 1, 'mm/fakemove.c', LINE_SET, 'fakemove_one_pte', 'question',
      'Is a flush_cache_range() needed before ptep_get_and_clear() moves the PTE in fakemove_one_pte()?'),
    finding('mm.config.kconfig', 2, 'mm/Makefile', null, null, 'certain',
      hostile ? `CONFIG_FAKEMOVE ${HOSTILE_IMG} has no Kconfig entry.` : 'CONFIG_FAKEMOVE has no Kconfig entry.'),
    finding('mm.tlb.flush-after-clear', 1, 'mm/fakemove.c', LINE_CLEAR, 'fakemove_one_pte', 'likely',
      'ptep_get_and_clear() in fakemove_one_pte() is not followed by a TLB flush of old_addr.'),
  ];
  const questions: LedgerQuestion[] = [
    question({ messageId: 'q1@example.org', status: 'open', openSince: 1,
      quoted: ['+\tpte = ptep_get_and_clear(mm, old_addr, old_ptep);'],
      text: hostile ? `What stops a fault here? cc @torvalds ${HOSTILE_SCRIPT} [y](javascript:alert(3))` : 'What stops a fault on old_addr between the clear and the set?' }),
    question({ messageId: 'q2@example.org', status: 'answered', askedBy: 'Cy Reviewer', askedByEmail: 'cy@example.org',
      text: 'Why not reuse move_ptes()?', answeredBy: 'Bo Author', answerMessageId: 'a2@example.com' }),
    question({ messageId: 'q3@example.org', status: 'resolved', patch: 2, file: 'mm/Makefile', text: 'Does this need a Kconfig entry?',
      acknowledged: true, evidence: 'changed in v2' }),
    question({ messageId: 'q4@example.org', status: 'outdated', openSince: 1,
      quoted: [hostile ? '+\told_line(); /* ``` fence break ```` */' : '+\told_line();'],
      text: 'Is old_line() still needed?' }),
    question({ messageId: 'q5@example.org', status: 'open', patch: 0, file: null, text: 'Who else needs this interface?' }),
  ];
  const v1: SeriesDraft = {
    key: IDS.v1Cover, title: 'mm: fakemove', version: 1, isRfc: true, author, date: Date.UTC(2024, 11, 1, 9, 0, 0),
    messageId: IDS.v1Cover, cover: { subject: '[RFC PATCH 0/1] mm: fakemove', messageId: IDS.v1Cover, text: 'First try.' },
    complete: false, total: 2, previousVersion: null, previousVersionNumber: null, changesSincePrevious: [],
    patches: [{ ...patches[0]!, subject: '[RFC PATCH 1/2] mm: add fakemove', messageId: IDS.v1Patch1, references: [IDS.v1Cover], content: null }],
    findings: [], questions: [], analysis: analysisOf(options.analysis, null),
  };
  const v2: SeriesDraft = {
    key: IDS.cover, title, version: 2, isRfc: false, author, date: Date.UTC(2025, 0, 2, 12, 0, 0), messageId: IDS.cover,
    cover: { subject: `[PATCH v2 0/2] ${title}`, messageId: IDS.cover, text: 'Move PTEs around, pretend-style.' },
    complete: true, total: 2, previousVersion: IDS.v1Cover, previousVersionNumber: 1,
    changesSincePrevious: hostile ? [`use set_pte_at() ${HOSTILE_SCRIPT} @torvalds`] : ['use set_pte_at()', 'drop the RFC tag'],
    patches, findings, questions, analysis: analysisOf(options.analysis, 'abcdef0123456789abcdef0123456789abcdef01'),
  };
  return {
    tool: { name: 'mm-review', version: '0.1.0' },
    context: {
      analysis: options.analysis ?? 'diff',
      tree: options.analysis === 'tree' ? { path: '/tmp/linux', bases: { [IDS.cover]: 'abcdef0123456789abcdef0123456789abcdef01' } } : null,
      loreBase: LORE,
      rules: RULES,
    },
    series: [v1, v2],
    notes: ['skipped 1 message without a Message-ID (example.mbox#7)'],
  };
}

/** The arranged report model of the fixture; `edit` may change the draft first. */
export function buildReport(options: FixtureOptions = {}, edit?: (draft: ReportDraft) => void): ReviewReport {
  const draft = buildReportDraft(options);
  edit?.(draft);
  return arrangeReport(draft);
}

/** A series' analysis as build-report records it: a tree at `base` (both patches applied), or the diff alone. */
function analysisOf(mode: 'diff' | 'tree' | undefined, base: string | null): SeriesAnalysis {
  if (mode !== 'tree') return { mode: 'diff', base: null, summary: 'diff only: functions outside the hunks were not seen', tree: null };
  if (base === null) {
    return { mode: 'diff', base: null, summary: 'no base found for the series in the tree; 1 patch analysed from the diff alone',
      tree: { base: null, baseSource: null, applied: [], offered: 1, failed: [] } };
  }
  return { mode: 'tree', base, summary: `2 of 2 patches applied on ${base.slice(0, 12)} (its base-commit)`,
    tree: { base, baseSource: 'base-commit', applied: [1, 2], offered: 2, failed: [] } };
}

/** The text of a Markdown section from `start` (a heading) to the next heading of the same or a higher level. */
export function markdownSection(md: string, start: string): string {
  const at = md.indexOf(start);
  if (at < 0) throw new Error(`missing section ${start}`);
  const level = /^#+/.exec(start)![0].length;
  const rest = md.slice(at + start.length);
  const next = rest.search(new RegExp(`\\n#{1,${level}} `));
  return next === -1 ? rest : rest.slice(0, next);
}
