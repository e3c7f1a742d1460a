// Shapes of the reviewer-question ledger. Plain data, serialisable.
import type { Address, PatchContent, Trailer } from '../domain/mail.ts';

/** Where a question sits: the patch (or cover) it answers and the code or text it quotes. */
export interface QuestionAnchor {
  /** Message-id of the patch or cover letter the reply belongs to. */
  targetId: string;
  /** Patch index; 0 for the cover letter. */
  patchIndex: number | null;
  /** 'diff' for quoted code, 'message' for the commit message or cover text, null when nothing is quoted. */
  part: 'diff' | 'message' | null;
  file: string | null;
  function: string | null;
  /** The quoted lines the question sits under (the last few, as quoted). */
  quoted: string[];
  /** New-side line number in the version the question was asked on (display only). */
  newNo: number | null;
  /** The file was located from the code the text names, not from a quote. */
  inferred?: boolean;
}

export type QuestionKind = 'question' | 'request' | 'concern';

export interface ExtractedQuestion {
  messageId: string;
  /** Order within the reply (0-based). */
  seq: number;
  askedBy: string;
  askedByEmail: string;
  /** A question asked, a change requested, or a concern or objection raised. */
  kind: QuestionKind;
  /** The whole review comment: its prose and the code lines it holds, one item a line. */
  text: string;
  /** The sentences that ask, request or object. */
  sentences: string[];
  anchor: QuestionAnchor;
  /** Whom it speaks to when that is not the series author (a name), else null. */
  addressedTo: string | null;
  /** Identifiers named in the asking sentences (flush_cache_range, PageAnonExclusive). */
  identifiers: string[];
  /** Identifiers the reviewer asks to drop or avoid. */
  removals: string[];
  /** Tree paths named in the asking sentences. */
  paths: string[];
}

export interface ReplyInput {
  id: string;
  from: Address;
  text: string;
}

export interface ExtractTarget {
  id: string;
  kind: 'patch' | 'cover';
  /** Patch index; 0 for the cover. */
  index: number;
  content: PatchContent | null;
  /** The whole mail text of the target (cover letters: their body). */
  messageText?: string;
}

export interface ExtractContext {
  seriesAuthorEmail: string;
  /** Further addresses of the author (other patches' senders); optional. */
  authors?: Address[];
  target: ExtractTarget;
  /** Who wrote the message the reply answers (null: the patch or cover itself, or unknown). */
  parentFrom?: Address | null;
  /** People of the thread a comment may name ("David, ..."): reviewers and authors. */
  people?: readonly Address[];
  /**
   * Where the reply sits in its thread: how many messages lie between the target and it (0: it
   * answers the target itself) and whether the author wrote one of them. Unknown when absent.
   */
  above?: { depth: number; author: boolean };
}

/** A message of a version's thread, as status derivation needs it. */
export interface ThreadMessage {
  id: string;
  from: Address;
  date: number | null;
  /** The message it answers (last In-Reply-To, else last References id). */
  parent: string | null;
  text: string;
  /** The patch or cover this message hangs under. */
  targetId: string;
  /** Trailers given in the message's own text. */
  trailers: Trailer[];
}

export type LedgerStatus = 'open' | 'answered' | 'resolved' | 'outdated';

export type EvidenceKind = 'answer' | 'acknowledgement' | 'trailer' | 'thanks' | 'changelog' | 'code' | 'path' | 'outdated'
  /** A person's decision (mm-review questions --set), which overrules what the mail shows. */
  | 'decision'
  /** Evidence a person's decision overruled (kept to be shown). */
  | 'overruled';

export interface Evidence {
  kind: EvidenceKind;
  /** Message-id that shows it (reply, cover or patch), when there is one. */
  messageId: string | null;
  /** Version the evidence comes from. */
  version: number;
  detail: string;
}

/** A patch of one version, parsed, for porting and code checks. */
export interface VersionPatch {
  index: number;
  messageId: string;
  /** Normalised subject title (no prefixes), for matching patches across versions. */
  title: string;
  content: PatchContent | null;
  /** The paths its diff touches, when known without parsing it (see VersionCode). */
  paths?: readonly string[];
  /** Its notes below `---` (changelog), when known without parsing the diff; else content.notes. */
  notes?: string;
}

/** The status a report shows (the ledger's own). */
export type QuestionStatus = LedgerStatus;

/** A reviewer question as the ledger gives it to a report (the report places it in its patch's diff). */
export interface LedgerQuestion {
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

/** A person's decision on a question, as the ledger applies it (store/ledger-overrides.ts keeps them). */
export interface QuestionDecision {
  status: 'resolved' | 'open';
  why: string;
  /** The newest version of the series when it was taken: it holds there and in later versions. */
  version: number | null;
  setBy: string | null;
  setAt: number;
}
