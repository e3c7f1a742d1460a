// {placeholder} bindings: substituting them into messages and predicate
// arguments, and the bindings a regex match yields.

/** Replace {key} with bindings[key]; unknown keys stay as written. */
export function interp(s: string, bindings: Record<string, string>, escapeRegex = false): string {
  return s.replace(/\{(\w+)\}/g, (all, key: string) => {
    const v = bindings[key];
    if (v === undefined) return all;
    return escapeRegex ? v.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : v;
  });
}


/** Does a rule argument (as written in YAML) hold a {placeholder} anywhere? */
export function hasPlaceholder(raw: unknown): boolean {
  if (typeof raw === 'string') return /\{\w+\}/.test(raw);
  if (Array.isArray(raw)) return raw.some(hasPlaceholder);
  if (raw !== null && typeof raw === 'object') return Object.values(raw).some(hasPlaceholder);
  return false;
}

/** Keys whose string values are regexes: bound values are escaped there. */
const REGEX_KEYS = /^(matches|name_matches|code_matches|adds_text_matches|name|value)$/;

/** Deep {placeholder} substitution in a rule argument as written; values under regex keys are escaped. */
export function bindRaw(raw: unknown, bindings: Record<string, string>, key = ''): unknown {
  if (typeof raw === 'string') return interp(raw, bindings, REGEX_KEYS.test(key));
  if (Array.isArray(raw)) return raw.map((a) => bindRaw(a, bindings, key));
  if (raw !== null && typeof raw === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(raw)) out[k] = bindRaw(v, bindings, k);
    return out;
  }
  return raw;
}

/** Named groups of a regex match become bindings, plus {match}. */
export function groupsOf(m: RegExpExecArray): Record<string, string> {
  const out: Record<string, string> = { match: m[0] };
  for (const [k, v] of Object.entries(m.groups ?? {})) if (v !== undefined) out[k] = v;
  return out;
}
