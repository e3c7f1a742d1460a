// Report rendering entry point: picks the renderer for a --format value.
import { renderEmail } from './email.ts';
import type { EmailOptions } from './email.ts';
import { renderHtml } from './html.ts';
import { renderJson } from './json.ts';
import { renderMarkdown } from './markdown.ts';
import type { ReviewReport } from './report-model.ts';
import { renderSarif } from './sarif.ts';
import { renderText } from './text.ts';
import type { TextOptions } from './text.ts';

export const FORMATS = ['md', 'html', 'json', 'sarif', 'email', 'text'] as const;
export type ReportFormat = (typeof FORMATS)[number];

export interface RenderOptions {
  /** For --format email: From:, Date and quoting context. */
  email?: EmailOptions;
  /** For --format text: colour and the closing hint. */
  text?: TextOptions;
}

export function isReportFormat(value: string): value is ReportFormat {
  return (FORMATS as readonly string[]).includes(value);
}

/** Renders the report in one format. Pure: same report and options, same text. */
export function renderReport(report: ReviewReport, format: ReportFormat, options: RenderOptions = {}): string {
  switch (format) {
    case 'text':
      return renderText(report, options.text);
    case 'md':
      return renderMarkdown(report);
    case 'html':
      return renderHtml(report);
    case 'json':
      return renderJson(report);
    case 'sarif':
      return renderSarif(report);
    case 'email':
      return renderEmail(report, options.email);
  }
}

export { renderEmail, fromFromEnv, PLACEHOLDER_FROM } from './email.ts';
export type { EmailOptions } from './email.ts';
export { renderHtml } from './html.ts';
export { renderJson } from './json.ts';
export { renderMarkdown } from './markdown.ts';
export { renderSarif } from './sarif.ts';
export { renderText } from './text.ts';
export type { TextOptions } from './text.ts';
