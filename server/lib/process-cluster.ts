import cluster, { type Worker } from 'node:cluster';
import type { Logger } from './logger';

/**
 * Runs `count` copies of this program as cluster workers sharing the listening port (the
 * operating system spreads connections between them). A worker that dies while serving is
 * replaced; one that dies before it listens stops the whole cluster, since its replacement would
 * fail the same way (a port in use, say). stop() asks every worker to shut down gracefully
 * (SIGTERM) and waits for all of them.
 */
export function startProcessCluster(options: {
  count: number;
  env: Record<string, string>;
  logger: Logger;
  onAllListening: () => void;
}) {
  let stopping = false;
  let listening = 0;

  function fork() {
    const worker = cluster.fork(options.env);
    let served = false;
    worker.once('listening', () => {
      served = true;
      listening += 1;
      if (listening === options.count) options.onAllListening();
    });
    worker.once('exit', (code, signal) => {
      if (stopping) return;
      if (!served) {
        options.logger.fatal({ code, signal }, 'an app process failed to start');
        process.exit(1);
      }
      options.logger.error({ code, signal }, 'an app process died; starting another');
      fork();
    });
  }

  for (let index = 0; index < options.count; index += 1) fork();

  return {
    async stop() {
      stopping = true;
      const running = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => !!worker);
      await Promise.all(
        running.map(
          (worker) =>
            new Promise<void>((resolve) => {
              if (worker.isDead()) {
                resolve();
                return;
              }
              worker.once('exit', () => resolve());
              worker.process.kill('SIGTERM');
            }),
        ),
      );
    },
  };
}
