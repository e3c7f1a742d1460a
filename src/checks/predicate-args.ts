// Argument checking for predicate leaves. Every helper throws ArgError with a
// short message; the rule loader prefixes it with the file and field.

export class ArgError extends Error {}

export function fail(msg: string): never {
  throw new ArgError(msg);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A name or a list of names (`exact`, `glob_*`, `/regex/`). */
export function asNames(raw: unknown, what = 'a name or a list of names'): string[] {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string' && x.trim() !== '')) fail(`expected ${what}`);
  for (const p of list as string[]) if (p.length > 2 && p.startsWith('/') && p.endsWith('/')) checkRegex(p.slice(1, -1));
  return list as string[];
}

export function asRegex(raw: unknown): string {
  if (typeof raw !== 'string' || raw === '') fail('expected a regular expression string');
  checkRegex(raw);
  return raw;
}

function checkRegex(src: string): void {
  try {
    new RegExp(src.replace(/\{\w+\}/g, 'x'));
  } catch (err) {
    fail(`bad regular expression /${src}/: ${(err as Error).message}`);
  }
}

export function asString(raw: unknown, what = 'a string'): string {
  if (typeof raw !== 'string' || raw.trim() === '') fail(`expected ${what}`);
  return raw;
}

export function asStringList(raw: unknown, what = 'a list of strings'): string[] {
  const list = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0 || !list.every((x) => typeof x === 'string' && x !== '')) fail(`expected ${what}`);
  return list as string[];
}

/** An object with only the allowed keys, and every required one present. */
export function asObject(raw: unknown, required: string[], optional: string[] = []): Record<string, unknown> {
  if (!isRecord(raw)) fail(`expected a mapping with ${[...required, ...optional].join(', ')}`);
  for (const k of required) if (!(k in raw)) fail(`missing '${k}'`);
  for (const k of Object.keys(raw)) if (!required.includes(k) && !optional.includes(k)) fail(`unknown key '${k}' (allowed: ${[...required, ...optional].join(', ')})`);
  return raw;
}

export function asEnum<T extends string>(raw: unknown, allowed: readonly T[], what: string): T {
  if (typeof raw !== 'string' || !allowed.includes(raw as T)) fail(`${what} must be one of ${allowed.join(', ')}`);
  return raw as T;
}
