/**
 * Text a spreadsheet will show rather than evaluate (OWASP "CSV injection"): a value starting
 * with = + - @, a tab or a carriage return gets a single quote in front.
 */
export function formulaSafe(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}
