// SARIF 2.1.0 report: one run, the rules that fired as reportingDescriptors, one result per
// finding located at the patched file's new-side line.
import { createHash } from 'node:crypto';
import { lineAt } from './annotate.ts';
import type { ReportFinding, ReportRule, ReportSeries, ReviewReport, Severity } from './report-model.ts';
import { provenanceLink } from './report-model.ts';
import { safeJson, stripControls } from '../util/safe-text.ts';

const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json';
export const FINGERPRINT_KEY = 'mmReviewFinding/v1';

const LEVELS: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note' };

function ruleDescriptor(report: ReviewReport, rule: ReportRule): Record<string, unknown> {
  const links = rule.provenance.map((p) => provenanceLink(report.context.loreBase, p));
  const textLinks = links.length > 0 ? `\n\nProvenance:\n${links.map((l) => `- ${l}`).join('\n')}` : '';
  const mdLinks = links.length > 0
    ? `\n\n**Provenance:**\n\n${links.map((l) => (/^https?:\/\//.test(l) ? `- <${l}>` : `- \`${l}\``)).join('\n')}` : '';
  return {
    id: rule.id,
    name: rule.title,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.concern || rule.title },
    help: { text: `${rule.concern || rule.title}${textLinks}`, markdown: `${rule.concern || rule.title}${mdLinks}` },
    defaultConfiguration: { level: LEVELS[rule.severity] },
    properties: { category: rule.category, tags: ['mm', rule.category], provenance: rule.provenance },
  };
}

function flaggedLineText(series: ReportSeries, f: ReportFinding): string {
  const patch = series.patches.find((p) => p.index === f.patch);
  return lineAt(patch?.content ?? null, f.position)?.text.trim() ?? '';
}

/** Stable across line shifts and versions: rule, file, function and the flagged code. */
function fingerprint(series: ReportSeries, f: ReportFinding): string {
  const parts = [f.rule, f.file ?? '', f.function ?? '', flaggedLineText(series, f) || f.message];
  return createHash('sha256').update(parts.join('\u0000'), 'utf8').digest('hex').slice(0, 32);
}

/**
 * A relative URI reference for a repository path: each segment percent-encoded. Controls are replaced
 * first, or a consumer that decodes the URI would get them back from the %1B.
 */
function fileUri(path: string): string {
  return stripControls(path).split('/').map((seg) => encodeURIComponent(seg)).join('/');
}

/**
 * SARIF plain-text messages read `[text](target)` as an embedded link (SARIF 2.1.0, 3.11.6), and
 * viewers such as GitHub code scanning make it clickable. A message quoting email text could carry
 * one; the brackets of a message that holds such a pattern are escaped as the spec says literal
 * brackets are. Messages without one are left as they are.
 */
function plainMessage(text: string): string {
  return /\]\s*\(/.test(text) ? text.replace(/[[\]]/g, '\\$&') : text;
}

function findingLocations(series: ReportSeries, f: ReportFinding): unknown[] {
  const logical = f.function ? [{ name: f.function, kind: 'function' }] : undefined;
  if (f.file) {
    const region = f.line !== null && f.line >= 1 ? { region: { startLine: f.line } } : {};
    return [{ physicalLocation: { artifactLocation: { uri: fileUri(f.file) }, ...region }, ...(logical ? { logicalLocations: logical } : {}) }];
  }
  const patch = series.patches.find((p) => p.index === f.patch);
  const target = f.patch === 0 || !patch
    ? { name: series.cover ? 'cover letter' : series.title, fullyQualifiedName: series.cover?.messageId ?? series.messageId ?? series.key }
    : { name: `patch ${patch.index}/${patch.total}`, fullyQualifiedName: patch.messageId };
  return [{ logicalLocations: [{ ...target, kind: 'module' }] }];
}

/** A placed finding's affected functions (their own findings) as SARIF related locations. */
function relatedLocations(f: ReportFinding): Record<string, unknown>[] {
  return (f.related ?? []).map((r, id) => ({
    id,
    ...(r.file ? { physicalLocation: { artifactLocation: { uri: fileUri(r.file) }, ...(r.line !== null && r.line >= 1 ? { region: { startLine: r.line } } : {}) } } : {}),
    ...(r.function ? { logicalLocations: [{ name: r.function, kind: 'function' }] } : {}),
    message: { text: plainMessage(r.message) },
  }));
}

function resultFor(series: ReportSeries, f: ReportFinding, ruleIndex: number): Record<string, unknown> {
  const patch = series.patches.find((p) => p.index === f.patch);
  const related = relatedLocations(f);
  return {
    ruleId: f.rule,
    ruleIndex,
    level: LEVELS[f.severity],
    message: { text: plainMessage(f.message) },
    locations: findingLocations(series, f),
    ...(related.length > 0 ? { relatedLocations: related } : {}),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(series, f) },
    properties: {
      patch: f.patch,
      patchSubject: patch?.subject ?? null,
      patchMessageId: patch?.messageId ?? null,
      function: f.function,
      confidence: f.confidence,
      category: f.category,
      series: { key: series.key, title: series.title, version: series.version },
    },
  };
}

/** The report as a SARIF 2.1.0 log, pretty-printed, newline-terminated. */
export function renderSarif(report: ReviewReport): string {
  const rules = report.context.rules;
  const ruleIndex = new Map(rules.map((r, i) => [r.id, i]));
  const results = report.series.flatMap((s) => s.findings.map((f) => resultFor(s, f, ruleIndex.get(f.rule)!)));
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'mm-review',
          version: report.tool.version,
          rules: rules.map((r) => ruleDescriptor(report, r)),
        },
      },
      columnKind: 'unicodeCodePoints',
      results,
      properties: {
        analysis: report.context.analysis,
        series: report.series.map((s) => ({ key: s.key, title: s.title, version: s.version, complete: s.complete })),
        notes: report.notes,
      },
    }],
  };
  // Every string neutralised: control and bidi characters from email become U+FFFD.
  return `${safeJson(log)}\n`;
}
