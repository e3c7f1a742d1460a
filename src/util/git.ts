// Running git safely: read-only queries against a user's repository through
// simple-git (its option and environment guards on top of ours), a spawn-based
// runner for the scratch-index work simple-git cannot express without loosening
// those guards, and a long-lived `git cat-file --batch` child that streams
// object contents as Buffers. Argument arrays only, never a shell.
//
// Callers put `--end-of-options` before revisions and `--` before paths;
// anything that came from mail, lore or the command line goes through
// isHexId / isSafeRef / assertSafeRevision first.

import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { GitError as SimpleGitError, simpleGit } from 'simple-git';
import { InputError } from './errors.ts';
import { tracked } from './children.ts';

const HEX_ID = /^[0-9a-f]{7,64}$/i;

/** An abbreviated or full object id (SHA-1 or SHA-256), 7..64 hex digits. */
export function isHexId(s: unknown): s is string {
  return typeof s === 'string' && HEX_ID.test(s);
}

/**
 * A plain ref name such as `HEAD`, `master`, `refs/heads/mm-stable`, `v6.9-rc1`:
 * git's check-ref-format rules, plus no leading `-`, so it can never be read
 * as an option. Ranges, `@{...}` and `:path` are not refs.
 */
export function isSafeRef(s: unknown): s is string {
  if (typeof s !== 'string' || s.length === 0 || s.length > 255) return false;
  if (!/^[A-Za-z0-9._/+-]+$/.test(s)) return false;
  if (s.startsWith('-') || s.startsWith('/') || s.endsWith('/') || s.endsWith('.')) return false;
  if (s.includes('..') || s.includes('//') || s.endsWith('.lock')) return false;
  return s.split('/').every((part) => part !== '' && !part.startsWith('.') && !part.endsWith('.lock'));
}

/**
 * Accepts a single revision: a ref or hex id, optionally followed by
 * `^`, `^N`, `~N` or `^{type}` suffixes. Rejects ranges, `:path`, `@{...}`,
 * whitespace, control characters and anything starting with `-`.
 * Returns the revision unchanged; throws an InputError naming `what`.
 */
export function assertSafeRevision(s: string, what = 'revision'): string {
  const m = typeof s === 'string' ? /^(.*?)((?:\^\{(?:commit|tree|blob|tag|object)?\}|\^\d*|~\d*)*)$/.exec(s) : null;
  if (!m || !(isSafeRef(m[1]) || isHexId(m[1]))) {
    throw new InputError(`invalid ${what}: ${JSON.stringify(String(s)).slice(0, 100)}`);
  }
  return s;
}

/** Throws an InputError unless `s` is a hex object id; returns it lower-cased. */
export function assertHexId(s: string, what = 'commit id'): string {
  if (!isHexId(s)) throw new InputError(`invalid ${what}: ${JSON.stringify(String(s)).slice(0, 100)} (expected hex digits)`);
  return s.toLowerCase();
}

/** Environment variables that would silently redirect git to another repository. */
const REPO_ENV = [
  'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_OBJECT_DIRECTORY', 'GIT_COMMON_DIR',
  'GIT_ALTERNATE_OBJECT_DIRECTORIES', 'GIT_NAMESPACE', 'GIT_CEILING_DIRECTORIES', 'GIT_CONFIG_PARAMETERS',
  'GIT_CONFIG_COUNT', 'GIT_EXTERNAL_DIFF', 'GIT_PAGER', 'GIT_EDITOR',
];

export function gitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of REPO_ENV) delete env[name];
  return { ...env, GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_NO_REPLACE_OBJECTS: '1', LC_ALL: 'C', ...extra };
}

export interface GitRunOptions {
  /** Passed as `--git-dir=<dir>` (one argument, so a leading `-` in the path is harmless). */
  gitDir?: string;
  cwd?: string;
  input?: Buffer | string;
  env?: Record<string, string>;
  /** Resolve with the result instead of throwing when git exits non-zero. */
  allowFailure?: boolean;
  /** Cap on captured stdout (default 256 MB). */
  maxStdout?: number;
}

export interface GitResult {
  code: number;
  stdout: Buffer;
  stderr: string;
}

export class GitError extends Error {
  override name = 'GitError';
  constructor(readonly args: readonly string[], readonly code: number, readonly stderr: string) {
    super(`git ${args[0] ?? ''} failed (exit ${code}): ${firstLine(stderr) || 'no message'}`);
  }
}

function firstLine(s: string): string {
  return s.split('\n').find((l) => l.trim() !== '')?.trim() ?? '';
}

function withGitDir(args: readonly string[], gitDir?: string): string[] {
  return gitDir ? [`--git-dir=${gitDir}`, ...args] : [...args];
}

/** Runs git once and collects its output. */
export function runGit(args: readonly string[], opts: GitRunOptions = {}): Promise<GitResult> {
  const maxStdout = opts.maxStdout ?? 256 * 1024 * 1024;
  return new Promise((resolve, reject) => {
    const child = tracked(spawn('git', withGitDir(args, opts.gitDir), {
      cwd: opts.cwd, env: gitEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'], shell: false,
    }));
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outBytes = 0;
    let overflow = false;
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > maxStdout) {
        overflow = true;
        child.kill();
      } else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new Error(`cannot run git: ${e.message}`)));
    child.stdin.on('error', () => { /* git may exit before reading its input; the exit code tells */ });
    child.on('close', (code) => {
      const result = { code: code ?? -1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') };
      if (overflow) reject(new Error(`git ${args[0]} produced more than ${maxStdout} bytes`));
      else if (result.code !== 0 && !opts.allowFailure) reject(new GitError(args, result.code, result.stderr));
      else resolve(result);
    });
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs git and returns stdout as trimmed UTF-8 text. */
export async function gitText(args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
  return (await runGit(args, opts)).stdout.toString('utf8').trim();
}

/** The only GIT_* variables repository queries carry, all constants; simple-git's guard refuses any other. */
const QUERY_ENV = {
  GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0', GIT_NO_REPLACE_OBJECTS: '1', GIT_NO_LAZY_FETCH: '1', GIT_LITERAL_PATHSPECS: '1',
} as const;

/** Names besides GIT_* that simple-git's environment guard refuses when passed explicitly. */
const GUARDED_NAMES = new Set(['EDITOR', 'VISUAL', 'PAGER', 'PREFIX', 'SSH_ASKPASS']);

function queryEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    const upper = name.toUpperCase();
    if (value !== undefined && !upper.startsWith('GIT_') && !GUARDED_NAMES.has(upper)) env[name] = value;
  }
  return { ...env, LC_ALL: 'C', ...QUERY_ENV };
}

/** A non-zero exit, as simple-git's own error type so its task queue passes it through unchanged. */
class ExitError extends SimpleGitError {
  constructor(readonly code: number, readonly stderr: string) {
    super(undefined, stderr);
  }
}

/** Read-only git queries against one repository (found from `dir` as git itself would). */
export interface RepoQueries {
  /** stdout of a command that must succeed; throws GitError otherwise. */
  text(args: readonly string[]): Promise<string>;
  /** stdout, or null when git exits non-zero. */
  textOrNull(args: readonly string[]): Promise<string | null>;
}

/**
 * simple-git with its guards at their defaults (no `unsafe` option), an
 * explicit environment, and any non-zero exit an error (simple-git alone
 * counts a silent failure such as `rev-parse --verify --quiet` as success).
 * Meant for commands that print something: simple-git 4.0 waits 50 ms more
 * before settling a command that wrote nothing.
 */
export function repoQueries(dir: string): RepoQueries {
  const git = simpleGit({
    baseDir: dir,
    allowEnvironment: Object.keys(QUERY_ENV),
    errors: (error, result) => (result.exitCode === 0 ? error : new ExitError(result.exitCode, Buffer.concat(result.stdErr).toString('utf8'))),
  }).env(queryEnv());
  const text = async (args: readonly string[]): Promise<string> => {
    try {
      return await git.raw([...args]);
    } catch (err) {
      if (err instanceof ExitError) throw new GitError(args, err.code, err.stderr);
      throw err;
    }
  };
  return {
    text,
    textOrNull: (args) => text(args).catch((err: unknown) => {
      if (err instanceof GitError) return null;
      throw err;
    }),
  };
}

export interface CatFileObject {
  oid: string;
  type: string;
  size: number;
  /** The object's bytes, or null when it was larger than `maxObjectBytes` (skipped). */
  data: Buffer | null;
}

interface Pending {
  resolve: (o: CatFileObject | null) => void;
  reject: (e: Error) => void;
}

/**
 * One long-lived `git cat-file --batch` child. `read()` requests are answered
 * in order; issue several before awaiting them to pipeline. Missing objects
 * resolve to null. Always `close()` (or `abort()`) when done.
 */
export class CatFileBatch {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private pendingHead = 0;
  private failure: Error | null = null;
  private stderr = '';
  private exited: Promise<void>;
  // Parser state: either waiting for a header line, or filling `body`.
  private headerParts: Buffer[] = [];
  private body: { obj: CatFileObject; buf: Buffer | null; got: number } | null = null;
  private readonly maxObjectBytes: number;

  constructor(gitDir: string, opts: { maxObjectBytes?: number; env?: Record<string, string> } = {}) {
    this.maxObjectBytes = opts.maxObjectBytes ?? 64 * 1024 * 1024;
    this.child = tracked(spawn('git', [`--git-dir=${gitDir}`, 'cat-file', '--batch'], {
      env: gitEnv(opts.env), stdio: ['pipe', 'pipe', 'pipe'], shell: false,
    }));
    this.child.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.child.stderr.on('data', (b: Buffer) => { if (this.stderr.length < 8192) this.stderr += b.toString('utf8'); });
    this.child.stdin.on('error', () => { /* reported through 'close' */ });
    this.exited = new Promise((resolve) => {
      this.child.on('error', (e) => { this.fail(new Error(`cannot run git: ${e.message}`)); resolve(); });
      this.child.on('close', (code, signal) => {
        const msg = firstLine(this.stderr);
        const err = /not a git repository/i.test(msg)
          ? new InputError(`${gitDir}: not a git repository`)
          : new Error(`git cat-file exited (${signal ?? code})${msg ? ': ' + msg : ''}`);
        this.fail(err);
        resolve();
      });
    });
  }

  /** Requests one object (`<oid>`, `<rev>:<path>`...). Resolves to null when git reports it missing. */
  read(spec: string): Promise<CatFileObject | null> {
    if (/[\0-\x1f\x7f]/.test(spec) || spec === '') {
      return Promise.reject(new InputError(`invalid object name: ${JSON.stringify(spec).slice(0, 100)}`));
    }
    if (this.failure) return Promise.reject(this.failure);
    const p = new Promise<CatFileObject | null>((resolve, reject) => this.pending.push({ resolve, reject }));
    p.catch(() => { /* the caller may have stopped listening (early close); never unhandled */ });
    this.child.stdin.write(spec + '\n');
    return p;
  }

  /** Batches the writes of several `read()` calls into one. */
  batch<T>(fn: () => T): T {
    this.child.stdin.cork();
    try {
      return fn();
    } finally {
      process.nextTick(() => this.child.stdin.uncork());
    }
  }

  /** Finishes outstanding requests, then lets git exit. */
  async close(): Promise<void> {
    this.child.stdin.end();
    await this.exited;
  }

  /** Stops at once, failing outstanding requests. */
  async abort(): Promise<void> {
    this.fail(new Error('cat-file aborted'));
    this.child.stdin.destroy();
    this.child.stdout.destroy();
    this.child.kill();
    await this.exited;
  }

  private fail(err: Error): void {
    if (!this.failure) this.failure = err;
    while (this.pendingHead < this.pending.length) this.pending[this.pendingHead++]!.reject(this.failure);
  }

  private settle(obj: CatFileObject | null): void {
    const p = this.pending[this.pendingHead];
    if (!p) {
      this.fail(new Error('git cat-file sent an unexpected answer'));
      return;
    }
    this.pending[this.pendingHead++] = undefined as unknown as Pending;
    if (this.pendingHead > 1024 && this.pendingHead * 2 > this.pending.length) {
      this.pending.splice(0, this.pendingHead);
      this.pendingHead = 0;
    }
    p.resolve(obj);
  }

  private onData(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.body) {
        off = this.fillBody(chunk, off);
        continue;
      }
      const nl = chunk.indexOf(10, off);
      if (nl < 0) {
        this.headerParts.push(chunk.subarray(off));
        return;
      }
      const tail = chunk.subarray(off, nl);
      const line = (this.headerParts.length ? Buffer.concat([...this.headerParts, tail]) : tail).toString('latin1');
      this.headerParts = [];
      off = nl + 1;
      this.onHeader(line);
    }
  }

  private onHeader(line: string): void {
    const m = /^([0-9a-f]{40,64}) (\S+) (\d+)$/.exec(line);
    if (!m) {
      // "<spec> missing", "<spec> ambiguous" and the like: no body follows.
      this.settle(null);
      return;
    }
    const size = Number(m[3]);
    const obj: CatFileObject = { oid: m[1]!, type: m[2]!, size, data: null };
    this.body = { obj, buf: size <= this.maxObjectBytes ? Buffer.allocUnsafe(size) : null, got: 0 };
  }

  /** Copies body bytes (plus the trailing LF) from `chunk`; returns the new offset. */
  private fillBody(chunk: Buffer, off: number): number {
    const body = this.body!;
    const need = body.obj.size + 1 - body.got;
    const take = Math.min(need, chunk.length - off);
    if (body.buf) {
      const bodyBytes = Math.min(take, body.obj.size - body.got);
      if (bodyBytes > 0) chunk.copy(body.buf, body.got, off, off + bodyBytes);
    }
    body.got += take;
    if (body.got === body.obj.size + 1) {
      this.body = null;
      body.obj.data = body.buf;
      this.settle(body.obj);
    }
    return off + take;
  }
}

/**
 * Streams objects for `specs` through one cat-file child, in order, keeping
 * at most `window` requests in flight (memory stays bounded however slow the
 * consumer is). Stopping the iteration early kills the child.
 */
export async function* catFileStream(
  gitDir: string,
  specs: Iterable<string>,
  opts: { window?: number; maxObjectBytes?: number; env?: Record<string, string> } = {},
): AsyncGenerator<{ spec: string; object: CatFileObject | null }> {
  const window = opts.window ?? 256;
  const cat = new CatFileBatch(gitDir, opts);
  const it = specs[Symbol.iterator]();
  const inFlight: { spec: string; answer: Promise<CatFileObject | null> }[] = [];
  let head = 0;
  let finished = false;
  const refill = () => cat.batch(() => {
    while (inFlight.length - head < window) {
      const next = it.next();
      if (next.done) return;
      inFlight.push({ spec: next.value, answer: cat.read(next.value) });
    }
  });
  try {
    refill();
    while (head < inFlight.length) {
      const item = inFlight[head]!;
      inFlight[head++] = undefined as unknown as (typeof inFlight)[number];
      if (head > 4096) {
        inFlight.splice(0, head);
        head = 0;
      }
      const object = await item.answer;
      refill();
      yield { spec: item.spec, object };
    }
    finished = true;
  } finally {
    if (finished) await cat.close();
    else await cat.abort();
  }
}
