import knex, { type Knex } from 'knex';
import pg from 'pg';

// Columns of type date come back as 'YYYY-MM-DD' strings: a calendar date has no time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (value) => value);
// COUNT(*) and bigint sums fit comfortably in a JS number for this domain.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));
// Scoring settings are small decimals; JS numbers represent them exactly enough.
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (value) => Number(value));

export type Database = Knex;

export function createDatabase(connectionString: string, poolMax = 10): Database {
  return knex({
    client: 'pg',
    connection: {
      connectionString,
      application_name: 'market-testing-portal',
      // Only the hottest queries are named (prepared once per connection): plan them once too.
      // PostgreSQL would otherwise keep planning them afresh whenever a plan for the values at
      // hand looks cheaper, which costs more than running them (docs/benchmarks.md).
      options: '-c plan_cache_mode=force_generic_plan',
    },
    pool: { min: 0, max: poolMax },
    acquireConnectionTimeout: 10000,
  });
}
