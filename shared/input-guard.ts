/**
 * Keys no input may carry, in any transport: `__proto__`, `constructor` and `prototype`
 * can reach an object's prototype when input is merged or copied (issue 16, item 2: a body
 * with `"__proto__": {"allowGaps": true}` once published a run with gaps allowed).
 */
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/** How deep an input is searched; deeper input is refused as well (no real input nests this far). */
const MAX_DEPTH = 64;

/** The path of the first forbidden key in `value` (`a.b[2].__proto__`), or null when there is none. */
export function forbiddenKeyPath(value: unknown, at = '', depth = 0): string | null {
  if (typeof value !== 'object' || value === null) return null;
  if (depth > MAX_DEPTH) return `${at || '(root)'} (nested deeper than ${MAX_DEPTH} levels)`;
  if (Array.isArray(value)) {
    for (let index = 0; index < value.length; index++) {
      const found = forbiddenKeyPath(value[index], `${at}[${index}]`, depth + 1);
      if (found) return found;
    }
    return null;
  }
  for (const key of Object.keys(value)) {
    const here = at ? `${at}.${key}` : key;
    if (FORBIDDEN_KEYS.has(key)) return here;
    const found = forbiddenKeyPath((value as Record<string, unknown>)[key], here, depth + 1);
    if (found) return found;
  }
  return null;
}

export function isForbiddenKey(key: string): boolean {
  return FORBIDDEN_KEYS.has(key);
}
