import { createHash, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

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
  return {
    /** Moves a temporary upload into the store; returns its name and checksum. */
    async keep(temporaryPath: string): Promise<{ storedName: string; sha256: string }> {
      const storedName = randomUUID();
      const sha256 = createHash('sha256')
        .update(await fs.promises.readFile(temporaryPath))
        .digest('hex');
      await fs.promises.copyFile(temporaryPath, locate(storedName), fs.constants.COPYFILE_EXCL);
      return { storedName, sha256 };
    },
    read: (storedName: string) => fs.createReadStream(locate(storedName)),
    remove: (storedName: string) => fs.promises.rm(locate(storedName), { force: true }),
  };
}

export type FileStore = ReturnType<typeof createFileStore>;
