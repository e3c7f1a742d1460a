// The release's sources for the tree-mutation benchmark: its extracted tree (the files to mutate) and a git
// repository of it for --tree, from bench/kernel-repo.ts.
import type { KernelSpec, KernelTree } from '../eval-kernel.ts';
import { KERNEL_61, KERNEL_612, openKernel } from '../eval-kernel.ts';
import { kernelRepo } from '../kernel-repo.ts';

export type Release = '6.1' | '6.12';

export const RELEASES: readonly Release[] = ['6.1', '6.12'];

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
