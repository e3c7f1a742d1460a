// Where report and ledger links point: the lore server's all-lists view.
import { loreBase } from '../ingest/sources/lore.ts';

/** `<lore base>/all/` for `base` (default: $MM_REVIEW_LORE_BASE or lore.kernel.org); throws on a non-URL. */
export function loreLinkBase(base?: string): string {
  return `${loreBase({ base })}/all/`;
}
