// Stores holding the example fakemove series (v1 with reviewer questions, v2 resolving most of them)
// for the posting tests, a hostile variant of it, and an asynchronous CLI runner (the fake servers
// live in the test process, so the CLI must not block it).
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestSources } from '../../src/app/ingest.ts';
import { openDatabase } from '../../src/store/db.ts';
import { EXAMPLE_MBOX, ROOT, tempDir } from './cli.ts';

export const V1 = 'fakemove-v1-0@example.com';
export const V2 = 'fakemove-v2-0@example.com';

/** Markup, mentions and references of every channel, put into subjects, names and a question. */
export const HOSTILE = '<!channel> <!here> <@U024BE7LH> @here @octocat @**all** @*mm-team* @_**Ada** #123 torvalds/linux#42 '
  + '#**general** [click](https://evil.example/x) <script>alert(1)</script> **bold** $$x$$ ~~gone~~';

/** The example mbox with hostile text in the series title (both covers), the author's name and Ada's open question. */
export function hostileMbox(): string {
  return readFileSync(EXAMPLE_MBOX, 'utf8')
    .replace(/^(Subject: \[PATCH (?:v2 )?0\/\d\] )mm: fakemove: move anonymous pages between addresses$/gm, `$1mm: fakemove ${HOSTILE}`)
    .replaceAll('From: Cleo Author <cleo@example.com>', 'From: "Cleo @octocat <!here> @**all**" <cleo@example.com>')
    .replace('What happens if the folio is pinned for DMA here?', `${HOSTILE} what happens if the folio is pinned for DMA here?`);
}

/** A new store with the fakemove series (or the given mbox text) ingested; returns its path. */
export async function fakemoveStore(mboxText?: string): Promise<string> {
  const dir = tempDir('mmr-post-');
  const path = join(dir, 'store.db');
  let source = EXAMPLE_MBOX;
  if (mboxText !== undefined) {
    source = join(dir, 'series.mbox');
    writeFileSync(source, mboxText);
  }
  const db = openDatabase(path);
  try {
    await ingestSources(db, { sources: [source] });
  } finally {
    db.close();
  }
  return path;
}

export interface AsyncCliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the CLI in a child process; `env` replaces the variables it names (undefined removes). */
export function startCli(args: string[], env: Record<string, string | undefined> = {}): { child: ChildProcess; done: Promise<AsyncCliResult> } {
  const merged: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, MM_REVIEW_DEBUG: '', ...env })) if (v !== undefined) merged[k] = v;
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'run.ts'), ...args], { cwd: ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c: Buffer) => { stdout += c.toString(); });
  child.stderr!.on('data', (c: Buffer) => { stderr += c.toString(); });
  return { child, done: new Promise((resolve) => child.on('close', (status) => resolve({ status, stdout, stderr }))) };
}

/** Runs the CLI in a child process without blocking this one. */
export function runCliAsync(args: string[], env: Record<string, string | undefined> = {}): Promise<AsyncCliResult> {
  return startCli(args, env).done;
}

/** Environment with every channel credential removed (the suite may run where some are set). */
export const NO_CREDENTIALS: Record<string, undefined> = {
  GITHUB_TOKEN: undefined, ZULIP_EMAIL: undefined, ZULIP_API_KEY: undefined, SLACK_WEBHOOK_URL: undefined, SLACK_BOT_TOKEN: undefined, SLACK_API_URL: undefined,
};
