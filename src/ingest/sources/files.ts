// Local inputs: mbox / mboxrd / single-message files, stdin, maildirs and
// directories of .eml/.patch files. Splitting is mbox.ts's job; this module
// only finds and reads bytes, refusing to wander outside the given tree.

import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { RawMessage } from '../../domain/mail.ts';
import { InputError } from '../../util/errors.ts';
import { isInside, resolveInside } from '../../util/paths.ts';
import { splitMailbox } from '../mbox.ts';

export type SourceKind = 'stdin' | 'file' | 'maildir' | 'directory' | 'public-inbox' | 'lore-id' | 'lore-url';

export interface LocalMessages {
  messages: RawMessage[];
  warnings: string[];
}

export interface ReadOptions {
  /** Largest input file (or stdin) accepted, in bytes (default 1 GiB). */
  maxFileBytes?: number;
  /** Largest single maildir / directory message accepted (default 64 MB); bigger ones are skipped with a warning. */
  maxMessageBytes?: number;
}

/** File names read from a plain directory. */
const MAIL_FILE = /\.(eml|msg|patch|diff|mbox|mboxrd|mbx)$/i;
const GiB = 1024 * 1024 * 1024;

function statOrNull(p: string): fsSync.Stats | null {
  try {
    return fsSync.statSync(p);
  } catch {
    return null;
  }
}

function describeFsError(arg: string, e: unknown): InputError {
  const code = (e as NodeJS.ErrnoException).code;
  const why = code === 'ENOENT' ? 'no such file or directory'
    : code === 'EACCES' || code === 'EPERM' ? 'permission denied'
    : code === 'EISDIR' ? 'is a directory'
    : code === 'ELOOP' ? 'is a symbolic link (not followed)'
    : (e as Error).message.split('\n')[0];
  return new InputError(`${arg}: ${why}`);
}

/**
 * Decides what an input argument names: what exists on disk first (file,
 * maildir with cur/ and new/, git dir with HEAD and objects/, other
 * directory), then its shape (`http(s)://` → lore URL, contains `@` → lore
 * message-id). Throws an InputError for anything else.
 */
export function classifySource(arg: string): SourceKind {
  if (arg === '-') return 'stdin';
  if (arg === '' || arg.includes('\0')) throw new InputError(`invalid input ${JSON.stringify(arg)}`);
  const st = statOrNull(arg);
  if (st) {
    if (!st.isDirectory()) return 'file';
    const has = (name: string, dir: boolean) => {
      const s = statOrNull(path.join(arg, name));
      return s !== null && (dir ? s.isDirectory() : s.isFile());
    };
    if (has('HEAD', false) && has('objects', true)) return 'public-inbox';
    if (has('cur', true) && has('new', true)) return 'maildir';
    return 'directory';
  }
  if (/^https?:\/\//i.test(arg)) return 'lore-url';
  if (arg.includes('@') && !arg.includes('/')) return 'lore-id';
  throw new InputError(`${arg}: no such file or directory (and not a lore message-id or URL)`);
}

/** Reads a whole stream (stdin by default) with a size cap. */
export async function readStdin(stream: NodeJS.ReadableStream = process.stdin, opts: ReadOptions = {}): Promise<Buffer> {
  if ((stream as { isTTY?: boolean }).isTTY) throw new InputError('stdin is a terminal; pipe an mbox into mm-review or name a file');
  const cap = opts.maxFileBytes ?? GiB;
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of stream as AsyncIterable<Buffer | string>) {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    total += buf.length;
    if (total > cap) throw new InputError(`stdin: more than ${cap} bytes; refused`);
    parts.push(buf);
  }
  return Buffer.concat(parts);
}

function split(buf: Buffer, origin: string, label: string): LocalMessages {
  if (buf.length === 0) throw new InputError(`${label}: empty input`);
  const result = splitMailbox(buf, origin);
  if (result.messages.length === 0) {
    throw new InputError(`${label}: no mail messages found${result.warnings[0] ? ` (${result.warnings[0]})` : ''}`);
  }
  return result;
}

/** Reads stdin (or the given stream) as an mbox or a single message. */
export async function readStdinMessages(stream?: NodeJS.ReadableStream, opts: ReadOptions = {}): Promise<LocalMessages> {
  return split(await readStdin(stream, opts), 'stdin', 'stdin');
}

/** Reads one mbox, mboxrd, .eml or .patch file and splits it into messages. */
export async function readMailFile(file: string, opts: ReadOptions = {}): Promise<LocalMessages> {
  const cap = opts.maxFileBytes ?? GiB;
  let buf: Buffer;
  try {
    const st = await fs.stat(file);
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    if (st.isFile() && st.size > cap) throw new InputError(`${file}: ${st.size} bytes is more than the ${cap}-byte limit`);
    buf = st.isFile() ? await fs.readFile(file) : await readStdin(fsSync.createReadStream(file), { maxFileBytes: cap });
  } catch (e) {
    if (e instanceof InputError) throw new InputError(e.message.replace(/^stdin/, file));
    throw describeFsError(file, e);
  }
  return split(buf, file, file);
}

/** Opens without following a final symlink, so a file swapped for a link after listing is not read. */
async function readNoFollow(p: string, cap: number): Promise<Buffer | 'too-large'> {
  const fh = await fs.open(p, fsSync.constants.O_RDONLY | fsSync.constants.O_NOFOLLOW);
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw Object.assign(new Error('not a regular file'), { code: 'EINVAL' });
    if (st.size > cap) return 'too-large';
    return await fh.readFile();
  } finally {
    await fh.close();
  }
}

interface Candidate {
  /** Path relative to the root, for origins and warnings. */
  rel: string;
  abs: string;
}

/**
 * Lists the regular files of `rel` (one level) inside `root`. Symlinks are
 * followed only when their target stays inside `root`; others are warned
 * about and skipped. Hidden files are ignored, as maildir readers do.
 */
async function listFiles(root: string, rel: string, warnings: string[], accept: (name: string) => boolean): Promise<Candidate[]> {
  const dir = rel === '' ? root : resolveInside(root, rel);
  const dirStat = await fs.lstat(dir);
  if (dirStat.isSymbolicLink() || !dirStat.isDirectory()) {
    warnings.push(`${rel || '.'}: not a plain directory, skipped`);
    return [];
  }
  const entries = await fs.readdir(dir, { withFileTypes: true });
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const out: Candidate[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !accept(entry.name)) continue;
    const relName = rel === '' ? entry.name : path.join(rel, entry.name);
    const abs = resolveInside(root, relName);
    if (entry.isFile()) {
      out.push({ rel: relName, abs });
    } else if (entry.isSymbolicLink()) {
      const target = await fs.realpath(abs).catch(() => null);
      const targetStat = target ? await fs.stat(target).catch(() => null) : null;
      if (!target || !targetStat) warnings.push(`${relName}: dangling symlink, skipped`);
      else if (!isInside(root, target)) warnings.push(`${relName}: symlink points outside ${root}, skipped`);
      else if (targetStat.isFile()) out.push({ rel: relName, abs: target });
    }
  }
  return out;
}

/** Reads candidates a few at a time, preserving order; unreadable or oversized ones become warnings. */
async function readCandidates(files: Candidate[], cap: number, warnings: string[]): Promise<{ file: Candidate; bytes: Buffer }[]> {
  const out: { file: Candidate; bytes: Buffer }[] = [];
  const width = 16;
  for (let i = 0; i < files.length; i += width) {
    const group = files.slice(i, i + width);
    const read = await Promise.all(group.map((f) => readNoFollow(f.abs, cap).catch((e: Error) => e)));
    read.forEach((r, j) => {
      const file = group[j]!;
      if (r instanceof Error) warnings.push(`${file.rel}: ${describeFsError(file.rel, r).message.slice(file.rel.length + 2)}, skipped`);
      else if (r === 'too-large') warnings.push(`${file.rel}: larger than ${cap} bytes, skipped`);
      else if (r.length === 0) warnings.push(`${file.rel}: empty file, skipped`);
      else out.push({ file, bytes: r });
    });
  }
  return out;
}

async function realDir(dir: string): Promise<string> {
  try {
    const real = await fs.realpath(dir);
    if (!(await fs.stat(real)).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    return real;
  } catch (e) {
    throw describeFsError(dir, e);
  }
}

/** Reads every message file in a maildir's cur/ and new/ (tmp/ is skipped: deliveries in progress). */
export async function readMaildir(dir: string, opts: ReadOptions = {}): Promise<LocalMessages> {
  const root = await realDir(dir);
  const warnings: string[] = [];
  const files: Candidate[] = [];
  const subs = ['cur', 'new'].filter((sub) => fsSync.existsSync(path.join(root, sub)));
  if (subs.length === 0) throw new InputError(`${dir}: not a maildir (no cur/ or new/ directory)`);
  try {
    for (const sub of subs) files.push(...(await listFiles(root, sub, warnings, () => true)));
  } catch (e) {
    throw describeFsError(dir, e);
  }
  const read = await readCandidates(files, opts.maxMessageBytes ?? 64 * 1024 * 1024, warnings);
  const messages = read.map(({ file, bytes }) => ({ bytes, origin: path.join(dir, file.rel) }));
  return { messages, warnings: warnings.map((w) => `${dir}/${w}`) };
}

/** Reads the .eml/.patch/.mbox files directly inside a directory (not recursive). */
export async function readMailDirectory(dir: string, opts: ReadOptions = {}): Promise<LocalMessages> {
  const root = await realDir(dir);
  if (statOrNull(path.join(root, 'git', '0.git'))?.isDirectory()) {
    throw new InputError(`${dir}: looks like a public-inbox v2 inbox; name its epochs instead (${path.join(dir, 'git', '0.git')} ...)`);
  }
  const warnings: string[] = [];
  let files: Candidate[];
  try {
    files = await listFiles(root, '', warnings, (name) => MAIL_FILE.test(name));
  } catch (e) {
    throw describeFsError(dir, e);
  }
  if (files.length === 0 && warnings.length === 0) {
    throw new InputError(`${dir}: no mail files (.eml, .patch, .mbox) in this directory`);
  }
  const messages: RawMessage[] = [];
  for (const { file, bytes } of await readCandidates(files, opts.maxMessageBytes ?? 64 * 1024 * 1024, warnings)) {
    const result = splitMailbox(bytes, path.join(dir, file.rel));
    messages.push(...result.messages);
    warnings.push(...result.warnings.map((w) => `${file.rel}: ${w}`));
  }
  return { messages, warnings: warnings.map((w) => `${dir}/${w}`) };
}

/**
 * Reads a local input of any kind classifySource knows except the
 * network and git ones (use fetchLoreThread / readPublicInbox for those).
 */
export async function readLocalSource(
  arg: string,
  opts: ReadOptions & { stdin?: NodeJS.ReadableStream; kind?: SourceKind } = {},
): Promise<LocalMessages> {
  const kind = opts.kind ?? classifySource(arg);
  switch (kind) {
    case 'stdin': return readStdinMessages(opts.stdin, opts);
    case 'file': return readMailFile(arg, opts);
    case 'maildir': return readMaildir(arg, opts);
    case 'directory': return readMailDirectory(arg, opts);
    default: throw new InputError(`${arg}: a ${kind} source is not a local file; use its own reader`);
  }
}
