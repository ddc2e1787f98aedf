/** Query parameters as Fastify parses them: a repeated parameter arrives as an array. */
export type QueryParams = Record<string, string | readonly string[] | undefined>;

/**
 * `basePath` with `query` and then `changes` applied: a change of `undefined` or `''` removes the parameter.
 * Keys keep their order; `hrefWith('/ho-so', { q: 'đất', page: '3' }, { page: undefined })` → `/ho-so?q=%C4%91%E1%BA%A5t`.
 */
export function hrefWith(basePath: string, query: QueryParams = {}, changes: QueryParams = {}): string {
  const merged: QueryParams = { ...query, ...changes };
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) continue;
    if (typeof value === 'string') {
      if (value !== '') params.append(key, value);
    } else {
      for (const v of value) if (v !== '') params.append(key, v);
    }
  }
  const qs = params.toString();
  return qs ? `${basePath}?${qs}` : basePath;
}

/** Splits `/path?a=1&b=2` into its path and its query parameters (repeated keys become arrays). */
export function splitUrl(url: string): { path: string; query: QueryParams } {
  const i = url.indexOf('?');
  const path = i < 0 ? url : url.slice(0, i);
  const query: Record<string, string | string[]> = {};
  if (i >= 0) {
    for (const [k, v] of new URLSearchParams(url.slice(i + 1).split('#')[0])) {
      const prev = query[k];
      if (prev === undefined) query[k] = v;
      else query[k] = Array.isArray(prev) ? [...prev, v] : [prev, v];
    }
  }
  return { path: path.split('#')[0] || '/', query };
}

/** First value of a query parameter. */
export function firstParam(query: QueryParams, key: string): string | undefined {
  const v = query[key];
  return typeof v === 'string' ? v : v?.[0];
}

/**
 * The first value of each parameter of `names` (key → parameter name), under its key; absent parameters are left
 * out: `paramsOf({ nam: '2023', x: '1' }, { year: 'nam', unit: 'don-vi' })` → `{ year: '2023' }`.
 */
export function paramsOf<K extends string>(query: QueryParams, names: Readonly<Record<K, string>>): Partial<Record<K, string>> {
  const out: Partial<Record<K, string>> = {};
  for (const [key, param] of Object.entries(names) as [K, string][]) {
    const v = firstParam(query, param);
    if (v !== undefined) out[key] = v;
  }
  return out;
}
