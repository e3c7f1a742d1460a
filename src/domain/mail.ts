// The shared data model of mm-review. Every pipeline stage consumes and
// produces these plain, serialisable shapes; nothing here does I/O.

/** One message exactly as a source delivered it, before any parsing. */
export interface RawMessage {
  bytes: Buffer;
  /** Where it came from, for warnings: "series.mbox#3", "git:<commit>", "lore:<id>". */
  origin: string;
}

export interface Address {
  name: string;
  /** Lower-cased address; "" when the header had none. */
  email: string;
}

/** To and Cc as header values: what the store keeps, read into addresses only when asked for. */
export interface RecipientHeaders {
  to: string[];
  cc: string[];
}

/** A parsed email. Identity is `id` (the Message-ID without angle brackets). */
export interface Message {
  id: string;
  /** True when the message had no usable Message-ID and `id` was derived from its bytes. */
  syntheticId: boolean;
  from: Address;
  /** Read from recipientHeaders on first use (see lazyAddresses in ingest/parse-address.ts). */
  readonly to: Address[];
  readonly cc: Address[];
  /** The To and Cc header values as received (unfolded, undecoded); absent on messages built in code. */
  recipientHeaders?: RecipientHeaders;
  /** Milliseconds since the epoch, or null when the Date header is missing or unreadable. */
  date: number | null;
  /** Decoded, unfolded subject. */
  subject: string;
  /** Every id from every In-Reply-To header (lists duplicate headers), in order, deduplicated. */
  inReplyTo: string[];
  /** Every id from every References header, in order, deduplicated. */
  references: string[];
  /** The text/plain body, decoded to UTF-8, with LF line endings. HTML parts are ignored. */
  text: string;
  /** Selected headers that later stages use (lower-case names): list-id, x-mailer, x-patchwork-*... */
  headers: Record<string, string>;
  origin: string;
  /** Raw size in bytes. */
  size: number;
  /** Non-fatal problems met while parsing (unknown charset, broken MIME part...). */
  warnings: string[];
}

/** What a subject line says about the message's place in a series. */
export interface SubjectInfo {
  /** Subject with Re:/Fwd: and every [..] prefix removed. */
  title: string;
  /** Started with Re:, Aw:, Fwd: and the like. */
  isReply: boolean;
  /** Had a PATCH-like tag (PATCH, RFC, PATCHv3...). */
  isPatch: boolean;
  isRfc: boolean;
  /** 1 when no version is given. */
  version: number;
  /** Whether a version was written explicitly. */
  versionExplicit: boolean;
  /** n of "n/N"; 0 for a cover letter; null when unnumbered. */
  index: number | null;
  total: number | null;
  /** Other words from the prefix (net-next, mm-unstable...). */
  prefixes: string[];
}

export type FileStatus = 'modified' | 'added' | 'deleted' | 'renamed' | 'copied';

export interface DiffLine {
  kind: ' ' | '+' | '-';
  text: string;
  /** Line number on the old side (null for '+'). */
  oldNo: number | null;
  /** Line number on the new side (null for '-'). */
  newNo: number | null;
  /** Followed by "\ No newline at end of file". */
  noNewline?: boolean;
}

export interface Hunk {
  oldStart: number;
  oldCount: number;
  newStart: number;
  newCount: number;
  /** The function context git prints after the second @@ (may be ""). */
  section: string;
  lines: DiffLine[];
}

export interface FilePatch {
  /** Path without a/ prefix; null for a new file. */
  oldPath: string | null;
  /** Path without b/ prefix; null for a deleted file. */
  newPath: string | null;
  status: FileStatus;
  oldMode: string | null;
  newMode: string | null;
  /** Abbreviated blob ids from the `index` line, when present. */
  oldBlob: string | null;
  newBlob: string | null;
  similarity: number | null;
  binary: boolean;
  /** Came with a `diff --git` header (false for plain unified diffs). */
  git: boolean;
  hunks: Hunk[];
}

export interface Trailer {
  /** Canonical capitalisation: Reviewed-by, Acked-by, Signed-off-by... */
  key: string;
  value: string;
  name: string | null;
  email: string | null;
}

/** A patch email split into its parts. */
export interface PatchContent {
  /** Commit message body (above the first `---` or the diff). */
  commitMessage: string;
  /** Notes between `---` and the diff: changelog, diffstat. */
  notes: string;
  /** The diff text exactly as found (LF endings). */
  diff: string;
  files: FilePatch[];
  /** Trailers from the commit message's last paragraph. */
  trailers: Trailer[];
  baseCommit: string | null;
  changeId: string | null;
  /** Problems met in the diff (path leaves the tree, malformed hunk...). */
  warnings: string[];
}

/** Where a quoted line of a reply points in the series. */
export interface QuoteAnchor {
  patchId: string;
  /** Null when the quote is from the commit message or cover letter. */
  file: string | null;
  newNo: number | null;
  oldNo: number | null;
  /** Hunk section (function context) of the quoted line. */
  section: string | null;
  /** 'diff' | 'message' (commit message or cover text). */
  part: 'diff' | 'message';
}

export interface ReplyBlock {
  kind: 'quote' | 'new';
  /** Lines with quote markers stripped (for quotes) or as written (new text). */
  lines: string[];
  /** Quote depth (1 for "> ", 2 for "> > "); 0 for new text. */
  depth: number;
  /** For a quote block: the position of its last quoted diff line. */
  anchor: QuoteAnchor | null;
  /** Only an attribution line ("On Mon, ..., X wrote:"): not a comment, not quoted code. */
  attribution?: boolean;
}

export interface SeriesPatchRef {
  index: number;
  messageId: string;
}

/** One version of one series, as grouped from a set of messages. */
export interface SeriesVersion {
  /** Stable key: the cover's message-id, else the first patch's. */
  key: string;
  title: string;
  version: number;
  isRfc: boolean;
  author: Address;
  /** Date of the earliest message of the version (ms). */
  date: number | null;
  coverId: string | null;
  /** Sorted by index; extra patches (3/2) included. */
  patches: SeriesPatchRef[];
  /** N of n/N (the largest seen); 1 for a lone patch. */
  total: number;
  complete: boolean;
  /** change-id trailer of the cover or first patch, when present. */
  changeId: string | null;
  /** Key of the previous version of the same series, when linked. */
  previousKey: string | null;
}
