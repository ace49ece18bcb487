import type { Knex } from 'knex';
import type pg from 'pg';

/** The part of knex's client (typed `any` by knex) that lends out its pooled connections. */
type ConnectionLender = {
  acquireConnection(): Promise<pg.ClientBase>;
  releaseConnection(connection: pg.ClientBase): Promise<unknown>;
};

/**
 * Runs a named statement, prepared once per connection, straight on one of knex's pooled
 * connections, for the queries that run on nearly every request. knex's raw() rewrites named
 * bindings into positional ones and copies its arguments on every call, which on a small server
 * cost about as much as the query's round trip (docs/benchmarks.md). The SQL numbers its
 * parameters ($1, $2…); a JavaScript array is sent as a PostgreSQL array.
 */
export async function queryPrepared<Row extends object>(
  db: Knex,
  statement: { name: string; text: string },
  values: unknown[],
): Promise<Row[]> {
  const lender = db.client as ConnectionLender;
  const connection = await lender.acquireConnection();
  try {
    const result = await connection.query<Row>({ ...statement, values });
    return result.rows;
  } finally {
    await lender.releaseConnection(connection);
  }
}
