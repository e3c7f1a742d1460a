// Adapts the --tree checkout to the report builder (filled in when tree mode lands).
import type { TreeProvider } from '../review/build.ts';
import { InputError } from '../util/errors.ts';

export async function treeProvider(dir: string): Promise<TreeProvider & { close(): Promise<void> }> {
  throw new InputError(`--tree ${dir}: tree mode is not available yet`);
}
