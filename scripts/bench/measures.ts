import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import type { SnapshotSection } from '../../server/modules/questionnaires/questionnaire-structure';
import { PROXY_HEADERS, residentBytes } from './app-process';
import { saveForm } from './forms';
import { csrfFrom, get, postForm, sectionVersionFrom, type Session } from './http';
import { withServices } from './services';

const WARM_UP = 2;

async function timed(runs: number, work: () => Promise<void>): Promise<number[]> {
  const timings: number[] = [];
  for (let run = 0; run < runs + WARM_UP; run += 1) {
    const started = performance.now();
    await work();
    // The first runs warm caches and the JIT; they are not counted.
    if (run >= WARM_UP) timings.push(performance.now() - started);
  }
  return timings;
}

/** The scoring service's full summary (every area and segment), in this process. */
export function summaryTimings(url: string, exerciseId: string, runs: number) {
  return withServices(url, (services) =>
    timed(runs, async () => {
      await services.scoring.summary(exerciseId);
    }),
  );
}

/** Sequential GETs of one page, each read to the end; fails on anything but 200. */
export function pageTimings(session: Session, path: string, runs: number) {
  return timed(runs, async () => {
    const response = await get(session, path);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}`);
  });
}

/** Requests per second of one signed-in page with autocannon. */
export async function throughput(session: Session, path: string, connections: number, seconds: number) {
  const result = await autocannon({
    url: `${session.baseUrl}${path}`,
    connections,
    duration: seconds,
    headers: { ...PROXY_HEADERS, cookie: session.cookie },
  });
  return {
    perSecond: result.requests.average,
    total: result.requests.total,
    failed: result.non2xx + result.errors + result.timeouts,
    p99: result.latency.p99,
  };
}

/** Sequential "Save and continue" of one section, each with a new answer; fails on anything but 303. */
export async function saveTimings(session: Session, path: string, section: SnapshotSection, runs: number) {
  const page = await get(session, path);
  const html = await page.text();
  const csrf = csrfFrom(html);
  let version = sectionVersionFrom(html);
  return timed(runs, async () => {
    const response = await postForm(session, path, saveForm(section, csrf, version, `Save ${Date.now()}`));
    await response.arrayBuffer();
    if (response.status !== 303) throw new Error(`Saving ${path} answered ${response.status}`);
    version += 1;
  });
}

/**
 * One download, read to the end, while the server's resident memory is sampled every few
 * milliseconds; growth is the peak over the level just before the request.
 */
export async function download(session: Session, path: string, pid: number) {
  const baseline = residentBytes(pid);
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, residentBytes(pid));
  }, 5);
  const started = performance.now();
  try {
    const response = await get(session, path);
    let bytes = 0;
    for await (const chunk of response.body ?? []) bytes += (chunk as Uint8Array).byteLength;
    peak = Math.max(peak, residentBytes(pid));
    return { status: response.status, ms: performance.now() - started, bytes, growth: peak - baseline };
  } finally {
    clearInterval(sampler);
  }
}
