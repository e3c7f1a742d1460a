// Where the eval and bench scripts find kernel sources: an extracted tree
// (env override or ../kernel*/), else a few files pulled out of Debian's
// /usr/src/linux-source-<v>.tar.xz into a temp dir, else a skip message.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { synthPatchContent } from '../src/checks/index.ts';
import type { SeriesPatchInput } from '../src/checks/index.ts';

export const ROOT = resolve(import.meta.dirname, '..');

/** The merged mm files the rules are judged against. */
export const REVIEW_FILES = [
  'mm/userfaultfd.c', 'mm/mremap.c', 'mm/huge_memory.c', 'mm/memory.c',
  'mm/rmap.c', 'mm/ksm.c', 'mm/hugetlb.c', 'mm/migrate_device.c',
];

export interface KernelSpec {
  version: string;
  /** Environment variable naming an extracted tree. */
  env: string;
  defaultRoot: string;
  tarball: string;
}

export const KERNEL_612: KernelSpec = {
  version: '6.12',
  env: 'MM_REVIEW_KERNEL',
  defaultRoot: resolve(ROOT, '..', 'kernel', 'linux-source-6.12'),
  tarball: '/usr/src/linux-source-6.12.tar.xz',
};

export const KERNEL_61: KernelSpec = {
  version: '6.1',
  env: 'MM_REVIEW_KERNEL61',
  defaultRoot: resolve(ROOT, '..', 'kernel61', 'linux-source-6.1'),
  tarball: '/usr/src/linux-source-6.1.tar.xz',
};

export interface KernelTree {
  root: string;
  /** Where it came from, for the printed figures. */
  origin: string;
  dispose(): void;
}

export type KernelLookup = KernelTree | { skipped: string };

/**
 * A tree holding every file of `need`. `extract` are tar wildcards relative
 * to the tree root (default: `need`), used only when falling back to the tarball.
 */
export function openKernel(spec: KernelSpec, need: string[], extract: string[] = need): KernelLookup {
  const root = process.env[spec.env] || spec.defaultRoot;
  if (need.every((f) => existsSync(join(root, f)))) return { root, origin: root, dispose: () => {} };
  if (!existsSync(spec.tarball)) return { skipped: `${root} lacks ${need.join(', ')} and ${spec.tarball} is missing (set ${spec.env}=/path)` };
  const dir = mkdtempSync(join(tmpdir(), `mmr-linux-${spec.version}-`));
  const top = `linux-source-${spec.version}`;
  const dispose = () => rmSync(dir, { recursive: true, force: true });
  try {
    execFileSync('tar', ['-xJf', spec.tarball, '-C', dir, '--wildcards', '--no-wildcards-match-slash', ...extract.map((p) => `${top}/${p}`)], { stdio: 'ignore' });
  } catch {
    // tar exits non-zero when a pattern matched nothing; the check below decides.
  }
  const extracted = join(dir, top);
  if (!need.every((f) => existsSync(join(extracted, f)))) {
    dispose();
    return { skipped: `could not extract ${need.join(', ')} from ${spec.tarball}` };
  }
  return { root: extracted, origin: `${spec.tarball} (extracted to a temp dir)`, dispose };
}

export function readTreeFile(root: string, path: string): string {
  return readFileSync(join(root, path), 'utf8');
}

/** One patch that adds `path` with `text`, as the review pipeline would hand it over. */
export function newFilePatch(path: string, text: string, index = 1): SeriesPatchInput {
  return { index, messageId: `eval-${index}@mm-review.invalid`, subject: `[PATCH] add ${path}`, content: synthPatchContent([{ path, after: text }]) };
}
