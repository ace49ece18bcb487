import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { unusedPort } from './smtp';

const ROOT = path.resolve(__dirname, '../..');
const RUNNER = path.join(__dirname, 'run-embedded-postgres.ts');

export type PostgresProcess = {
  url: string;
  /** Stops PostgreSQL the way an operator would (fast shutdown): open connections are ended. */
  stop: () => Promise<void>;
};

/**
 * A private embedded PostgreSQL (server/db/embedded-postgres.ts) in a process of its own: jest
 * cannot load the ES module that locates the binaries. Starting again on the same directory and
 * port keeps the data, as a restarted database server would.
 */
export async function startPostgresProcess(dataDir: string, port?: number): Promise<PostgresProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', RUNNER, dataDir, String(port ?? (await unusedPort()))],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const line = /^(postgres:\/\/\S+)$/m.exec(output);
      if (line) resolve(line[1]);
    });
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`PostgreSQL did not start (${code}): ${output}`)));
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
