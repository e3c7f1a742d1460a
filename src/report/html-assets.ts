// The inline stylesheet and script of the HTML report. Both are allowed by hash in the page's
// Content-Security-Policy, so nothing else (injected markup, handlers) can run or style.
import { createHash } from 'node:crypto';

export const REPORT_CSS = `
:root { color-scheme: light; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0; --bg-soft: #f6f8fa;
  --add: #e6ffec; --add-ln: #ccffd8; --del: #ffebe9; --del-ln: #ffd7d5; --hunk: #ddf4ff;
  --error: #cf222e; --warning: #9a6700; --info: #0969da; }
* { box-sizing: border-box; }
body { margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--fg); background: #fff; }
main, .page-header, .toolbar { max-width: 1100px; margin: 0 auto; padding: 0 20px; }
.page-header { padding-top: 18px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 21px; margin: 32px 0 8px; padding-bottom: 6px; border-bottom: 1px solid var(--line); }
h3 { font-size: 17px; margin: 26px 0 6px; }
h4 { font-size: 15px; margin: 18px 0 6px; }
.muted { color: var(--muted); }
code, pre, .code { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; }
a { color: #0969da; }
[hidden] { display: none !important; }
:target { scroll-margin-top: 72px; }
.question:target, .card:target, .concern:target, .mark:target { outline: 2px solid #8250df; }
.toolbar { position: sticky; top: 0; z-index: 2; background: rgba(255,255,255,0.96); border-bottom: 1px solid var(--line); padding-top: 8px; padding-bottom: 8px; }
.toolbar form { display: flex; flex-wrap: wrap; gap: 6px 18px; align-items: center; }
.toolbar label { white-space: nowrap; }
.summary { border-collapse: collapse; margin: 10px 0 4px; }
.summary th, .summary td { border: 1px solid var(--line); padding: 3px 10px; text-align: right; }
.summary td.zero { color: #b0b8c1; }
.summary th:first-child, .summary td:first-child { text-align: left; }
.summary thead th { background: var(--bg-soft); }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
dl.meta dt { color: var(--muted); }
dl.meta dd { margin: 0; }
.badge { display: inline-block; padding: 0 7px; border-radius: 10px; font-size: 12px; font-weight: 600; color: #fff; vertical-align: 1px; }
.badge.error { background: var(--error); } .badge.warning { background: var(--warning); } .badge.info { background: var(--info); }
.badge.status { background: #6e7781; } .badge.status-open, .badge.status-outdated { background: #bc4c00; }
.badge.status-answered { background: #8250df; } .badge.status-resolved { background: #1a7f37; }
.file { border: 1px solid var(--line); border-radius: 6px; margin: 10px 0 16px; overflow: hidden; }
.file-name { background: var(--bg-soft); padding: 6px 10px; border-bottom: 1px solid var(--line); font-weight: 600; }
table.diff { border-collapse: collapse; width: 100%; table-layout: fixed; }
table.diff td { padding: 0 8px; vertical-align: top; }
table.diff col.ln { width: 52px; }
table.diff td.ln { font-family: ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12px; text-align: right; color: var(--muted); user-select: none; }
table.diff td.code { white-space: pre-wrap; overflow-wrap: anywhere; tab-size: 8; }
tr.line.add td { background: var(--add); } tr.line.add td.ln { background: var(--add-ln); }
tr.line.del td { background: var(--del); } tr.line.del td.ln { background: var(--del-ln); }
tr.line.flagged td.code { box-shadow: inset 3px 0 0 var(--warning); font-weight: 600; }
tr.hunk-header td { background: var(--hunk); color: var(--muted); padding: 2px 10px; }
tr.finding > td, tr.finding-marks-row > td, tr.question-inline > td { padding: 6px 10px 8px 70px; background: #fff; }
.finding-box, .card, .finding-marks { font-family: system-ui, sans-serif; font-size: 14px; white-space: normal; }
.finding-box { border: 1px solid var(--line); border-top: 0; border-radius: 6px; overflow: hidden; background: #fff; }
.finding-box > .concern, .finding-box > .finding-marks { border-top: 1px solid var(--line); }
.concern { border-left: 5px solid var(--info); padding: 8px 12px; }
.card { border: 1px solid var(--line); border-left: 5px solid var(--info); border-radius: 6px; padding: 8px 12px; background: #fff; margin: 8px 0; }
.card.mark { padding: 4px 12px; font-size: 13px; }
.finding-marks { list-style: none; margin: 0; padding: 4px 12px; font-size: 13px; }
.finding-marks .mark { border-left: 3px solid var(--info); padding: 1px 0 1px 8px; margin: 2px 0; }
.concern.sev-error, .card.sev-error, .mark.sev-error { border-left-color: var(--error); }
.concern.sev-warning, .card.sev-warning, .mark.sev-warning { border-left-color: var(--warning); }
.finding-head { display: flex; flex-wrap: wrap; gap: 4px 10px; align-items: baseline; }
.finding-title { font-weight: 600; }
.finding p, .finding-box p { margin: 4px 0; }
.finding-related ul, .finding-places ul { margin: 4px 0; padding-left: 20px; }
.question { border: 1px solid var(--line); border-radius: 6px; padding: 8px 12px; margin: 10px 0; }
.question blockquote { margin: 6px 0; padding-left: 10px; border-left: 3px solid var(--line); white-space: pre-wrap; }
.question pre, .commit-message pre { background: var(--bg-soft); padding: 6px 10px; border-radius: 4px; white-space: pre-wrap; overflow-wrap: anywhere; margin: 6px 0; }
.question-inline .inline-q { border: 1px dashed #8250df; border-radius: 6px; padding: 4px 10px; font-family: system-ui, sans-serif; font-size: 14px; white-space: normal; }
details.commit-message summary { cursor: pointer; color: var(--muted); }
ul.changes { margin: 4px 0; }
.notes li { white-space: pre-wrap; }
`;

export const REPORT_JS = `
(function () {
  var form = document.getElementById('filters');
  if (!form) return;
  function apply() {
    var severity = {};
    form.querySelectorAll('input[name="severity"]').forEach(function (box) { severity[box.value] = box.checked; });
    var category = form.querySelector('select[name="category"]').value;
    function wanted(el) {
      return severity[el.getAttribute('data-severity')] === true &&
        (category === '' || el.getAttribute('data-category') === category);
    }
    var shown = 0;
    var total = 0;
    document.querySelectorAll('[data-finding]').forEach(function (el) {
      var n = Number(el.getAttribute('data-count')) || 1;
      el.hidden = !wanted(el);
      total += n;
      if (!el.hidden) shown += n;
    });
    document.querySelectorAll('[data-mark]').forEach(function (el) { el.hidden = !wanted(el); });
    document.querySelectorAll('[data-group]').forEach(function (el) {
      el.hidden = el.querySelector('[data-finding]:not([hidden]), [data-mark]:not([hidden])') === null;
    });
    var count = document.getElementById('filter-count');
    if (count) count.textContent = shown + ' of ' + total + ' findings shown';
  }
  form.addEventListener('change', apply);
  form.addEventListener('submit', function (event) { event.preventDefault(); });
  apply();
})();
`;

/** The CSP source expression that allows exactly this inline text. */
function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

export function contentSecurityPolicy(): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(REPORT_CSS)}`,
    `script-src ${cspHash(REPORT_JS)}`,
    "img-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}
