// Path helpers: keeping derived paths inside their tree, and the per-user
// data and cache directories (XDG base directories with the usual fallbacks).

import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { InputError } from './errors.ts';

/** True when `candidate` (absolute) is `root` itself or lies below it. Lexical check only. */
export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(candidate));
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Joins `rel` onto `root` and returns the absolute result, throwing an
 * InputError when the result would leave `root` (absolute `rel`, `..`
 * segments, NUL bytes). The check is lexical; callers that open the result
 * should not follow symlinks (see files.ts).
 */
export function resolveInside(root: string, rel: string): string {
  if (rel.includes('\0')) throw new InputError(`path contains a NUL byte: ${JSON.stringify(rel)}`);
  if (rel === '' || path.isAbsolute(rel)) {
    throw new InputError(`path ${JSON.stringify(rel)} is not relative to ${root}`);
  }
  const absRoot = path.resolve(root);
  const result = path.resolve(absRoot, rel);
  if (result === absRoot || !isInside(absRoot, result)) {
    throw new InputError(`path ${JSON.stringify(rel)} leaves ${root}`);
  }
  return result;
}

function xdgDir(envName: string, fallback: string[]): string {
  const fromEnv = process.env[envName];
  // The XDG spec says relative values are invalid and must be ignored.
  const base = fromEnv && path.isAbsolute(fromEnv) ? fromEnv : path.join(os.homedir(), ...fallback);
  return path.join(base, 'mm-review');
}

/** `$XDG_DATA_HOME/mm-review`, else `~/.local/share/mm-review`. */
export function userDataDir(): string {
  return xdgDir('XDG_DATA_HOME', ['.local', 'share']);
}

/** `$XDG_CACHE_HOME/mm-review`, else `~/.cache/mm-review`. */
export function userCacheDir(): string {
  return xdgDir('XDG_CACHE_HOME', ['.cache']);
}

/** `$XDG_CONFIG_HOME/mm-review`, else `~/.config/mm-review`: where the user's config.yaml lives. */
export function userConfigDir(): string {
  return xdgDir('XDG_CONFIG_HOME', ['.config']);
}

/** A path for a one-line message: as is, or JSON-quoted when it holds control characters. */
export function quotedPath(p: string): string {
  return /[\0-\x1f\x7f]/.test(p) ? JSON.stringify(p) : p;
}

/**
 * The project's folder `name` (next to package.json), looked for from `fromDir` upwards (src/ and dist/
 * are at different depths); null when none of the six folders above has it.
 */
export function projectFolder(fromDir: string, name: string): string | null {
  let dir = fromDir;
  for (let i = 0; i < 6; i++) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, name))) return path.join(dir, name);
    dir = path.dirname(dir);
  }
  return null;
}
