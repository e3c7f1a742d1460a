// Failures of the system a user can act on (a missing or unwritable path, a full disk), told as one
// line naming the path rather than as an internal error.
import { InputError } from './errors.ts';

const CAUSES: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only filesystem',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large (a file size limit?)',
  EISDIR: 'is a directory',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'already exists',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
  ENAMETOOLONG: 'file name too long',
  ELOOP: 'too many symbolic links',
  EIO: 'input/output error',
};

/** `err` as a one-line InputError when it is a system failure a user can act on; otherwise `err` itself. */
export function asSystemError(err: unknown): unknown {
  if (err instanceof InputError || !(err instanceof Error)) return err;
  const { code, path } = err as NodeJS.ErrnoException;
  const { syscall } = err as NodeJS.ErrnoException;
  const cause = code === 'EEXIST' && syscall === 'mkdir' ? 'exists and is not a directory' : code !== undefined ? CAUSES[code] : undefined;
  if (cause === undefined) return err;
  return new InputError(path ? `${path}: ${cause}` : `${cause} (${err.message.split('\n', 1)[0]})`);
}

/** One line for a failed write to standard output or error, or null for a closed pipe (`| head`), which is not an error. */
export function outputFailure(err: NodeJS.ErrnoException, stream: 'standard output' | 'standard error'): string | null {
  if (err.code === 'EPIPE') return null;
  return `${stream}: ${(err.code !== undefined && CAUSES[err.code]) || err.message.split('\n', 1)[0]}`;
}
