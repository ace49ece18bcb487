import type { ConsoleMessage, Page } from 'playwright-core';
import { axeViolations } from './axe';

export type CrawlResult = {
  /** Every path (with query) visited, in visiting order. */
  visited: string[];
  /** Everything wrong: bad statuses, browser errors, axe violations. Empty when all is well. */
  problems: string[];
};

/** Not pages: assets, signing out, and file downloads (exports, templates, data requests). */
const SKIPPED_PATHS = [/^\/assets\//, /^\/sign-out\b/, /\.(csv|docx|xlsx|json|ics)$/];

const LINKS_ON_PAGE = `Array.from(document.querySelectorAll('a[href]'), (a) => a.href)`;

function keyOf(url: URL) {
  return url.pathname + url.search;
}

const RECORD_ID = /\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)(?=\/|$)/gi;
/** Pages of one kind share a shape: record ids replaced, query reduced to its parameter names. */
const SAMPLES_PER_SHAPE = 2;
function shapeOf(url: URL) {
  const parameters = [...new Set(url.searchParams.keys())].sort().join('&');
  return `${url.pathname.replace(RECORD_ID, '/:id')}?${parameters}`;
}

/**
 * Breadth-first GET crawl of every same-origin a[href] reachable from start, each unique path
 * and query once, running axe on each page. checkPage adds role-specific checks per page.
 */
export async function crawl(
  page: Page,
  start: string,
  options: {
    limit?: number;
    /** Only paths starting with this are followed (say one record's pages). */
    within?: string;
    /** Role-specific checks per page, run after its links are collected: it may navigate away. */
    checkPage?: (page: Page) => Promise<string[]>;
  } = {},
): Promise<CrawlResult> {
  const limit = options.limit ?? 200;
  const origin = new URL(page.url()).origin;
  const startUrl = new URL(start, origin);
  const queue: URL[] = [startUrl];
  const seen = new Set<string>([keyOf(startUrl)]);
  // Every kind of page is checked, but only a couple of each, however much data there is.
  const shapes = new Map<string, number>([[shapeOf(startUrl), 1]]);
  const visited: string[] = [];
  const checked = new Set<string>();
  const problems: string[] = [];
  const browserErrors: string[] = [];
  const onPageError = (error: Error) => browserErrors.push(`uncaught ${error.message}`);
  const onConsole = (message: ConsoleMessage) => {
    if (message.type() === 'error') browserErrors.push(`console error: ${message.text()}`);
  };
  page.on('pageerror', onPageError);
  page.on('console', onConsole);

  while (queue.length > 0) {
    if (visited.length >= limit) {
      problems.push(`stopped at the limit of ${limit} pages with ${queue.length} still queued`);
      break;
    }
    const url = queue.shift()!;
    browserErrors.length = 0;
    const response = await page.goto(url.toString());
    visited.push(keyOf(url));
    const status = response?.status() ?? 0;
    if (status >= 400 || status === 0) problems.push(`${url.toString()}: HTTP status ${status}`);
    problems.push(...browserErrors.map((error) => `${url.toString()}: ${error}`));
    // A redirect (say / to the role's home) may land on a page already checked.
    const landed = keyOf(new URL(page.url()));
    if (landed !== keyOf(url) && checked.has(landed)) continue;
    checked.add(landed);
    seen.add(landed);
    problems.push(...(await axeViolations(page)));

    for (const href of await page.evaluate<string[]>(LINKS_ON_PAGE)) {
      const link = new URL(href);
      link.hash = '';
      if (link.origin !== origin || !/^https?:$/.test(link.protocol)) continue;
      if (SKIPPED_PATHS.some((pattern) => pattern.test(link.pathname))) continue;
      if (options.within && !link.pathname.startsWith(options.within)) continue;
      if (seen.has(keyOf(link))) continue;
      seen.add(keyOf(link));
      const shape = shapeOf(link);
      if ((shapes.get(shape) ?? 0) >= SAMPLES_PER_SHAPE) continue;
      shapes.set(shape, (shapes.get(shape) ?? 0) + 1);
      queue.push(link);
    }
    if (options.checkPage) problems.push(...(await options.checkPage(page)));
  }
  page.off('pageerror', onPageError);
  page.off('console', onConsole);
  return { visited, problems };
}
