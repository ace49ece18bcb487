import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../server/config';
import { createDatabase } from '../../server/db/knex';
import { createLogger } from '../../server/lib/logger';
import { createServices, type Services } from '../../server/services';

/** The app's own services on the bench database, for computing figures the way the app does. */
export async function withServices<T>(url: string, work: (services: Services) => Promise<T>): Promise<T> {
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: url,
    DATA_DIR: path.join(os.tmpdir(), 'mtp-bench-services'),
    LOG_LEVEL: 'silent',
  });
  const db = createDatabase(url);
  const services = createServices(config, { db, url }, createLogger(config.logLevel));
  try {
    return await work(services);
  } finally {
    await services.sessionPool.end();
    await db.destroy();
  }
}
