import fs from 'node:fs';
import { adminUrlFor, dropDatabase } from './database-admin';

export default async function globalTeardown() {
  const serverUrl = process.env.TEST_SERVER_URL;
  const template = process.env.TEST_TEMPLATE_DATABASE;
  if (serverUrl && template) await dropDatabase(adminUrlFor(serverUrl), template);
  const embedded = (globalThis as { __embedded?: { stop: () => Promise<void>; dataDir: string } }).__embedded;
  if (embedded) {
    await embedded.stop();
    fs.rmSync(embedded.dataDir, { recursive: true, force: true });
  }
}
