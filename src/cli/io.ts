// What every command shares with the entry point: where output goes, the global options, exit codes.
// Exit codes: 0 success, 1 findings at or above --fail-on (review) or a failing rule case (test-rules),
// 2 usage or input error.
import type { ProgressSink } from '../app/progress.ts';
import { terminalSafe } from '../util/safe-text.ts';

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;
/** A bug in mm-review (the message says "internal error"); distinct so that scripts can tell it from a mistake in the input. */
export const EXIT_INTERNAL = 3;

export interface GlobalOptions {
  db?: string;
  quiet?: boolean;
}

/** Where commands write; tests replace it. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
  /** Standard output is a terminal (a report then defaults to the terminal form); false when not told. */
  outIsTTY?: boolean;
  /** The terminal's width when standard output is one (help wraps to it; 80 otherwise). */
  columns?: number;
}

/**
 * A progress sink whose status text is made terminal-safe first: it names sources (file paths), lore
 * URLs and message-ids, and the status line is drawn on the terminal as it is.
 */
export function safeProgress(sink: ProgressSink): ProgressSink {
  return {
    update: (text, force) => sink.update(terminalSafe(text), force),
    done: () => sink.done(),
  };
}
