// What every command shares with the entry point: where output goes, the global options, exit codes.
// Exit codes: 0 success, 1 findings at or above --fail-on (review) or a failing rule case (test-rules),
// 2 usage or input error.
export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export interface GlobalOptions {
  db?: string;
  quiet?: boolean;
}

/** Where commands write; tests replace it. */
export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  isTTY: boolean;
}

