// The one-line terminal status of long commands: written only to a TTY, never with --quiet.
//
// Hand-made rather than cli-progress: the callers report free text (a count of
// messages stored, "building the ledger", "checking N series"), only one knows a
// total, and cli-progress saves and restores the cursor around its bar (ESC 7 /
// ESC 8), so a warning printed while the line is up is wiped when it stops; it
// also turns autowrap off until then and keeps a redraw timer running.
import type { GlobalOptions, Io } from './io.ts';

/** Redraws closer together than this are skipped unless forced. */
const MIN_REDRAW_MS = 100;

/** A single status line on a terminal; nothing otherwise or with --quiet. */
export class Progress {
  private last = 0;
  private shown = false;
  constructor(private readonly io: Io, private readonly enabled: boolean) {}

  static for(io: Io, opts: Pick<GlobalOptions, 'quiet'>): Progress {
    return new Progress(io, io.isTTY && !opts.quiet);
  }

  /** Replaces the line with `text`; `force` draws even right after the last redraw. */
  update(text: string, force = false): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (!force && now - this.last < MIN_REDRAW_MS) return;
    this.last = now;
    this.shown = true;
    this.io.err(`\r\x1b[2K${text}`);
  }

  /** Clears the line if anything was drawn. */
  done(): void {
    if (this.enabled && this.shown) this.io.err('\r\x1b[2K');
    this.shown = false;
  }
}
