// `mm-review post <series> [--to <target>...]`: a short summary of a series version's review, posted to
// team channels through the outbox, or review replies written as e-mail drafts for a person to send.
// Without --to, the targets of the user config file's `post:`. The review runs with the configuration
// `review` reads (rule switches and severities, lore base), so the summary matches what review reports.
import type { Command } from 'commander';
import { postSeries, type DispatchOutcome } from '../app/post.ts';
import { loadConfig, loreBaseOption, postTargets } from '../app/config.ts';
import { TARGET_SYNTAX } from '../channels/targets.ts';
import { safeJson, terminalSafe } from '../util/safe-text.ts';
import { globalOptions, openDb, Progress } from './context.ts';
import { EXIT_FINDINGS, safeProgress, type Io } from './io.ts';
import { addRuleSwitchOptions, type RuleSwitchOptions } from './config-cmd.ts';

interface PostOptions extends RuleSwitchOptions {
  to?: string[];
  apiUrl?: string;
  githubLogin?: string;
  reportUrl?: string;
  reportOut?: string;
  dryRun?: boolean;
  retryUncertain?: boolean;
  rules?: string;
  loreBase?: string;
  json?: boolean;
}

/** Outcomes that mean the summary did not get where it was sent: exit 1. */
const FAILED = new Set<DispatchOutcome['status']>(['failed', 'uncertain']);

export function registerPost(program: Command, io: Io, setExit: (code: number) => void): void {
  const cmd = program.command('post')
    .description("post a short summary of a series version's review to team channels (GitHub, Zulip, Slack) or write e-mail reply drafts")
    .argument('<series>', 'series key, or the message-id of its cover, a patch or a reply (see `mm-review series`)')
    .option('--to <target...>', `where to post: ${TARGET_SYNTAX} (default: the config file's post: targets)`)
    .option('--api-url <url>', 'GitHub API base URL, for GitHub Enterprise (https://HOST/api/v3)')
    .option('--github-login <login>', "GitHub login whose comments are mm-review's (default: the token's own, from GET /user)")
    .option('--report-url <url>', 'link to the full report, shown in the summary')
    .option('--report-out <file>', 'also write the full report (.html, .md or .json) and name it in the summary')
    .option('--dry-run', 'print what would be posted; post nothing and leave the outbox alone')
    .option('--retry-uncertain', 'post even when an earlier attempt may have been delivered and the channel cannot check (Slack)')
    .option('--rules <dir>', 'rules directory (default: the bundled rules/)')
    .option('--lore-base <url>', 'lore server for links (default: $MM_REVIEW_LORE_BASE, then the config file, else https://lore.kernel.org)')
    .option('--json', 'machine-readable results');
  addRuleSwitchOptions(cmd).action(async (series: string, o: PostOptions, c: Command) => {
    // command line > environment > the tree's .mm-review.yaml > the user's config.yaml > defaults (app/config.ts)
    const config = loadConfig({ loreBase: o.loreBase, enableRule: o.enableRule, disableRule: o.disableRule });
    const to = postTargets(config, o.to, '--to').value;
    const g = globalOptions(c);
    const progress = safeProgress(Progress.for(io, g));
    const db = openDb(g);
    try {
      const result = await postSeries(db, {
        series, to, apiUrl: o.apiUrl, githubLogin: o.githubLogin, reportUrl: o.reportUrl, reportOut: o.reportOut,
        dryRun: o.dryRun === true, retryUncertain: o.retryUncertain === true,
        rulesDir: o.rules, rulesExtra: o.rulesExtra, ruleLayers: config.layers, loreBase: loreBaseOption(config), progress,
        onWait: (target, ms, why) => progress.update(`${target}: ${why}; trying again in ${Math.max(1, Math.round(ms / 1000))} s`, true),
        onStoreBusy: () => { if (!g.quiet) io.err('store busy: waiting for another mm-review process\n'); },
      });
      progress.done();
      if (o.json) io.out(`${safeJson(result)}\n`);
      for (const r of result.outcomes) {
        if (o.json) break;
        if (r.status === 'dry-run') io.out(`==> ${terminalSafe(r.target)} (dry run, not posted)\n${r.body ?? ''}\n`);
        else if (FAILED.has(r.status)) io.err(`mm-review: ${terminalSafe(r.target)}: ${terminalSafe(r.detail)}\n`);
        else io.out(`${terminalSafe(r.target)}: ${terminalSafe(r.detail)}\n`);
      }
      if (result.outcomes.some((r) => FAILED.has(r.status))) setExit(EXIT_FINDINGS);
    } finally {
      progress.done();
      db.close();
    }
  });
}
