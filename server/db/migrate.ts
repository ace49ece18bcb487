import type { Knex } from 'knex';
import { migrations } from '../../migrations';

/** Migrations are listed in code so they run the same under tsx, jest and a compiled build. */
class ListedMigrationSource implements Knex.MigrationSource<string> {
  getMigrations() {
    return Promise.resolve(Object.keys(migrations));
  }
  getMigrationName(name: string) {
    return name;
  }
  getMigration(name: string) {
    return Promise.resolve(migrations[name]);
  }
}

export async function migrateToLatest(db: Knex): Promise<void> {
  await db.migrate.latest({ migrationSource: new ListedMigrationSource() });
}
