// Name, path and type patterns as rules write them: matching them, and
// showing a list of them in a message.
import { normaliseType } from './c/functions.ts';
import { apiFamily } from './api-families.ts';
import type { ApiFamily } from './api-families.ts';

const matcherCache = new Map<string, (name: string) => boolean>();
const matcherByList = new WeakMap<readonly string[], (name: string) => boolean>();

/**
 * A name pattern: `exact_name`, a glob with `*` (`flush_cache_*`), a
 * regular expression written `/.../`, or an API family written `@id`.
 */
export function nameMatcher(patterns: readonly string[]): (name: string) => boolean {
  const known = matcherByList.get(patterns);
  if (known) return known;
  const key = patterns.join('\u0000');
  let m = matcherCache.get(key);
  if (m) {
    matcherByList.set(patterns, m);
    return m;
  }
  const exact = new Set<string>();
  const res: RegExp[] = [];
  for (const p of patterns) {
    if (p.length > 2 && p.startsWith('/') && p.endsWith('/')) res.push(new RegExp(p.slice(1, -1)));
    else if (p.startsWith('@')) res.push(familyOf(p).match);
    else if (p.includes('*')) res.push(new RegExp('^' + p.split('*').map(escapeRe).join('\\w*') + '$'));
    else exact.add(p);
  }
  const [only] = res;
  m = res.length === 0
    ? (name: string) => exact.has(name)
    : res.length === 1
      ? (name: string) => exact.has(name) || only!.test(name)
      : (name: string) => {
        if (exact.has(name)) return true;
        for (const r of res) if (r.test(name)) return true;
        return false;
      };
  matcherCache.set(key, m);
  matcherByList.set(patterns, m);
  return m;
}

function familyOf(ref: string): ApiFamily {
  const f = apiFamily(ref);
  if (!f) throw new Error(`unknown API family ${ref}`);
  return f;
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Glob for paths: `**` any depth, `*` within a segment, `{a,b}` alternatives. */
function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*' && glob[i + 1] === '*') {
      i++;
      if (glob[i + 1] === '/') {
        i++;
        re += '(?:.*/)?';
      } else re += '.*';
    } else if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const close = glob.indexOf('}', i);
      if (close < 0) re += '\\{';
      else {
        re += '(?:' + glob.slice(i + 1, close).split(',').map(escapeRe).join('|') + ')';
        i = close;
      }
    } else re += escapeRe(c);
  }
  return new RegExp('^' + re + '$');
}

const globCache = new Map<string, RegExp>();

export function pathMatches(path: string, globs: string[]): boolean {
  return globs.some((g) => {
    let re = globCache.get(g);
    if (!re) globCache.set(g, (re = globToRegExp(g)));
    return re.test(path);
  });
}

/** "a(), b() or c()"; a family as its members' shape ("flush_cache_*()"). */
export function callList(patterns: string[]): string {
  const shown = patterns.map((p) => (/^\w+$/.test(p) ? `${p}()` : p.startsWith('@') ? familyOf(p).shown : p));
  return shown.length <= 1 ? shown.join('') : `${shown.slice(0, -1).join(', ')} or ${shown[shown.length - 1]}`;
}


/** `pte_t *` matches "pte_t *" and "pte_t **"; `/re/` is a regex over the normalised type. */
export function typeMatches(type: string, pattern: string): boolean {
  if (pattern.length > 2 && pattern.startsWith('/') && pattern.endsWith('/')) return new RegExp(pattern.slice(1, -1)).test(type);
  return type.includes(normaliseType(pattern));
}
