/**
 * Returns `value` only if it is a path on this site, else undefined: a return address taken from
 * a request must never send a freshly signed-in user elsewhere. Browsers treat `\` like `/` and
 * drop tabs and newlines, and proxies may decode `%2F`, so the path is judged fully decoded.
 */
export function localPathOrUndefined(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const [path] = value.split(/[?#]/);
  let decoded = path;
  let previous: string;
  try {
    do {
      previous = decoded;
      decoded = decodeURIComponent(decoded);
    } while (decoded !== previous);
  } catch {
    return undefined;
  }
  const unsafe = !/^\/(?![/\\])/.test(decoded) || /[\\\u0000-\u001f\u007f]/.test(decoded);
  return unsafe ? undefined : value;
}
