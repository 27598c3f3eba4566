/**
 * `node:util` in a browser page, as far as the harness uses it (harness/checks/expect.ts:
 * `isDeepStrictEqual` and `inspect`): the browser bundler (harness/browser/bundle.ts) aliases the
 * module here. Deep equality compares prototypes, own enumerable keys, arrays and typed arrays
 * element by element, Maps and Sets by their entries, bigints and NaN by value (Object.is).
 */
export function isDeepStrictEqual(a: unknown, b: unknown, seen: Map<object, object> = new Map()): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (ArrayBuffer.isView(a)) {
    const x = a as unknown as ArrayLike<unknown>;
    const y = b as unknown as ArrayLike<unknown>;
    if (x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!Object.is(x[i], y[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    for (const [k, v] of a) if (!m.has(k) || !isDeepStrictEqual(v, m.get(k), seen)) return false;
    return true;
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    if (a.size !== s.size) return false;
    for (const v of a) if (!s.has(v)) return false;
    return true;
  }
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) if (!Object.hasOwn(b, k) || !isDeepStrictEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen)) return false;
  return true;
}

/** A one-line rendering of a value (bigints with n, strings quoted, nested up to `depth`). */
export function inspect(v: unknown, o: { depth?: number; maxStringLength?: number } = {}, level = 0): string {
  const depth = o.depth ?? 2;
  const max = o.maxStringLength ?? 10000;
  if (typeof v === 'bigint') return `${v}n`;
  if (typeof v === 'string') return JSON.stringify(v.length > max ? `${v.slice(0, max)}… ${v.length - max} more characters` : v);
  if (typeof v === 'function') return `[Function: ${v.name || '(anonymous)'}]`;
  if (typeof v !== 'object' || v === null) return String(v);
  if (v instanceof Error) return `${v.name}: ${v.message}`;
  if (level > depth) return Array.isArray(v) ? '[Array]' : '[Object]';
  if (Array.isArray(v) || ArrayBuffer.isView(v)) {
    const items = Array.from(v as ArrayLike<unknown>, (x) => inspect(x, o, level + 1));
    return `${Array.isArray(v) ? '' : `${v.constructor.name}(${items.length}) `}[ ${items.join(', ')} ]`;
  }
  const name = v.constructor && v.constructor !== Object ? `${v.constructor.name} ` : '';
  return `${name}{ ${Object.entries(v)
    .map(([k, x]) => `${k}: ${inspect(x, o, level + 1)}`)
    .join(', ')} }`;
}

export default { isDeepStrictEqual, inspect };
