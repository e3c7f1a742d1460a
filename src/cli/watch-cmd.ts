// `mm-review watch <source> [--post [<target>...]] [--once | --interval S] [--quiet-period S]`: follow a
// list (a local public-inbox mirror, or lore search), review each new series version once complete
// or quiet, and post it. Quiet unless something happened (cron); one watcher per store, a second one
// exits 0 saying so; SIGINT/SIGTERM end a looping watcher between rounds.
// A watcher posts only when its command line says --post: with no value, to the user config file's
// `post:` targets; a config entry alone never makes a watcher post. Rules and lore base come from the
// configuration as for `review`.
import type { Command } from 'commander';
import { assertWatchUsable, resolveWatchSource, checkRules, checkTargets, watchRound, WatchLock, type RoundResult } from '../app/watch.ts';
import { loadConfig, loreBaseOption, postTargets } from '../app/config.ts';
import { InputError } from '../util/errors.ts';
import { terminalSafe } from '../util/safe-text.ts';
import { globalOptions, openDb, Progress } from './context.ts';
import { EXIT_FINDINGS, safeProgress, type Io } from './io.ts';
import { addRuleSwitchOptions, type RuleSwitchOptions } from './config-cmd.ts';

interface WatchOptions extends RuleSwitchOptions {
  /** Targets; `true` for a bare --post (the config file's `post:`). */
  post?: string[] | true;
  once?: boolean;
  interval?: string;
  quietPeriod?: string;
  rules?: string;
  loreBase?: string;
}

const DEFAULT_INTERVAL_SEC = 300;
const DEFAULT_QUIET_SEC = 1800;
/** Lore search is asked at most this often by a looping watcher. */
const LORE_MIN_INTERVAL_SEC = 60;

function seconds(text: string | undefined, option: string, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n < 0) throw new InputError(`${option}: not a number of seconds: ${text}`);
  return n;
}

/** Resolves after `ms`, or at once when `stop` is raised. */
function pause(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      stop.removeEventListener('abort', done);
      resolve();
    }
    stop.addEventListener('abort', done);
  });
}

export function registerWatch(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program.command('watch')
    .description('follow a list (a public-inbox mirror or lore search): review each new series version when complete or quiet, and post it')
    .argument('<source>', 'a public-inbox epoch (git/0.git), a v2 inbox folder (git/N.git inside), or a lore list URL (https://lore.kernel.org/linux-mm/)')
    .option('--post [target...]', "post each review here (as `post --to`); with no target, to the config file's post: targets")
    .option('--once', 'one round, then exit (for cron)')
    .option('--interval <seconds>', `seconds between rounds (default ${DEFAULT_INTERVAL_SEC})`)
    .option('--quiet-period <seconds>', `review an incomplete series after no part of it arrived for this long (default ${DEFAULT_QUIET_SEC})`)
    .option('--rules <dir>', 'rules directory (default: the bundled rules/)')
    .option('--lore-base <url>', 'lore server for links in the posts (default: $MM_REVIEW_LORE_BASE, then the config file, else https://lore.kernel.org)');
  addRuleSwitchOptions(cmd).action(async (sourceArg: string, o: WatchOptions, c: Command) => {
    const g = globalOptions(c);
    if (o.once && o.interval !== undefined) throw new InputError('--once and --interval: give one of them');
    const interval = seconds(o.interval, '--interval', DEFAULT_INTERVAL_SEC);
    const quietMs = seconds(o.quietPeriod, '--quiet-period', DEFAULT_QUIET_SEC) * 1000;
    const source = await resolveWatchSource(sourceArg);
    if (!o.once && source.kind === 'lore' && interval < LORE_MIN_INTERVAL_SEC) {
      throw new InputError(`--interval ${o.interval}: lore search is asked at most once a minute; give ${LORE_MIN_INTERVAL_SEC} or more`);
    }
    // command line > environment > the tree's .mm-review.yaml > the user's config.yaml > defaults (app/config.ts)
    const config = loadConfig({ loreBase: o.loreBase, enableRule: o.enableRule, disableRule: o.disableRule });
    const post = o.post === undefined ? [] : postTargets(config, o.post === true ? undefined : o.post, '--post').value;
    checkTargets(post, process.env);
    const rules = { rulesDir: o.rules, rulesExtra: o.rulesExtra, ruleLayers: config.layers };
    await checkRules(rules);
    const progress = safeProgress(Progress.for(io, g));
    const db = openDb(g);
    const lock = new WatchLock(db, Math.max(15 * 60_000, 3 * interval * 1000));
    let claimed = false;
    try {
      assertWatchUsable(db);
      const holder = lock.claim();
      if (holder) {
        io.err(`mm-review: another watcher holds ${terminalSafe(db.name)} (pid ${holder.pid} on ${terminalSafe(holder.host)}); exiting\n`);
        return;
      }
      claimed = true;
      const stop = new AbortController();
      let signals = 0;
      const onSignal = () => {
        if (++signals > 1) process.exit(130); // a second signal: do not wait for the round
        stop.abort();
      };
      if (!o.once) {
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
      }
      try {
        const request = { source, post, quietMs, ...rules, loreBase: loreBaseOption(config), progress };
        for (;;) {
          let round: RoundResult;
          try {
            round = await watchRound(db, request, lock);
          } catch (err) {
            if (o.once || !(err instanceof InputError) || /watch lock/.test(err.message)) throw err;
            io.err(`mm-review: ${terminalSafe(err.message)}\n`); // lore unreachable, say: the next round tries again
            round = { events: [], waiting: 0 };
          }
          for (const e of round.events) {
            if (e.kind === 'reviewed' || e.kind === 'posted') io.out(`${terminalSafe(e.text)}\n`);
            else io.err(`mm-review: ${e.kind === 'warning' ? 'warning: ' : ''}${terminalSafe(e.text)}\n`);
            if (e.kind === 'failed') setExit(EXIT_FINDINGS);
          }
          if (o.once || stop.signal.aborted) break;
          progress.update(`waiting ${interval} s for new mail (${round.waiting} series waiting)`, true);
          await pause(interval * 1000, stop.signal);
          progress.done();
          if (stop.signal.aborted) break;
        }
      } finally {
        process.removeListener('SIGINT', onSignal);
        process.removeListener('SIGTERM', onSignal);
      }
    } finally {
      if (claimed) lock.release();
      progress.done();
      db.close();
    }
  });
}
