// Where a watcher's mail comes from: a local public-inbox mirror (one epoch, or a v2 inbox with its
// git/N.git epochs, each `git fetch`ed first when it is a clone with a remote), or lore search for one
// list (a window of received times, overlapping the last one by an hour; the store drops messages it
// already holds by Message-ID).
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { simpleGit } from 'simple-git';
import type { DB } from '../store/db.ts';
import { getWatchState, setWatchState } from '../store/watch.ts';
import { looksLikeGitDir } from '../ingest/sources/publicinbox.ts';
import { searchLore } from '../ingest/sources/lore-search.ts';
import { InputError } from '../util/errors.ts';
import { ingestHandles } from './ingest-messages.ts';
import type { ProgressSink } from './progress.ts';

export type WatchSource =
  | { kind: 'mirror'; label: string; epochs: string[]; inbox: string | null }
  | { kind: 'lore'; label: string; base: string; list: string };

/** Lore search windows overlap by this much: a message lore indexed late is still seen. */
export const LORE_OVERLAP_SEC = 3600;

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** The epochs of a v2 inbox, in order (git/0.git, git/1.git, ...). */
function epochsOf(inbox: string): string[] {
  const dir = join(inbox, 'git');
  if (!isDir(dir)) return [];
  return readdirSync(dir).filter((n) => /^\d+\.git$/.test(n)).sort((a, b) => parseInt(a, 10) - parseInt(b, 10)).map((n) => join(dir, n));
}

/** Reads the `<source>` argument: a lore list URL, an epoch, or a v2 inbox. */
export async function resolveWatchSource(arg: string): Promise<WatchSource> {
  if (/^https?:\/\//i.test(arg)) {
    let url: URL;
    try {
      url = new URL(arg);
    } catch {
      throw new InputError(`${arg}: not a valid URL`);
    }
    const parts = url.pathname.split('/').filter(Boolean);
    if (parts.length !== 1 || url.search || url.hash || url.username || url.password) {
      throw new InputError(`${arg}: expected a list's lore URL, like https://lore.kernel.org/linux-mm/`);
    }
    return { kind: 'lore', label: `${url.origin}/${parts[0]}/`, base: url.origin, list: decodeURIComponent(parts[0]!) };
  }
  if (arg === '' || arg.includes('\0')) throw new InputError(`invalid source ${JSON.stringify(arg)}`);
  const path = resolve(arg);
  if (!isDir(path)) throw new InputError(`${arg}: no such directory (give a public-inbox epoch, a v2 inbox or a lore list URL)`);
  if (await looksLikeGitDir(path)) return { kind: 'mirror', label: arg, epochs: [path], inbox: null };
  const epochs = epochsOf(path);
  if (epochs.length === 0) throw new InputError(`${arg}: not a public-inbox epoch (HEAD, objects/) nor a v2 inbox (git/0.git ...)`);
  return { kind: 'mirror', label: arg, epochs, inbox: path };
}

const FETCH_ENV = { GIT_TERMINAL_PROMPT: '0' } as const;

function fetchEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) if (v !== undefined && !k.toUpperCase().startsWith('GIT_') && !['EDITOR', 'VISUAL', 'PAGER', 'PREFIX', 'SSH_ASKPASS'].includes(k.toUpperCase())) env[k] = v;
  return { ...env, ...FETCH_ENV };
}

/**
 * `git fetch` of every epoch that is a clone with a remote (and of a v2 inbox's new epochs, when the
 * inbox's folder lists them). Returns one warning per epoch that could not be fetched.
 */
export async function fetchMirror(src: Extract<WatchSource, { kind: 'mirror' }>, status: (t: string) => void): Promise<string[]> {
  if (src.inbox) src.epochs = epochsOf(src.inbox); // an epoch added since the last round
  const warnings: string[] = [];
  for (const epoch of src.epochs) {
    const git = simpleGit({ baseDir: epoch, allowEnvironment: Object.keys(FETCH_ENV), timeout: { block: 300_000 } }).env(fetchEnv());
    try {
      const remotes = await git.getRemotes();
      const remote = remotes.find((r) => r.name === 'origin') ?? remotes[0];
      if (!remote) continue;
      status(`fetching ${epoch} from ${remote.name}...`);
      const refspec = (await git.raw(['config', '--get-all', `remote.${remote.name}.fetch`]).catch(() => '')).trim();
      // A bare `git clone` has no fetch refspec: bring its branches up to date explicitly.
      await git.fetch(refspec ? ['--quiet', remote.name] : ['--quiet', remote.name, '+refs/heads/*:refs/heads/*']);
    } catch (err) {
      warnings.push(`${epoch}: git fetch failed (${(err instanceof Error ? err.message : String(err)).split('\n').find((l) => l.trim()) ?? 'unknown error'}); read what is here`);
    }
  }
  return warnings;
}

/** One lore search window: messages received since the last window's start, less an hour. */
export async function searchRound(db: DB, src: Extract<WatchSource, { kind: 'lore' }>, progress: ProgressSink, now: () => number): Promise<string[]> {
  const key = `lore:${src.label}`;
  const startedSec = Math.floor(now() / 1000);
  const last = getWatchState(db, key);
  const since = (last === null ? startedSec : Number(last)) - LORE_OVERLAP_SEC;
  progress.update(`searching ${src.label} for mail since ${new Date(since * 1000).toISOString()}...`, true);
  const found = await searchLore(src.base, src.list, since);
  if (found.messages.length > 0) {
    await ingestHandles(db, [{ label: src.label, messages: found.messages, warnings: found.warnings }]);
  }
  setWatchState(db, key, String(startedSec));
  return found.warnings.slice(0, 5);
}
