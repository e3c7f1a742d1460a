// JSON report: the stable machine-readable contract (contract/review-report.schema.json),
// plus extra fields the contract allows (analysis mode, confidence detail, notes).
import type { Address } from '../domain/mail.ts';
import type { ReportQuestion, ReportSeries, ReviewReport, SeriesAnalysis } from './report-model.ts';
import { safeJson } from '../util/safe-text.ts';

function addressText(a: Address): string | null {
  if (!a.name && !a.email) return null;
  if (a.name && a.email) return `${a.name} <${a.email}>`;
  return a.name || a.email;
}

function isoDate(ms: number | null): string | null {
  return ms === null || !Number.isFinite(ms) ? null : new Date(ms).toISOString();
}

/** The contract knows open/answered/resolved; an outdated question is still open. */
function contractStatus(status: ReportQuestion['status']): 'open' | 'answered' | 'resolved' {
  return status === 'outdated' ? 'open' : status;
}

function seriesJson(s: ReportSeries): Record<string, unknown> {
  return {
    key: s.key,
    title: s.title,
    version: Math.max(1, Math.trunc(s.version) || 1),
    isRfc: s.isRfc,
    messageId: s.messageId,
    author: addressText(s.author),
    date: isoDate(s.date),
    cover: s.cover ? { subject: s.cover.subject, messageId: s.cover.messageId } : null,
    complete: s.complete,
    total: s.total,
    previousVersion: s.previousVersion,
    previousVersionNumber: s.previousVersionNumber,
    changesSincePrevious: s.changesSincePrevious,
    analysis: analysisJson(s.analysis),
    patches: s.patches.map((p) => ({
      index: p.index,
      total: p.total,
      subject: p.subject,
      messageId: p.messageId,
      author: addressText(p.author),
      date: isoDate(p.date),
      files: p.files,
    })),
    findings: s.findings.map((f) => ({
      rule: f.rule,
      title: f.ruleTitle,
      category: f.category,
      severity: f.severity,
      confidence: f.confidence,
      patch: f.patch,
      file: f.file,
      line: f.line,
      function: f.function,
      message: f.message,
      reason: f.reason,
      provenance: f.provenance,
      ...(f.preexisting ? { preexisting: true } : {}),
      ...(f.related ? { related: f.related.map((r) => ({ file: r.file, line: r.line, function: r.function, message: r.message })) } : {}),
    })),
    questions: s.questions.map((q) => ({
      askedBy: q.askedBy,
      askedByEmail: q.askedByEmail,
      messageId: q.messageId,
      patch: q.patch,
      file: q.file,
      function: q.function,
      quoted: q.quoted,
      text: q.text,
      status: contractStatus(q.status),
      outdated: q.status === 'outdated',
      acknowledged: q.acknowledged,
      answeredBy: q.answeredBy,
      answerMessageId: q.answerMessageId,
      openSince: q.openSince,
      evidence: q.evidence,
    })),
  };
}

/**
 * The report as the JSON contract describes it; pretty-printed, newline-terminated. Every string is
 * neutralised (control and bidi characters become U+FFFD): consumers print these strings.
 */
export function renderJson(report: ReviewReport): string {
  const doc = {
    tool: { name: report.tool.name, version: report.tool.version },
    analysis: { mode: report.context.analysis },
    rules: report.context.rules.map((r) => ({
      id: r.id, title: r.title, category: r.category, severity: r.severity, concern: r.concern, provenance: r.provenance,
    })),
    series: report.series.map((s) => seriesJson(s)),
    notes: report.notes,
  };
  return `${safeJson(doc)}\n`;
}

/** A series' analysis: mode and base, and with a tree, what applied on which base (added fields the contract allows). */
function analysisJson(a: SeriesAnalysis): Record<string, unknown> {
  if (!a.tree) return { mode: a.mode, base: a.base };
  return {
    mode: a.mode,
    base: a.base,
    summary: a.summary,
    treeBase: a.tree.base,
    baseSource: a.tree.baseSource,
    patchesApplied: a.tree.applied,
    patchesOffered: a.tree.offered,
    patchesFailed: a.tree.failed,
  };
}
