import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isDiskFull, StorageFullError } from './errors';

type Kept = { storedName: string; sha256: string };

/**
 * Uploaded files on local disk under generated names, outside anything served statically.
 * Behind this interface so that several app hosts can move to object storage later.
 */
export function createFileStore(directory: string) {
  fs.mkdirSync(directory, { recursive: true, mode: 0o700 });
  const locate = (storedName: string) => {
    if (!/^[0-9a-f-]{36}$/.test(storedName)) throw new Error('Invalid stored file name');
    return path.join(directory, storedName);
  };
  const remove = (storedName: string) => fs.promises.rm(locate(storedName), { force: true });

  /** Copies a temporary upload into the store; returns its name and checksum. */
  async function keep(temporaryPath: string): Promise<Kept> {
    const storedName = randomUUID();
    const sha256 = createHash('sha256')
      .update(await fs.promises.readFile(temporaryPath))
      .digest('hex');
    try {
      await fs.promises.copyFile(temporaryPath, locate(storedName), fs.constants.COPYFILE_EXCL);
    } catch (error) {
      if (!isDiskFull(error)) throw error;
      // A copy cut short by a full disk must not leave half a file behind.
      await remove(storedName);
      throw new StorageFullError();
    }
    return { storedName, sha256 };
  }

  return {
    /** Keeps every upload or none: if one cannot be kept, those already kept are removed again. */
    async keepAll(temporaryPaths: string[]): Promise<Kept[]> {
      const kept: Kept[] = [];
      try {
        for (const temporaryPath of temporaryPaths) kept.push(await keep(temporaryPath));
      } catch (error) {
        await Promise.all(kept.map((file) => remove(file.storedName)));
        throw error;
      }
      return kept;
    },
    read: (storedName: string) => fs.createReadStream(locate(storedName)),
    remove,
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
