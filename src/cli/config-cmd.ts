// `mm-review config [--json]`: the effective configuration and where each value came from, plus the
// rule switch flags `review` shares with it (--disable-rule, --enable-rule, --rules-extra). Posting
// targets are printed as written: a target names a place, never a credential (those come from the
// environment only and are never read here).
import type { Command } from 'commander';
import { loadConfig, loadConfiguredRules, layerOrigin, type ConfigFlags, type EffectiveConfig } from '../app/config.ts';
import { quotedPath } from '../util/paths.ts';
import { safeJson, terminalSafe } from '../util/safe-text.ts';
import type { Io } from './io.ts';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export interface RuleSwitchOptions {
  disableRule?: string[];
  enableRule?: string[];
  rulesExtra?: string[];
}

/** Adds --disable-rule, --enable-rule and --rules-extra (each repeatable) to a command. */
export function addRuleSwitchOptions(cmd: Command): Command {
  return cmd
    .option('--disable-rule <id>', 'do not run this rule (a rule id or category:NAME; repeatable)', collect)
    .option('--enable-rule <id>', 'run this rule even when a config file disables it (repeatable)', collect)
    .option('--rules-extra <dir>', 'also load the rules of this folder, beside the main set (repeatable; an id defined twice is an error)', collect);
}

interface ConfigOptions extends RuleSwitchOptions {
  tree?: string;
  loreBase?: string;
  failOn?: string;
  rules?: string;
  json?: boolean;
}

function textReport(config: EffectiveConfig, total: number, active: number, notes: string[]): string {
  const lines: string[] = ['config files:'];
  for (const f of config.files) lines.push(`  ${f.scope.padEnd(5)} ${quotedPath(f.path)} (${f.found ? 'read' : 'not found'})`);
  const row = (name: string, value: string | null, source: string) => lines.push(`${name.padEnd(10)} ${value ?? '(none)'}  [${source}]`);
  row('tree', config.tree.value, config.tree.source);
  row('lore-base', config.loreBase.value ?? 'https://lore.kernel.org', config.loreBase.source);
  row('fail-on', config.failOn.value, config.failOn.source);
  const post = config.post.value;
  row('post', post.length === 0 ? null : `${post.length} target${post.length === 1 ? '' : 's'}`, config.post.source);
  for (const t of post) lines.push(`  ${t}`);
  const entries: string[] = [];
  for (const l of config.layers) {
    for (const id of l.disable) entries.push(`  disable ${id}  [${layerOrigin(l, 'disable')}]`);
    for (const id of l.enable) entries.push(`  enable ${id}  [${layerOrigin(l, 'enable')}]`);
    for (const [id, sev] of Object.entries(l.severity)) entries.push(`  severity ${id}=${sev}  [${layerOrigin(l, 'severity')}]`);
  }
  lines.push(`rules:     ${active} of ${total} run`);
  lines.push(...entries);
  if (notes.length > 0) lines.push('effect:', ...notes.map((n) => `  ${n}`));
  return lines.map((l) => terminalSafe(l)).join('\n') + '\n';
}

export function registerConfig(program: Command, io: Io, _setExit: (code: number) => void): void {
  const cmd = program.command('config')
    .description('print the effective configuration (config files, environment, flags) and where each value came from')
    .option('--tree <dir>', 'as `review --tree`: also read <dir>/.mm-review.yaml (default: $MM_REVIEW_TREE, then the user config)')
    .option('--lore-base <url>', 'as `review --lore-base`')
    .option('--fail-on <severity>', 'as `review --fail-on`')
    .option('--rules <dir>', 'rules directory the rule switches are checked against (default: the bundled rules/)')
    .option('--json', 'machine-readable output');
  addRuleSwitchOptions(cmd).action(async (o: ConfigOptions) => {
    const flags: ConfigFlags = { tree: o.tree, loreBase: o.loreBase, failOn: o.failOn, enableRule: o.enableRule, disableRule: o.disableRule };
    const config = loadConfig(flags);
    const rulesExtra = o.rulesExtra ?? [];
    const { rules, notes, total } = await loadConfiguredRules(o.rules, rulesExtra, config.layers);
    if (o.json) {
      io.out(`${safeJson({
        files: config.files,
        tree: config.tree,
        loreBase: config.loreBase,
        failOn: config.failOn,
        post: config.post,
        rulesExtra,
        layers: config.layers.map((l) => ({ scope: l.scope, source: l.source, enable: l.enable, disable: l.disable, severity: l.severity })),
        rules: { total, run: rules.length, notes },
      })}\n`);
      return;
    }
    io.out(textReport(config, total, rules.length, notes));
  });
}
