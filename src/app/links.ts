// Where report and ledger links point: the lore server's all-lists view.
import { loreBase } from '../ingest/sources/lore.ts';

/**
 * `<lore base>/all/` for `base` (default: $MM_REVIEW_LORE_BASE or lore.kernel.org); throws on a non-URL.
 * Links are read by other people: a base's `user:password@` and query string (a private mirror's
 * credentials or token) are left out, as loreBase() does.
 */
export function loreLinkBase(base?: string): string {
  return `${loreBase({ base })}/all/`;
}
