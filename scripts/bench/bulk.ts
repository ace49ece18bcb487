import type { Knex } from 'knex';

/** A column to bulk-insert and its PostgreSQL type, for unnest. */
export type Column = [name: string, type: string];

/**
 * Inserts rows with one INSERT ... SELECT FROM unnest(arrays) per chunk: one round trip and one
 * statement for thousands of rows. Values go in as bindings; jsonb values as JSON text.
 */
export async function insertRows(
  db: Knex,
  table: string,
  columns: Column[],
  rows: unknown[][],
  chunkSize = 20_000,
): Promise<void> {
  const names = columns.map(([name]) => name).join(', ');
  const arrays = columns.map(([, type]) => `?::${type}[]`).join(', ');
  for (let start = 0; start < rows.length; start += chunkSize) {
    const chunk = rows.slice(start, start + chunkSize);
    await db.raw(
      `INSERT INTO ${table} (${names}) SELECT * FROM unnest(${arrays})`,
      columns.map((_, index) => chunk.map((row) => row[index])) as unknown as Knex.Value[],
    );
  }
}
