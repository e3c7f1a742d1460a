// The release's sources for the tree-mutation benchmark: its extracted tree (the files to mutate) and a git
// repository of it for --tree, from bench/kernel-repo.ts.
import type { KernelSpec, KernelTree } from '../eval-kernel.ts';
import { KERNEL_61, KERNEL_612, openKernel } from '../eval-kernel.ts';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { kernelRepo } from '../kernel-repo.ts';

export type Release = '6.1' | '6.12';

export const RELEASES: readonly Release[] = ['6.1', '6.12'];

/**
 * When each release came out: the benches date their patch mails then, as a patch against that release
 * would be, so rules about APIs newer than the release (their `since`) do not ask old code for them.
 */
export const RELEASE_DATES: Readonly<Record<Release, number>> = { '6.1': Date.UTC(2022, 11, 11, 9), '6.12': Date.UTC(2024, 10, 17, 9) };

export function specOf(version: Release): KernelSpec {
  return version === '6.1' ? KERNEL_61 : KERNEL_612;
}

/** The extracted tree of `version` holding mm/ (a temp extraction of Debian's tarball when needed). */
export function releaseTree(version: Release): KernelTree | { skipped: string } {
  return openKernel(specOf(version), ['mm/memory.c', 'mm/mremap.c'], ['mm']);
}

export interface ReleaseRepo {
  dir: string;
  head: string;
  /** Where it came from, for the report. */
  source: string;
}

/** The git repository of `version` the one-hunk form is reviewed on, or null when it cannot be made. */
export async function releaseRepo(version: Release): Promise<ReleaseRepo | null> {
  const repo = await kernelRepo(version);
  return repo ? { ...repo, source: 'bench/kernel-repo.ts' } : null;
}

export interface ReleaseRun {
  tree: KernelTree;
  repo: ReleaseRepo;
  /** A scratch folder, removed afterwards. */
  work: string;
}

/**
 * Runs `body` with the release's unpacked tree, its git repository and a scratch folder, all released
 * afterwards; prints one "skipped:" line instead when the tree or the repository cannot be had.
 */
export async function withRelease(version: Release, body: (run: ReleaseRun) => Promise<void>): Promise<void> {
  const tree = releaseTree(version);
  if ('skipped' in tree) return void console.log(`skipped: ${tree.skipped}`);
  const work = mkdtempSync(join(tmpdir(), `mmr-release-${version}-`));
  try {
    const repo = await releaseRepo(version);
    if (!repo) return void console.log(`skipped: no git repository of linux-source-${version}`);
    await body({ tree, repo, work });
  } finally {
    rmSync(work, { recursive: true, force: true });
    tree.dispose();
  }
}
