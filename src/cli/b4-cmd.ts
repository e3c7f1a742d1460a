// `mm-review b4-check`: the check command for b4's review mode (b4.review-perpatch-check-cmd). Reads
// one message on stdin, prints b4's JSON results on stdout and exits 0 whenever it printed them; bad
// input is one line on stderr and a non-zero exit with nothing on stdout, which b4 shows as an error.
import type { Command } from 'commander';
import { b4Check, readCheckInput } from '../app/b4-check.ts';
import { FAIL_ON, isFailOn } from '../app/review.ts';
import { renderB4Check } from '../report/b4.ts';
import { InputError } from '../util/errors.ts';
import { terminalSafe } from '../util/safe-text.ts';
import { globalOptions, Progress } from './context.ts';
import { safeProgress, type Io } from './io.ts';

interface B4CheckOptions {
  tree?: string;
  rules?: string;
  failOn: string;
}

export function registerB4Check(program: Command, io: Io, _setExit: (code: number) => void): void {
  program.command('b4-check')
    .description("check the one message on stdin for b4's review mode and print b4's JSON results (exit 0 whenever they are printed)")
    .option('--tree <dir>', 'kernel git checkout: apply the patch on its base and analyse whole functions (default: $MM_REVIEW_TREE)')
    .option('--rules <dir>', 'rules directory (default: the bundled rules/)')
    .option('--fail-on <severity>', 'status "fail" from this severity up (error, warning, info or never); other errors and warnings are "warn"', 'error')
    .addHelpText('after', '\nWithout --db the review runs on an in-memory store: checked patches do not go into your store.\nSet up in git: git config b4.review-perpatch-check-cmd "mm-review b4-check"')
    .action(async (o: B4CheckOptions, c: Command) => {
      const failOn = o.failOn;
      if (!isFailOn(failOn)) throw new InputError(`--fail-on: unknown severity "${failOn}" (use ${FAIL_ON.join(', ')})`);
      const g = globalOptions(c);
      const progress = safeProgress(Progress.for(io, g));
      const message = await readCheckInput(process.stdin);
      try {
        const verdicts = await b4Check({
          message,
          // Only a store named with --db: $MM_REVIEW_DB is the user's everyday store.
          db: g.db,
          rulesDir: o.rules,
          treeDir: o.tree ?? (process.env.MM_REVIEW_TREE || undefined),
          failOn,
          progress,
          onWarning: (w) => { if (!g.quiet) io.err(`warning: ${terminalSafe(w)}\n`); },
          onTreeStatus: (t) => { if (!g.quiet) io.err(`tree: ${terminalSafe(t)}\n`); },
        });
        io.out(renderB4Check(verdicts));
      } finally {
        progress.done();
      }
    });
}
