// How a use case reports progress on long work; the CLI shows it on a terminal, tests and --quiet ignore it.
export interface ProgressSink {
  /** A one-line status; `force` shows it even if the last one was very recent. */
  update(text: string, force?: boolean): void;
  /** Clears the status line. */
  done(): void;
}

export const silentProgress: ProgressSink = { update: () => {}, done: () => {} };
