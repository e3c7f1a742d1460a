// Validating parsers for predicate and evaluator arguments. Each takes the
// YAML value and returns a typed one, or throws ArgError with a short message
// naming the argument; the rule loader prefixes it with the file and field.

import { API_FAMILIES, apiFamily } from '../api-families.ts';

export class ArgError extends Error {}

export function fail(msg: string): never {
  throw new ArgError(msg);
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A name or a list of names (`exact`, `glob_*`, `/regex/`, `@family`: an API family of api-families.ts). */
export function asNames(raw: unknown, what = 'a name or a list of names'): string[] {
  const list = asStringList(raw, what);
  if (list.some((x) => x.trim() === '')) fail(`expected ${what}`);
  for (const p of list) if (p.startsWith('@') && !apiFamily(p)) fail(`unknown API family ${p} (known: ${API_FAMILIES.map((f) => `@${f.id}`).join(', ')})`);
  for (const p of list) if (p.length > 2 && p.startsWith('/') && p.endsWith('/')) checkRegex(p.slice(1, -1));
  return list;
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
  const list: unknown = typeof raw === 'string' ? [raw] : raw;
  if (!Array.isArray(list) || list.length === 0) fail(`expected ${what}`);
  const out: string[] = [];
  for (const x of list) {
    if (typeof x !== 'string' || x === '') fail(`expected ${what}`);
    out.push(x);
  }
  return out;
}

/** A list of lists of strings (`[[a, b], [c]]`). */
export function asStringLists(raw: unknown): string[][] {
  if (!Array.isArray(raw) || raw.length === 0) fail('expected a list of lists of strings');
  return raw.map((x) => asStringList(x, 'a list of lists of strings'));
}

export function asIndex(raw: unknown, what = 'a 0-based index'): number {
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 0) fail(`expected ${what}`);
  return raw;
}

export function asNumber(raw: unknown): number {
  if (typeof raw !== 'number' || !Number.isFinite(raw)) fail('expected a number');
  return raw;
}

export function asBoolean(raw: unknown): boolean {
  if (typeof raw !== 'boolean') fail('expected true or false');
  return raw;
}

/** A mapping with only the allowed keys, and every required one present. */
export function asObject(raw: unknown, required: string[], optional: string[] = []): Record<string, unknown> {
  if (!isRecord(raw)) fail(`expected a mapping with ${[...required, ...optional].join(', ')}`);
  for (const k of required) if (!(k in raw)) fail(`missing '${k}'`);
  for (const k of Object.keys(raw)) if (!required.includes(k) && !optional.includes(k)) fail(`unknown key '${k}' (allowed: ${[...required, ...optional].join(', ')})`);
  return raw;
}

export function asEnum<T extends string>(raw: unknown, allowed: readonly T[], what: string): T {
  const hit = allowed.find((a) => a === raw);
  if (hit === undefined) fail(`${what} must be one of ${allowed.join(', ')}`);
  return hit;
}

/** `o[key]` through `parse`; a problem names the key. */
export function field<T>(o: Record<string, unknown>, key: string, parse: (raw: unknown) => T): T {
  try {
    return parse(o[key]);
  } catch (err) {
    if (err instanceof ArgError) fail(`'${key}': ${err.message}`);
    throw err;
  }
}

/** Like field(), but absent keys give undefined. */
export function optionalField<T>(o: Record<string, unknown>, key: string, parse: (raw: unknown) => T): T | undefined {
  return o[key] === undefined ? undefined : field(o, key, parse);
}

/** For evaluators that take no arguments. */
export function noArgs(raw: unknown): undefined {
  if (raw !== undefined && raw !== null) fail('this evaluator takes no args');
  return undefined;
}
