// Reports of build and test robots (kernel test robot, syzbot) as review concerns: one per report,
// its first warning or error lines as the text, anchored to the file (and function) they name. Such
// a report asks for a fix as surely as a reviewer does, and a later changelog credits the robot. Pure.
import type { Address } from '../domain/mail.ts';
import type { ChangelogLine } from './changelog.ts';
import type { Evidence, ExtractedQuestion, VersionPatch } from './types.ts';

const ROBOTS = [/^lkp@intel\.com$/i, /^syzbot\b/i, /\bkernel test robot\b/i, /\bsyzbot\b/i];

/** A build or test robot whose reports the ledger tracks (other bots only chat). */
export function isTestRobot(from: Address): boolean {
  return ROBOTS.some((re) => re.test(from.email) || re.test(from.name));
}

/** "mm/foo.c:12:5: error: ...", "mm/foo.c:1380 remap_pages() warn: ...", "include/x.h:9:1: warning: ...". */
const DIAGNOSTIC = /^(?:>+\s*)?([\w./+-]+\.(?:c|h|S|rs)):(\d+)(?::\d+)?:?\s+(?:([A-Za-z_]\w*)\(\)\s+)?(?:fatal error|error|warning|warn|note|sparse|WARNING|ERROR):?\s+(.+)$/;
/** "In function 'foo':" names the function the next diagnostics are in. */
const IN_FUNCTION = /In function '([A-Za-z_]\w*)'/;
/** syzbot's title: "syzbot found the following issue ...", then "BUG: ..." / "WARNING in ...". */
const CRASH = /^(?:BUG|WARNING|KASAN|UBSAN|general protection fault|kernel BUG|INFO|possible deadlock)[: ].{4,}$/;

export interface RobotReport {
  /** The report's first diagnostics, one a line (at most three). */
  text: string;
  file: string | null;
  function: string | null;
}

/** The warnings or errors a robot's reply reports; null when it reports none (a "tested, all fine", a thanks). */
export function robotReport(body: string): RobotReport | null {
  const seen = new Set<string>();
  const lines: string[] = [];
  let file: string | null = null;
  let fn: string | null = null;
  let lastFunction: string | null = null;
  for (const raw of body.split('\n', 2000)) {
    const line = raw.trim().replace(/^>+\s*/, '');
    const inFn = IN_FUNCTION.exec(line);
    if (inFn) lastFunction = inFn[1]!;
    const d = DIAGNOSTIC.exec(line);
    const crash = !d && CRASH.test(line) ? line : null;
    if (!d && !crash) continue;
    const shown = crash ?? line;
    if (seen.has(shown) || lines.length >= 3) continue;
    seen.add(shown);
    lines.push(shown.length > 300 ? `${shown.slice(0, 299)}…` : shown);
    if (d && file === null) {
      file = d[1]!;
      fn = d[3] ?? lastFunction;
    }
  }
  if (lines.length === 0) return null;
  return { text: lines.join('\n'), file, function: fn };
}

/** A changelog line announcing a build or checker fix: "fixed build for !CONFIG_FOO", "fix a sparse warning". */
const BUILD_FIX = /\b(?:fix(?:e[sd])?|address(?:e[sd])?|resolve[sd]?|silence[sd]?)\b[^.;]{0,60}?\b(?:build|compil(?:e|er|ation)|warnings?|errors?|sparse|smatch|coccinelle|W=1)\b|\b(?:build|compile|compilation) (?:fix|error|failure|warning|breakage)s?\b/i;

/** A concern that reports a build or checker problem: a robot's report, or a reviewer pasting a compiler diagnostic. */
export function reportsBuildProblem(q: Pick<ExtractedQuestion, 'text'>): boolean {
  return q.text.split('\n').some((l) => DIAGNOSTIC.test(l.trim()));
}

/**
 * Evidence that the next version fixed a reported build problem: a changelog line of the cover or of
 * the reported patch's successor that announces a build fix, or a Reported-by for the reporter that
 * the patch did not carry before.
 */
export function buildFixEvidence(q: Pick<ExtractedQuestion, 'text' | 'askedByEmail'>, lines: readonly ChangelogLine[],
  before: VersionPatch | null, after: VersionPatch | null, version: number): Evidence[] {
  if (!reportsBuildProblem(q)) return [];
  const line = lines.find((l) => (l.patchIndex === 0 || l.patchIndex === after?.index) && BUILD_FIX.test(l.line));
  if (line) return [{ kind: 'changelog', messageId: line.messageId, version, detail: `v${version} changelog: "${line.line}"` }];
  const email = q.askedByEmail.toLowerCase();
  const reported = (p: VersionPatch | null): boolean => (p?.content?.trailers ?? []).some((t) => t.key.toLowerCase() === 'reported-by' && t.email?.toLowerCase() === email);
  if (after && email && reported(after) && !reported(before)) {
    return [{ kind: 'trailer', messageId: after.messageId, version, detail: `v${version} carries a Reported-by for ${q.askedByEmail}` }];
  }
  return [];
}
