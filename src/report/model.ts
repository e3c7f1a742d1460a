// The review report: everything a renderer needs, decided before rendering.
// Renderers (md, html, json, sarif, email) never decide anything; they show this.
import type { Address, PatchContent } from '../domain/mail.ts';
import type { Category, Confidence, Finding, Severity } from '../checks/index.ts';

export type { Category, Confidence, Severity };

export const SEVERITY_RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** A finding as the JSON contract defines it (the engine's Finding), plus what renderers show beside it. */
export interface ReportFinding extends Finding {
  /** The rule's title and its concern (the reason), in the project's words. */
  ruleTitle: string;
  reason: string;
}

export type QuestionStatus = 'open' | 'answered' | 'resolved' | 'outdated';

export interface ReportQuestion {
  askedBy: string;
  askedByEmail: string;
  messageId: string;
  /** Patch index the question is about; 0 for the cover letter; null when unknown. */
  patch: number | null;
  file: string | null;
  function: string | null;
  /** The quoted code or text the question sits under. */
  quoted: string[];
  text: string;
  status: QuestionStatus;
  acknowledged: boolean;
  answeredBy: string | null;
  answerMessageId: string | null;
  /** Version in which it was first asked, when older than the reviewed version. */
  openSince: number | null;
  /** Message-id or short description of what decided the status. */
  evidence: string | null;
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
  /** Paths changed (new side; old side for deletions). */
  files: string[];
  content: PatchContent | null;
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
  cover: { subject: string; messageId: string; text: string } | null;
  complete: boolean;
  total: number;
  /** Key (message-id) of the previous version, when linked. */
  previousVersion: string | null;
  previousVersionNumber: number | null;
  /** Changelog lines for this version taken from the cover or patch notes. */
  changesSincePrevious: string[];
  patches: ReportPatch[];
  findings: ReportFinding[];
  questions: ReportQuestion[];
}

export interface ReportContext {
  /** 'diff' when only the diff was analysed; 'tree' with a kernel checkout. */
  analysis: 'diff' | 'tree';
  /** With a tree: the checkout path and the base commit used per series key. */
  tree: { path: string; bases: Record<string, string> } | null;
  /** Base URL for message links, e.g. https://lore.kernel.org/all/ */
  loreBase: string;
  /** Rule metadata for the rules that fired (SARIF needs it; others show it). */
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
