// The one-file build of the CLI (dist/bundle/cli.cjs), written by `npm run build` after tsc
// (cli/build-dist.ts) and run by the installed command (cli/launch.ts). Starting the CLI from the
// 280-odd modules under dist/ and node_modules costs about as much as a small review's own work:
// resolving, reading and compiling each module. The bundle is the same compiled code in one file, so
// it loads in one read and one compile, and V8 can keep that compile in a code cache.
// Its manifest lists every file that went into it with its size and modification time; a bundle whose
// inputs changed since (dist/ rebuilt by tsc alone, a dependency updated) is stale and never run.
//
// The code cache: V8's compiled code of the bundle after a run of one command, in the user's cache
// folder (v8/<bundle id>-<node and its flags>-<command>.bin, with a checksum), written once by the first
// run of each command that ends normally (status 0 or 1; help runs aside), read by the later ones; a
// cache V8 refuses is written again. The folder keeps the newest 16.
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import zlib from 'node:zlib';
import { userCacheDir } from './paths.ts';

export const BUNDLE_FORMAT = 1;
/** Under dist/. */
export const BUNDLE_DIR = 'bundle';
export const BUNDLE_FILE = 'cli.cjs';
export const MANIFEST_FILE = 'manifest.json';

/** A file as it was when the bundle was made: [path from the project folder, size, mtimeMs]. */
export type FileStamp = [string, number, number];

export interface BundleManifest {
  format: number;
  /** A hash of the bundle's text: names its code caches. */
  id: string;
  /** The bundle itself. */
  bundle: FileStamp;
  /** What went into it: every file under dist/, and the package.json of every package from node_modules. */
  inputs: FileStamp[];
}

/** The stamp of `path` (relative to `root`) now, or null when it cannot be read. */
export function stampOf(root: string, path: string): FileStamp | null {
  const st = statSync(join(root, path), { throwIfNoEntry: false });
  return st ? [path, st.size, st.mtimeMs] : null;
}

function unchanged(root: string, stamp: FileStamp): boolean {
  const now = stampOf(root, stamp[0]);
  return now !== null && now[1] === stamp[1] && now[2] === stamp[2];
}

function readManifest(dist: string): BundleManifest | null {
  try {
    const manifest = JSON.parse(readFileSync(join(dist, BUNDLE_DIR, MANIFEST_FILE), 'utf8')) as BundleManifest;
    return manifest.format === BUNDLE_FORMAT && Array.isArray(manifest.inputs) && manifest.inputs.length > 0 ? manifest : null;
  } catch {
    return null;
  }
}

/**
 * The manifest of the bundle under `dist` (the compiled folder; the project folder is its parent) when
 * the bundle and every file that went into it are unchanged; null when there is no bundle, or a stale one.
 */
export function freshBundle(dist: string): { file: string; manifest: BundleManifest } | null {
  const root = join(dist, '..');
  const manifest = readManifest(dist);
  if (!manifest || !unchanged(root, manifest.bundle)) return null;
  for (const input of manifest.inputs) if (!unchanged(root, input)) return null;
  return { file: join(root, manifest.bundle[0]), manifest };
}

type Main = (argv: string[]) => Promise<number>;

const MAGIC = Buffer.from('MMRC');

/** FNV-1a, 32 bits, as 8 hex digits. */
function fnv(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Names a code cache by the node binary and the flags that made it (V8 refuses a cache made under others). */
function runtimeKey(): string {
  return fnv([process.version, process.arch, process.platform, ...process.execArgv, process.env.NODE_OPTIONS ?? ''].join('\0'));
}

/** The code cache of a bundle for one command. */
export function codeCacheFile(id: string, command: string): string {
  return join(userCacheDir(), 'v8', `${id}-${runtimeKey()}-${command}.bin`);
}

/** The cached data in `file` when its checksum holds. */
function readCodeCache(file: string): Buffer | undefined {
  let raw: Buffer;
  try {
    raw = readFileSync(file);
  } catch {
    return undefined;
  }
  if (raw.length <= 8 || !raw.subarray(0, 4).equals(MAGIC)) return undefined;
  const data = raw.subarray(8);
  return zlib.crc32(data) === raw.readUInt32LE(4) ? data : undefined;
}

/** How many code caches the folder keeps (the newest; about 2 MB each): a few commands of a few builds or checkouts. */
const KEEP_CACHES = 16;

/** Writes the cache (atomically) and trims the folder to the newest caches; a folder that cannot be written is left alone. */
function writeCodeCache(file: string, data: Buffer): void {
  try {
    const dir = dirname(file);
    mkdirSync(dir, { recursive: true });
    const head = Buffer.alloc(8);
    MAGIC.copy(head, 0);
    head.writeUInt32LE(zlib.crc32(data), 4);
    const tmp = `${file}.${process.pid}.tmp`;
    writeFileSync(tmp, Buffer.concat([head, data]));
    renameSync(tmp, file);
    const now = Date.now();
    const files = readdirSync(dir).map((name) => ({ name, mtime: statSync(join(dir, name), { throwIfNoEntry: false })?.mtimeMs ?? now }));
    const caches = files.filter((f) => f.name.endsWith('.bin')).sort((a, b) => b.mtime - a.mtime);
    const leftovers = files.filter((f) => f.name.endsWith('.tmp') && now - f.mtime > 3_600_000); // of a run that died writing
    for (const f of [...caches.slice(KEEP_CACHES), ...leftovers]) rmSync(join(dir, f.name), { force: true });
  } catch {
    // no cache: the next run compiles again
  }
}

/** The bundle compiled (with the code cache, when V8 takes it), or null when it does not compile. */
function compileBundle(file: string, cachedData: Buffer | undefined): vm.Script | null {
  try {
    return new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(file, 'utf8')}\n})`, {
      filename: file,
      cachedData,
      importModuleDynamically: vm.constants.USE_MAIN_CONTEXT_DEFAULT_LOADER,
    });
  } catch {
    return null;
  }
}

/** The bundle's main, its top level evaluated; null when that fails. */
function mainOf(script: vm.Script, file: string): Main | null {
  try {
    const wrapper = script.runInThisContext() as (exports: object, require: NodeJS.Require, module: { exports: object }, filename: string, dir: string) => void;
    const mod = { exports: {} as { main?: Main } };
    wrapper.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
    return typeof mod.exports.main === 'function' ? mod.exports.main : null;
  } catch {
    return null;
  }
}

/**
 * Runs `command`'s command line from the bundle under `dist` (a file: URL) and returns its exit status;
 * null, having run nothing, when there is no fresh bundle or it does not load.
 */
export async function runBundled(argv: string[], command: string, dist: URL): Promise<number | null> {
  const fresh = freshBundle(fileURLToPath(dist));
  if (!fresh) return null;
  const { file, manifest } = fresh;
  const cacheFile = codeCacheFile(manifest.id, command);
  const cached = readCodeCache(cacheFile);
  const script = compileBundle(file, cached);
  if (!script) return null;
  const main = mainOf(script, file);
  if (!main) return null;
  const code = await main(argv);
  // A help run compiles next to nothing of its command: a cache written from it would serve the command's later runs poorly.
  const help = argv.some((a) => a === 'help' || a === '-h' || a === '--help');
  if ((cached === undefined || script.cachedDataRejected === true) && (code === 0 || code === 1) && !help) {
    writeCodeCache(cacheFile, script.createCachedData());
  }
  return code;
}
