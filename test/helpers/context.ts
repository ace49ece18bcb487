import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createApp } from '../../server/app';
import { loadConfig } from '../../server/config';
import { createDatabase } from '../../server/db/knex';
import { createLogger } from '../../server/lib/logger';
import type { MailTransport } from '../../server/lib/mail-transport';
import { createServices } from '../../server/services';
import { seedDemoData } from '../../seeds/demo';
import { adminUrlFor, dropDatabase, recreateDatabase } from './database-admin';

export const DEMO_PASSWORD = 'market-testing-demo';

export type TestContext = Awaited<ReturnType<typeof createTestContext>>;

/** A fresh database copied from the migrated template, the demo data, and the app on top. */
export async function createTestContext(
  options: { env?: Record<string, string>; transport?: MailTransport } = {},
) {
  const serverUrl = process.env.TEST_SERVER_URL;
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (!serverUrl || !template) throw new Error('The jest global setup did not run');
  const name = `mtp_t_${randomBytes(6).toString('hex')}`;
  await recreateDatabase(adminUrlFor(serverUrl), name, template);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-data-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    BASE_URL: 'http://portal.test',
    DATABASE_URL: url.toString(),
    ...options.env,
  });
  const db = createDatabase(url.toString(), 5);
  await seedDemoData(db, DEMO_PASSWORD);
  const services = createServices(
    config,
    { db, url: url.toString() },
    createLogger('silent'),
    options.transport,
  );
  const app = createApp(services);
  return {
    app,
    services,
    db,
    config,
    dataDir,
    async close() {
      await services.mailWorker.stop();
      await services.sessionPool.end();
      await db.destroy();
      await dropDatabase(adminUrlFor(serverUrl), name);
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
