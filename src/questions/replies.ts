// A reply split once and reused: its blocks, the word key of every quote block,
// and its own (new) text. The ledger looks at each author reply once per question,
// so splitting is memoised (bounded). Pure apart from the memo.
import type { ReplyBlock } from '../domain/mail.ts';
import { splitReply } from '../ingest/reply-blocks.ts';
import { wordKey } from './text.ts';

export interface ParsedReply {
  blocks: ReplyBlock[];
  /** wordKey of quote block `i`'s text (computed on first use); '' for new-text and attribution blocks. */
  quoteKey: (i: number) => string;
  /** wordKey of the last non-blank line of quote block `i` (computed on first use); '' for others. */
  quoteTail: (i: number) => string;
  /** Quote block `i`'s text lower-cased (computed on first use); '' for others. */
  quoteLower: (i: number) => string;
  /** Every block's quoteKey joined with spaces (computed on first use). */
  readonly allQuoteKeys: string;
  /** The reply's own text (new blocks, attributions left out). */
  newText: string;
  hasQuotes: boolean;
}

const MEMO_LIMIT = 512;
const memo = new Map<string, ParsedReply>();

export function parseReply(text: string): ParsedReply {
  const hit = memo.get(text);
  if (hit) return hit;
  const blocks = splitReply(text);
  const keys: (string | undefined)[] = [];
  const tails: (string | undefined)[] = [];
  const lowers: (string | undefined)[] = [];
  let newText: string | undefined;
  let allKeys: string | undefined;
  const parsed: ParsedReply = {
    blocks,
    quoteKey: (i) => {
      const b = blocks[i];
      if (!b || b.kind !== 'quote' || b.attribution) return '';
      return (keys[i] ??= wordKey(b.lines.join(' ')));
    },
    quoteTail: (i) => {
      const b = blocks[i];
      if (!b || b.kind !== 'quote' || b.attribution) return '';
      if (tails[i] === undefined) {
        let last = b.lines.length - 1;
        while (last >= 0 && !b.lines[last]!.trim()) last--;
        tails[i] = last >= 0 ? wordKey(b.lines[last]!) : '';
      }
      return tails[i]!;
    },
    quoteLower: (i) => {
      const b = blocks[i];
      if (!b || b.kind !== 'quote' || b.attribution) return '';
      return (lowers[i] ??= b.lines.join(' ').toLowerCase());
    },
    get allQuoteKeys(): string {
      allKeys ??= blocks.map((_, i) => parsed.quoteKey(i)).join(' ');
      return allKeys;
    },
    get newText(): string {
      newText ??= blocks.filter((b) => b.kind === 'new' && !b.attribution).map((b) => b.lines.join('\n')).join('\n');
      return newText;
    },
    hasQuotes: blocks.some((b) => b.kind === 'quote' && !b.attribution),
  };
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(text, parsed);
  return parsed;
}

/** The new-text lines right after block `at` (up to the next quote), attributions left out. */
export function linesAfter(parsed: ParsedReply, at: number): string[] {
  const out: string[] = [];
  for (let j = at + 1; j < parsed.blocks.length && parsed.blocks[j]!.kind === 'new'; j++) {
    if (!parsed.blocks[j]!.attribution) out.push(...parsed.blocks[j]!.lines, '');
  }
  return out;
}
