// The I/O edge of ingest: everything that yields RawMessage values.
export {
  classifySource, readLocalSource, readMailDirectory, readMaildir, readMailFile, readStdin, readStdinMessages,
  type LocalMessages, type ReadOptions, type SourceKind,
} from './files.ts';
export {
  DEFAULT_LORE_BASE, encodeMessageId, fetchLoreThread, LoreError, loreBase, parseLoreInput, threadUrl, USER_AGENT,
  validateMessageId, type LoreFailure, type LoreOptions, type LoreTarget, type LoreThread,
} from './lore.ts';
export {
  headCommit, looksLikeGitDir, readPublicInbox, type PublicInboxOptions, type PublicInboxSummary,
} from './publicinbox.ts';
