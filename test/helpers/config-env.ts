// A clean configuration for tests of commands that read it: no credentials or settings from the developer's
// shell, and a fresh config folder per test, put back after each.
import { afterEach } from 'node:test';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './cli.ts';

/** Credentials and settings a developer's shell may hold: none of them while these tests run. */
export const CONFIG_ENV_NAMES = ['ZULIP_EMAIL', 'ZULIP_API_KEY', 'MM_REVIEW_LORE_BASE', 'MM_REVIEW_TREE', 'GITHUB_TOKEN', 'SLACK_WEBHOOK_URL', 'SLACK_BOT_TOKEN', 'SLACK_API_URL'];

/**
 * Clears those variables now and after each test, restores the empty config folder after each test, and
 * returns `useConfig`: a new config folder for the current test (with `text`, its user file), whose user
 * file path it returns.
 */
export function isolatedConfig(prefix: string): (text: string | null) => string {
  const empty = process.env.XDG_CONFIG_HOME;
  for (const name of CONFIG_ENV_NAMES) delete process.env[name];
  afterEach(() => {
    process.env.XDG_CONFIG_HOME = empty;
    for (const name of CONFIG_ENV_NAMES) delete process.env[name];
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
