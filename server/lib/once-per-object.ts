/**
 * `compute` run once for each object and remembered for as long as the object lives, for what
 * is derived from data that never changes once made (a published questionnaire's snapshot).
 */
export function oncePerObject<K extends object, V>(compute: (key: K) => V): (key: K) => V {
  const results = new WeakMap<K, V>();
  return (key) => {
    if (results.has(key)) return results.get(key) as V;
    const value = compute(key);
    results.set(key, value);
    return value;
  };
}
