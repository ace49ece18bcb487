import type { Knex } from 'knex';

/** Tables whose rows change on every request whatever was posted. */
const ALWAYS_CHANGING = ['session', 'knex_migrations', 'knex_migrations_lock'];

const tablesByDatabase = new WeakMap<Knex, Promise<string[]>>();

function tablesOf(db: Knex): Promise<string[]> {
  if (!tablesByDatabase.has(db)) {
    const names: Promise<string[]> = db('information_schema.tables')
      .where({ table_schema: 'public', table_type: 'BASE TABLE' })
      .pluck('table_name');
    tablesByDatabase.set(
      db,
      names.then((all) => all.filter((name) => !ALWAYS_CHANGING.includes(name)).sort()),
    );
  }
  return tablesByDatabase.get(db)!;
}

/** One hash per table over every row, so a test can tell exactly which tables a request changed. */
export async function fingerprint(db: Knex): Promise<Map<string, string>> {
  const tables = await tablesOf(db);
  // A count and a sum of row hashes: cheap enough to take around every request, and any insert,
  // update or delete changes it (unless two changes cancel out exactly).
  const query = tables
    .map(() => `select ? as name, count(*) || ':' || coalesce(sum(hashtext(t::text)), 0) as hash from ?? t`)
    .join(' union all ');
  const { rows } = await db.raw<{ rows: { name: string; hash: string }[] }>(
    query,
    tables.flatMap((table) => [table, table]),
  );
  return new Map(rows.map((row) => [row.name, row.hash]));
}

export function changedTables(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...after.keys()].filter((table) => before.get(table) !== after.get(table));
}

/** Tables holding `text` anywhere in a row. */
export async function tablesContaining(db: Knex, text: string): Promise<string[]> {
  const tables = await tablesOf(db);
  const query = tables.map(() => 'select ? as name from ?? t where strpos(t::text, ?) > 0').join(' union ');
  const { rows } = await db.raw<{ rows: { name: string }[] }>(
    query,
    tables.flatMap((table) => [table, table, text]),
  );
  return rows.map((row) => row.name);
}
