// A clean configuration for tests of commands that read it: no credentials or settings from the developer's
// shell, and a fresh config folder per test. Call it inside a describe(): its hooks are that block's, and
// they put every variable back after each test, so test files sharing one process (test/shards) are not
// affected.
import { afterEach, beforeEach } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.ts';

/** Credentials and settings a developer's shell may hold: none of them while these tests run. */
export const CONFIG_ENV_NAMES = ['ZULIP_EMAIL', 'ZULIP_API_KEY', 'MM_REVIEW_LORE_BASE', 'MM_REVIEW_TREE', 'GITHUB_TOKEN', 'SLACK_WEBHOOK_URL', 'SLACK_BOT_TOKEN', 'SLACK_API_URL', 'XDG_CONFIG_HOME'];

/**
 * Clears those variables before each test of the enclosing describe() and restores them after it; returns
 * `useConfig`: a new config folder for the current test (with `text`, its user file), whose user file path it
 * returns. Without a call to it, a test runs with the empty config folder test/helpers/cli.ts set up.
 */
export function isolatedConfig(prefix: string): (text: string | null) => string {
  const saved = new Map<string, string | undefined>();
  beforeEach(() => {
    for (const name of CONFIG_ENV_NAMES) saved.set(name, process.env[name]);
    for (const name of CONFIG_ENV_NAMES) if (name !== 'XDG_CONFIG_HOME') delete process.env[name];
  });
  afterEach(() => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });
  return (text) => {
    const dir = tempDir(prefix);
    const file = join(dir, 'mm-review', 'config.yaml');
    if (text !== null) {
      mkdirSync(join(dir, 'mm-review'));
      writeFileSync(file, text);
    }
    process.env.XDG_CONFIG_HOME = dir;
    return file;
  };
}
