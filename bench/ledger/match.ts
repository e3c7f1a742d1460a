// Matching ledger entries to labelled concerns, one-to-one, within each review reply.
//
// A ledger entry can only match a concern raised by the same reply (same message-id). Within a reply:
//   - one entry and one concern: they match, whatever their texts (the reply makes one point and the
//     ledger found one);
//   - otherwise every (entry, concern) pair of the reply is scored (pairScore below) and pairs are taken
//     greedily, best score first, each entry and each concern at most once; a pair scoring under
//     MIN_PAIR_SCORE is not taken (the entry is another point of the reply, or a duplicate). Ties go to
//     the pair whose positions in the reply agree best (the entry's order vs the concern's order).
// pairScore = word overlap + identifier bonus + anchor bonus, and a pair needs some textual evidence:
//   - word overlap: content words (lower-cased, stop words and words under 3 letters dropped, a plural or
//     -ing/-ed ending cut, identifiers also split at '_') of the entry text against the concern summary,
//     as |A n B| / sqrt(|A| * |B|) (0..1);
//   - identifiers (names with '_', CamelCase, a call `foo()`, a path or a .c/.h file) that the entry text
//     names and the concern names (in its summary, or as its anchor function): +0.2 each, at most +0.4;
//   - anchor: +0.1 when entry and concern name the same function, +0.05 the same file. Anchor agreement
//     alone never makes a match (all points of one reply to one hunk share it): a pair with neither a
//     shared word nor a shared identifier is not taken.
import type { LedgerRow } from '../../src/app/questions.ts';
import type { LabelConcern } from './labels.ts';

/** What the evaluation reads of a ledger row (LedgerRow of the app layer). */
export type EvalEntry = Pick<LedgerRow, 'id' | 'messageId' | 'seriesKey' | 'version' | 'text' | 'file' | 'function' | 'status'
  | 'acknowledged' | 'answerMessageId' | 'resolvedIn' | 'evidence' | 'carriedTo'>;

export const MIN_PAIR_SCORE = 0.12;

const STOP = new Set(`
a about above after again against all also although am an and any are aren as at be because been before being below between both
but by can cannot could did didn do does doesn doing don done down during each either else even ever every few for from further
had has hasn have having he her here hers him his how however i if in into is isn it its itself just least less let like likely
may maybe me might more most much must my no nor not now of off on once one only or other our ours out over own perhaps please
quite rather really said same say says she should shouldn since so some still such than that the their theirs them then there
these they this those though through thus to too under until up upon us very was wasn we were weren what when where whether which
while who whom why will with within without would wouldn yes yet you your yours
think thought wonder wondering guess seem seems seemed sure probably actually instead either anyway also again already
patch patches series version code change changes changed point reviewer author asks asked ask suggests suggest
suggested wants want wanted needs need needed should make makes made use uses used using get gets got add adds added
thing things way ways something anything case cases better good fine right wrong new old
`.split(/\s+/).filter(Boolean));

const SUFFIXES = ['ations', 'ation', 'ings', 'ing', 'ies', 'ied', 'ed', 'es', 's'];

function stem(word: string): string {
  for (const s of SUFFIXES) {
    if (word.endsWith(s) && word.length - s.length >= 4) return word.slice(0, -s.length) + (s === 'ies' || s === 'ied' ? 'y' : '');
  }
  return word;
}

const TOKEN = /[A-Za-z0-9_][A-Za-z0-9_./-]*[A-Za-z0-9_](?:\(\))?|[A-Za-z]/g;

/** Whether a token names code: has '_', CamelCase, a call's parentheses, a path, or a .c/.h file name. */
function isIdentifier(token: string): boolean {
  return /_/.test(token) || /[a-z][A-Z]/.test(token) || token.endsWith('()') || /\//.test(token) || /\.[ch]$/.test(token);
}

export interface TextFeatures {
  words: Set<string>;
  identifiers: Set<string>;
}

/** Content words and identifiers of a text (plus extra identifiers: a file, a function). */
export function features(text: string, extraIdentifiers: readonly (string | null)[] = []): TextFeatures {
  const words = new Set<string>();
  const identifiers = new Set<string>();
  const addWord = (w: string) => {
    const lower = w.toLowerCase();
    if (lower.length >= 3 && !STOP.has(lower) && !/^\d+$/.test(lower)) words.add(stem(lower));
  };
  for (const raw of text.match(TOKEN) ?? []) {
    const token = raw.replace(/[./-]+$/, '');
    if (isIdentifier(token)) {
      const id = token.replace(/\(\)$/, '').toLowerCase();
      identifiers.add(id);
      if (id.includes('/')) identifiers.add(id.slice(id.lastIndexOf('/') + 1));
      for (const part of id.split(/[_./-]+/)) addWord(part);
    } else {
      for (const part of token.split(/[./-]+/)) addWord(part);
    }
  }
  for (const x of extraIdentifiers) {
    if (!x) continue;
    const id = x.toLowerCase();
    identifiers.add(id);
    if (id.includes('/')) identifiers.add(id.slice(id.lastIndexOf('/') + 1));
  }
  return { words, identifiers };
}

function shared<T>(a: ReadonlySet<T>, b: ReadonlySet<T>): number {
  let n = 0;
  for (const x of a) if (b.has(x)) n++;
  return n;
}

export interface PairScore {
  score: number;
  words: number;
  identifiers: number;
  anchor: number;
}

/** How well an entry and a concern of the same reply agree (see the file's header); 0 without textual evidence. */
export function pairScore(entry: Pick<EvalEntry, 'text' | 'file' | 'function'>, concern: Pick<LabelConcern, 'concern' | 'anchor'>): PairScore {
  const e = features(entry.text);
  const c = features(concern.concern, [concern.anchor.function]);
  const words = e.words.size && c.words.size ? shared(e.words, c.words) / Math.sqrt(e.words.size * c.words.size) : 0;
  const identifiers = Math.min(0.4, 0.2 * shared(e.identifiers, c.identifiers));
  if (words === 0 && identifiers === 0) return { score: 0, words, identifiers, anchor: 0 };
  const sameFn = entry.function !== null && concern.anchor.function !== null && entry.function === concern.anchor.function;
  const sameFile = entry.file !== null && concern.anchor.file !== null && entry.file === concern.anchor.file;
  const anchor = (sameFn ? 0.1 : 0) + (sameFile ? 0.05 : 0);
  return { score: words + identifiers + anchor, words, identifiers, anchor };
}

export interface Match {
  entry: EvalEntry;
  concern: LabelConcern;
  score: number;
  /** 'single': the reply's only entry and only concern; 'scored': best pair of a reply with several. */
  how: 'single' | 'scored';
}

export interface Matching {
  matches: Match[];
  /** Entry id -> its match. */
  byEntry: Map<string, Match>;
  /** Concern id -> its match. */
  byConcern: Map<string, Match>;
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** Order of an entry within its reply (the `#seq` of its id), for tie-breaks. */
function seqOf(e: EvalEntry): number {
  const m = /#(\d+)$/.exec(e.id);
  return m ? Number(m[1]) : 0;
}

/** One-to-one matching of a thread's entries and concerns (entries by id, concerns by id; see the header). */
export function matchThread(concerns: readonly LabelConcern[], entries: readonly EvalEntry[]): Matching {
  const matches: Match[] = [];
  const entriesOf = groupBy(entries, (e) => e.messageId);
  for (const [reply, cs] of groupBy(concerns, (c) => c.messageId)) {
    const es = [...(entriesOf.get(reply) ?? [])].sort((a, b) => seqOf(a) - seqOf(b));
    if (es.length === 0) continue;
    if (es.length === 1 && cs.length === 1) {
      matches.push({ entry: es[0]!, concern: cs[0]!, score: pairScore(es[0]!, cs[0]!).score, how: 'single' });
      continue;
    }
    const pairs: { e: number; c: number; score: number; drift: number }[] = [];
    for (let i = 0; i < es.length; i++) {
      for (let j = 0; j < cs.length; j++) {
        const score = pairScore(es[i]!, cs[j]!).score;
        const drift = Math.abs((es.length > 1 ? i / (es.length - 1) : 0) - (cs.length > 1 ? j / (cs.length - 1) : 0));
        if (score >= MIN_PAIR_SCORE) pairs.push({ e: i, c: j, score, drift });
      }
    }
    pairs.sort((a, b) => b.score - a.score || a.drift - b.drift || a.e - b.e || a.c - b.c);
    const usedE = new Set<number>();
    const usedC = new Set<number>();
    for (const p of pairs) {
      if (usedE.has(p.e) || usedC.has(p.c)) continue;
      usedE.add(p.e);
      usedC.add(p.c);
      matches.push({ entry: es[p.e]!, concern: cs[p.c]!, score: p.score, how: 'scored' });
    }
  }
  return {
    matches,
    byEntry: new Map(matches.map((m) => [m.entry.id, m])),
    byConcern: new Map(matches.map((m) => [m.concern.id, m])),
  };
}
