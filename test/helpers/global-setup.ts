import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '../../server/db/embedded-postgres';
import { createDatabase } from '../../server/db/knex';
import { migrateToLatest } from '../../server/db/migrate';
import { adminUrlFor, recreateDatabase } from './database-admin';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Tests run against the PostgreSQL at DATABASE_URL when set, otherwise an embedded one. Either
 * way the schema is migrated once into a template database that each test file copies.
 */
export default async function globalSetup() {
  let serverUrl = process.env.DATABASE_URL;
  if (!serverUrl) {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-test-'));
    const embedded = await startEmbeddedPostgres({ dataDir, port: await freePort(), database: 'postgres' });
    (globalThis as { __embedded?: unknown }).__embedded = { ...embedded, dataDir };
    serverUrl = embedded.url;
  }
  const template = `mtp_template_${process.pid}`;
  process.env.TEST_SERVER_URL = serverUrl;
  process.env.TEST_TEMPLATE_DATABASE = template;
  await recreateDatabase(adminUrlFor(serverUrl), template);
  const templateUrl = new URL(serverUrl);
  templateUrl.pathname = `/${template}`;
  const db = createDatabase(templateUrl.toString(), 1);
  try {
    await migrateToLatest(db);
  } finally {
    await db.destroy();
  }
}
