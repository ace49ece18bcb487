import { formulaSafe } from '../../lib/formula-safe';

/**
 * A CSV cell that spreadsheet programs will show as text. Imported values are stored exactly as
 * given, so a name like `=cmd|' /C calc'!A0` may be in the registry: any CSV we write must go
 * through this. A leading = + - @ (or tab / carriage return) gets a single quote in front (the
 * OWASP "CSV injection" advice), and every cell is quoted.
 */
export function csvCell(value: string | null | undefined): string {
  const safe = formulaSafe(value ?? '');
  return `"${safe.replace(/"/g, '""')}"`;
}
