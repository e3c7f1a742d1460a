// Eval section 1: run every rule over each posted version of UFFDIO_MOVE and
// compare what fires with what reviewers raised on those versions.
import { withKnowledge } from './eval-load.ts';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { splitMailbox } from '../src/ingest/mbox.ts';
import { parseMessage } from '../src/ingest/parse.ts';
import { splitPatch } from '../src/ingest/patch.ts';
import { parseSubject } from '../src/ingest/subject.ts';
import { checkSeries } from '../src/checks/index.ts';
import type { Finding, Rule, SeriesPatchInput } from '../src/checks/index.ts';
import { heading, table } from './eval-format.ts';

export interface LoadedVersion {
  version: number;
  patches: SeriesPatchInput[];
  /** Patches in the series (the subject's N). */
  total: number;
  warnings: string[];
}

/** A reviewer concern and the versions it was raised on; `fixedIn` is the first version that addressed it. */
export interface Concern {
  name: string;
  /** The rule family that covers it (rule ids). */
  rules: RegExp;
  history: string;
  raisedOn: number[];
  fixedIn: number;
}

export const CONCERNS: Concern[] = [
  { name: 'cache flush', rules: /^mm\.flush\.cache-/, history: 'raised on v3 2/3, fixed in v4', raisedOn: [3], fixedIn: 4 },
  { name: 'cross-mm / memcg', rules: /^mm\.xmm\./, history: 'raised on v3, cross-mm dropped in v4', raisedOn: [3], fixedIn: 4 },
  {
    name: 'pin / PageAnonExclusive', rules: /^mm\.pin\./,
    history: 'mapcount checks raised on v2 (PageAnonExclusive in v3), pinned pages raised on v3 (fixed in v4)', raisedOn: [2, 3], fixedIn: 4,
  },
];

/** The patch mails of one version directory (`*_patch_*.eml`), cover letters and diff-less mails left out. */
export function loadVersion(dir: string, version: number): LoadedVersion {
  const warnings: string[] = [];
  const patches: SeriesPatchInput[] = [];
  let total = 0;
  for (const name of readdirSync(dir).filter((f) => /_patch_.*\.eml$/.test(f)).sort()) {
    try {
      const { messages } = splitMailbox(readFileSync(join(dir, name)), name);
      const msg = parseMessage(messages[0]);
      const subject = parseSubject(msg.subject);
      total = Math.max(total, subject.total ?? 0);
      if (!subject.index) continue;
      const content = splitPatch(msg.text);
      if (!content) {
        warnings.push(`${name}: no diff`);
        continue;
      }
      patches.push({ index: subject.index, messageId: msg.id, subject: msg.subject, content });
    } catch (err) {
      warnings.push(`${name}: ${(err as Error).message}`);
    }
  }
  patches.sort((a, b) => a.index - b.index);
  return { version, patches, total, warnings };
}

export interface VersionResult {
  version: number;
  total: number;
  findings: Finding[];
}

export function checkVersions(corpusDir: string, rules: Rule[], versions = [1, 2, 3, 4, 5, 6]): { results: VersionResult[]; warnings: string[] } {
  const results: VersionResult[] = [];
  const warnings: string[] = [];
  for (const v of versions) {
    const dir = join(corpusDir, `v${v}`);
    if (!existsSync(dir)) {
      warnings.push(`v${v}: ${dir} not found`);
      continue;
    }
    const loaded = loadVersion(dir, v);
    warnings.push(...loaded.warnings.map((w) => `v${v}: ${w}`));
    const findings = checkSeries(loaded.patches, { rules, ...withKnowledge(), onWarning: (w) => warnings.push(`v${v}: ${w}`) });
    results.push({ version: v, total: loaded.total, findings });
  }
  return { results, warnings };
}

/** Versions flagged for a concern, and whether that matches the review history. */
export function concernVerdict(concern: Concern, results: VersionResult[]): string {
  const hits = (r: VersionResult) => r.findings.filter((f) => concern.rules.test(f.rule));
  const flagged = results.filter((r) => hits(r).length > 0).map((r) => r.version);
  const by = [...new Set(results.flatMap((r) => hits(r).map((f) => f.rule)))].sort();
  const quiet = results.map((r) => r.version).filter((v) => !flagged.includes(v));
  const missed = concern.raisedOn.filter((v) => results.some((r) => r.version === v) && !flagged.includes(v));
  const late = flagged.filter((v) => v >= concern.fixedIn);
  const list = (vs: number[]) => (vs.length ? vs.map((v) => `v${v}`).join(', ') : 'none');
  const problems = [
    ...(missed.length ? [`not flagged where raised (${list(missed)})`] : []),
    ...(late.length ? [`still flagged after the fix (${list(late)})`] : []),
  ];
  const verdict = problems.length ? problems.join('; ') : 'agrees with the review';
  const rules = by.length ? ` (by ${by.join(', ')})` : '';
  return `${concern.name} (${concern.history}): flagged in ${list(flagged)}${rules}; quiet in ${list(quiet)} -> ${verdict}`;
}

export function printVersions(corpusDir: string, rules: Rule[]): void {
  heading('1. UFFDIO_MOVE v1..v6: findings per version');
  if (!existsSync(corpusDir)) {
    console.log(`skipped: ${corpusDir} not found`);
    return;
  }
  const { results, warnings } = checkVersions(corpusDir, rules);
  const cols = results.map((r) => `v${r.version}`);
  const rows = rules.map((rule) => [rule.id, ...results.map((r) => r.findings.filter((f) => f.rule === rule.id).length)]);
  rows.push(['total', ...results.map((r) => r.findings.length)]);
  console.log(table(['rule', ...cols], rows));
  console.log('\nfindings:');
  for (const r of results) {
    for (const f of r.findings) {
      const where = f.file ? `${f.file}:${f.line ?? '-'}` : '(series)';
      console.log(`  v${r.version} ${f.patch}/${r.total} ${where} ${f.function ? `${f.function}()` : '-'} ${f.rule}`);
    }
  }
  console.log('\nreviewer concerns:');
  for (const c of CONCERNS) console.log(`  ${concernVerdict(c, results)}`);
  for (const w of warnings) console.log(`  warning: ${w}`);
}
