// Message-ids a message links to by URL: lore (`https://lore.kernel.org/<list>/<id>/`, `/r/<id>`),
// lkml.kernel.org/r/<id> and (patch.)msgid.link/<id>. A later version of a series usually links the
// earlier ones in its cover letter or changelog ("v1: https://lore.kernel.org/..."); series linking
// uses that when the title or the author changed between versions (ingest/series-link.ts).
import { UNSAFE_IN_ID } from './message-id.ts';

const LINK = /\bhttps?:\/\/(?:lore\.kernel\.org\/(?:[\w.+-]+\/)?|lkml\.kernel\.org\/r\/|(?:patch\.)?msgid\.link\/(?:r\/)?)([^\s/<>"'()[\]{}|\\^`]+)/gi;

/** A message carries at most this many: more is a list of links (a digest, a report), not a changelog. */
const MAX_LINKS = 64;


function decoded(segment: string): string | null {
  let id: string;
  try {
    id = decodeURIComponent(segment);
  } catch {
    return null;
  }
  id = id.replace(/[.,;:!?]+$/, '');
  return id.includes('@') && id.length <= 995 && !/\s/.test(id) && !UNSAFE_IN_ID.test(id) ? id : null;
}

/** The message-ids `text` links to, in order of first appearance, without repeats. */
export function linkedMessageIds(text: string): string[] {
  if (!/kernel\.org\/|msgid\.link\//i.test(text)) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of text.matchAll(LINK)) {
    const id = decoded(m[1]!);
    if (id === null || seen.has(id)) continue;
    seen.add(id);
    out.push(id);
    if (out.length === MAX_LINKS) break;
  }
  return out;
}
