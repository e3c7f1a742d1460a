// The review report model: everything a renderer needs, ordered, grouped and anchored in the diffs
// before rendering (src/app/arrange-report.ts). Renderers (md, html, json, sarif, email) only show it.
import type { LedgerQuestion, QuestionStatus } from '../questions/types.ts';
import type { Address, PatchContent } from '../domain/mail.ts';
import type { BaseSource, Category, Confidence, Finding, Severity } from '../checks/index.ts';

export type { Category, Confidence, Severity };

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** One line of a patch's diff: `content.files[fileIndex].hunks[hunkIndex].lines[lineIndex]`. */
export interface DiffPosition {
  fileIndex: number;
  hunkIndex: number;
  lineIndex: number;
}

/** A finding as the JSON contract defines it (the engine's Finding), plus what renderers show beside it. */
export interface ReportFinding extends Finding {
  /** The rule's title and its concern (the reason), in the project's words. */
  ruleTitle: string;
  reason: string;
  /** Index in its patch's `content.files` of the file it names; null when its patch shows no such file. */
  fileIndex: number | null;
  /** The diff line of new-side line `line` in its patch; null when no hunk shows that line. */
  position: DiffPosition | null;
  /** An earlier finding of the same group (its patch, or the series level) has the same rule and explained it. */
  repeatsRule: boolean;
  /** The base tree already had it (shown only with review --show-preexisting). */
  preexisting?: true;
}

export type { LedgerQuestion, QuestionStatus };

/** A reviewer question as the report shows it: the ledger's question, placed in its patch's diff. */
export interface ReportQuestion extends LedgerQuestion {
  /** The diff line its quote ends on (the last quoted diff line found exactly once); null when none is. */
  position: DiffPosition | null;
  /** Open, or outdated (the quoted code changed, but nobody answered): still waiting for an answer. */
  awaitsAnswer: boolean;
}

/** A message's To and Cc as parsed from its headers; renderers validate them before use. */
export interface ReportRecipients {
  to: Address[];
  cc: Address[];
}

export interface ReportPatch {
  index: number;
  total: number;
  subject: string;
  messageId: string;
  /** Message-ID header values this patch was sent with, for email replies. */
  references: string[];
  author: Address;
  date: number | null;
  /** The To and Cc of the patch mail as received (lists included), for reply-all email drafts; absent when unknown. */
  recipients?: ReportRecipients;
  /** Paths changed (new side; old side for deletions). */
  files: string[];
  content: PatchContent | null;
  /** This patch's findings and questions, in the series' order. */
  findings: ReportFinding[];
  questions: ReportQuestion[];
}

export interface ReportSeries {
  key: string;
  title: string;
  version: number;
  isRfc: boolean;
  author: Address;
  date: number | null;
  /** Cover letter, else first patch. */
  messageId: string | null;
  cover: { subject: string; messageId: string; text: string; recipients?: ReportRecipients } | null;
  complete: boolean;
  total: number;
  /** Key (message-id) of the previous version, when linked. */
  previousVersion: string | null;
  previousVersionNumber: number | null;
  /** Changelog lines for this version taken from the cover or patch notes. */
  changesSincePrevious: string[];
  /** How this series was analysed: the diff alone, or whole files of a tree at a base commit. */
  analysis: SeriesAnalysis;
  /** Ordered by index. */
  patches: ReportPatch[];
  /** Indexes from 1 to `total` that no patch has, ascending. */
  missingPatches: number[];
  /** Every finding, ordered by patch, file, line, rule, message (checks' sortFindings). */
  findings: ReportFinding[];
  /** Every question, by patch (cover and unknown first), in the ledger's order within a patch. */
  questions: ReportQuestion[];
  /** Findings on the whole series (patch 0) or on a patch the series does not hold, in order. */
  seriesFindings: ReportFinding[];
  /** Questions on the cover letter, the whole series or a patch the series does not hold, in order. */
  seriesQuestions: ReportQuestion[];
}

/** Where a series' base came from: its base-commit trailer, the blob ids of its diffs, or the tree's HEAD. */
export type { BaseSource };

/**
 * How a series was analysed. `mode` is 'tree' only when at least one patch applied on the base; with a
 * tree given and nothing applied it is 'diff', and `tree` says why.
 */
export interface SeriesAnalysis {
  mode: 'diff' | 'tree';
  base: string | null;
  /** One line for people: what was seen ("2 of 3 patches applied on <base> ...", "diff only: ..."). */
  summary: string;
  /** Present when a tree was given for the review. */
  tree: {
    base: string | null;
    baseSource: BaseSource | null;
    /** Patch indexes applied on the base, in order. */
    applied: number[];
    /** Patches with a diff that were offered to the tree. */
    offered: number;
    failed: { patch: number; reason: string }[];
  } | null;
}

export interface ReportContext {
  /** 'tree' when at least one series was analysed on a kernel checkout; 'diff' otherwise. */
  analysis: 'diff' | 'tree';
  /** With a tree: the checkout path and the base commit used per series key. */
  tree: { path: string; bases: Record<string, string> } | null;
  /** Base URL for message links, e.g. https://lore.kernel.org/all/ */
  loreBase: string;
  /** Rule metadata for every rule that fired, ordered by id (SARIF needs it; others show it). */
  rules: ReportRule[];
}

export interface ReportRule {
  id: string;
  title: string;
  category: Category;
  severity: Severity;
  concern: string;
  provenance: string[];
}

export interface ReviewReport {
  tool: { name: 'mm-review'; version: string };
  context: ReportContext;
  series: ReportSeries[];
  /** The categories of all findings, sorted: the columns of a summary, the choices of a filter. */
  findingCategories: Category[];
  /** Input problems (skipped messages and warnings) that readers should know about. */
  notes: string[];
}

/** Lore link for a message-id (already without angle brackets). */
export function loreLink(base: string, messageId: string): string {
  const b = base.endsWith('/') ? base : `${base}/`;
  return `${b}${encodeURIComponent(messageId).replace(/%40/g, '@')}/`;
}

/** Provenance entries that look like message-ids become lore links; others stay as they are. */
export function provenanceLink(base: string, entry: string): string {
  return /^[^\s/]+@[^\s/]+$/.test(entry) ? loreLink(base, entry) : entry;
}
