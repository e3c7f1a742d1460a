// Same-length rewriting of kernel C before tree-sitter sees it: comments and
// attribute-like macros are blanked, SYSCALL_DEFINEn headers become ordinary
// declarators, and brace-unbalanced #if branches are hidden (their calls are
// recovered lexically). Offsets and line numbers never move.
import { LineIndex, applyEdits, blankRanges, maskCode, mergeRanges } from './lexer.ts';
import type { Edit, MaskReset, Range } from './lexer.ts';
import { scanConditionals } from './conditionals.ts';
import type { ConditionalInfo } from './conditionals.ts';

/** Annotations that take no arguments and only decorate a declaration. */
const ANNOTATION_WORDS = [
  '__init', '__exit', '__initdata', '__initconst', '__exitdata', '__meminit', '__meminitdata',
  '__ref', '__refdata', '__read_mostly', '__ro_after_init', '__always_inline', 'noinline',
  '__noinline', '__maybe_unused', '__always_unused', '__must_check', '__user', '__kernel',
  '__iomem', '__rcu', '__percpu', '__force', '__bitwise', '__private', '__cold', '__hot',
  '__weak', '__pure', '__noreturn', '__sched', '__kprobes', 'notrace', '__latent_entropy',
  '__randomize_layout', '__packed', '__nocfi', 'noinstr', '__cpuidle', '__visible',
  'asmlinkage', '__flatten', '__deprecated', '__used', '__attribute_const__', '__init_or_module',
  '__lockfunc', '__init_memblock', '__initdata_memblock', '__refconst', '__nonstring', '__malloc', '__no_sanitize_address', '__no_kcsan', '__safe',
];

/** Annotations written with an argument list, blanked together with it. */
const ANNOTATION_CALLS = [
  '__releases', '__acquires', '__must_hold', '__cond_acquires', '__cond_releases',
  '__releases_shared', '__acquires_shared', '__attribute__', '__attribute', '__aligned',
  '__section', '__printf', '__scanf', '__alloc_size', '__counted_by', '__diagnose_as',
  '__assume_aligned', '__guarded_by', '__pt_guarded_by', '__free', '__cleanup',
];

const WORD_RE = new RegExp(`\\b(?:${ANNOTATION_WORDS.join('|')})\\b`, 'g');
const CALL_RE = new RegExp(`\\b(?:${ANNOTATION_CALLS.join('|')})\\s*\\(`, 'g');
const SYSCALL_RE = /^(COMPAT_)?SYSCALL_DEFINE(\d)\s*\(\s*(\w+)/gm;
const EXPORT_RE = /\bEXPORT_SYMBOL(?:_GPL)?(?:_NS(?:_GPL)?)?\s*\(\s*(\w+)/g;

export interface Prepared {
  /** The original text. */
  text: string;
  /** Comments and literal contents blanked. */
  masked: string;
  /** What tree-sitter parses. */
  parseText: string;
  lines: LineIndex;
  cond: ConditionalInfo;
  /** Offset of a SYSCALL_DEFINE name token -> the function name to report (sys_<name>). */
  syscallNames: Map<number, string>;
  exports: { name: string; line: number }[];
}

export function prepare(text: string, resets: MaskReset[] = []): Prepared {
  const { masked, comments } = maskCode(text, resets);
  const lines = new LineIndex(masked);
  const cond = scanConditionals(masked, lines);
  const blanks: Range[] = [...comments, ...cond.parseBlank];
  const remnant = leadingRemnant(masked);
  if (remnant) blanks.push(remnant);
  for (const m of masked.matchAll(WORD_RE)) blanks.push([m.index, m.index + m[0].length]);
  for (const m of masked.matchAll(CALL_RE)) {
    const close = matchParen(masked, m.index + m[0].length - 1);
    if (close > 0) blanks.push([m.index, close + 1]);
  }
  const merged = mergeRanges(blanks);
  const syscallNames = new Map<number, string>();
  const blanked = blankRanges(text, merged);
  const parseText = applyEdits(blanked, syscallEdits(blanked, syscallNames));
  const exports = [...masked.matchAll(EXPORT_RE)].map((m) => ({ name: m[1], line: lines.lineOf(m.index) }));
  return { text, masked, parseText, lines, cond, syscallNames, exports };
}

/** Index of the `)` matching the `(` at `open`, or -1. */
export function matchParen(masked: string, open: number, limit = 20000): number {
  let depth = 0;
  const end = Math.min(masked.length, open + limit);
  for (let i = open; i < end; i++) {
    const c = masked.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41 && --depth === 0) return i;
  }
  return -1;
}

/**
 * `SYSCALL_DEFINE3(name, t1, a1, t2, a2)` becomes `long name( t1 a1, t2 a2)`
 * in place: the macro name is blanked, the comma after the syscall name turns
 * into the parameter list's `(` and every type/name comma into a space.
 */
function syscallEdits(masked: string, names: Map<number, string>): Edit[] {
  const edits: Edit[] = [];
  for (const m of masked.matchAll(SYSCALL_RE)) {
    const open = masked.indexOf('(', m.index);
    const close = matchParen(masked, open);
    if (close < 0) continue;
    const nameAt = masked.indexOf(m[3], open);
    const chars = masked.slice(m.index, close + 1).split('');
    const rel = (abs: number): number => abs - m.index;
    for (let i = 0; i <= rel(open); i++) chars[i] = ' ';
    chars.splice(0, 4, 'l', 'o', 'n', 'g');
    let depth = 0;
    let comma = 0;
    let sawComma = false;
    for (let abs = nameAt + m[3].length; abs < close; abs++) {
      const c = masked[abs];
      if (c === '(') depth++;
      else if (c === ')') depth--;
      else if (c === ',' && depth === 0) {
        chars[rel(abs)] = comma === 0 ? '(' : comma % 2 === 1 ? ' ' : ',';
        comma++;
        sawComma = true;
      }
    }
    if (!sawComma) {
      // SYSCALL_DEFINE0(name): rebuild the header on its own line
      const header = `long ${m[3]}(void)`;
      if (header.length > chars.length || masked.slice(m.index, close).includes('\n')) continue;
      edits.push({ start: m.index, end: close + 1, text: header.padEnd(chars.length, ' ') });
      names.set(m.index + 5, `${m[1] ? 'compat_' : ''}sys_${m[3]}`);
      continue;
    }
    edits.push({ start: m.index, end: close + 1, text: chars.join('') });
    names.set(nameAt, `${m[1] ? 'compat_' : ''}sys_${m[3]}`);
  }
  return edits;
}

/**
 * A diff fragment can start inside a parameter list or a call (`  spinlock_t *b)`):
 * the unmatched `)` makes tree-sitter swallow the statement after it. Hide the
 * fragment's text up to the end of the line holding that `)`. Whole files never
 * start this way.
 */
function leadingRemnant(masked: string, maxLines = 40): Range | null {
  let depth = 0;
  let line = 0;
  for (let i = 0; i < masked.length; i++) {
    const ch = masked[i];
    if (ch === '\n' && ++line >= maxLines) return null;
    if (ch === '{' || ch === ';') {
      if (depth === 0) return null;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth < 0) {
      const end = masked.indexOf('\n', i);
      return [0, end < 0 ? masked.length : end];
    }
  }
  return null;
}
