import fs from 'node:fs';
import type { AxeResults, RunOptions } from 'axe-core';
import type { Page } from 'playwright-core';

/**
 * The app's CSP (script-src 'self') blocks page.addScriptTag, which injects axe as an inline
 * script. Evaluating the source through the DevTools protocol is not subject to the page's
 * CSP, so the harness keeps the real policy in force instead of using bypassCSP.
 */
const AXE_SOURCE = fs.readFileSync(require.resolve('axe-core'), 'utf8');

const RUN_OPTIONS: RunOptions = {
  runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'] },
};

/** Runs axe-core on the page; returns one readable line per violation (empty when clean). */
export async function axeViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate<boolean>('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  const results = await page.evaluate<Pick<AxeResults, 'violations'>>(
    `axe.run(document, ${JSON.stringify(RUN_OPTIONS)}).then((r) => ({ violations: r.violations }))`,
  );
  const url = page.url();
  return results.violations.map((violation) => {
    const targets = violation.nodes.map((node) => JSON.stringify(node.target)).join(', ');
    return `${url}: [${violation.impact ?? 'unknown'}] ${violation.id}: ${violation.help} (${violation.helpUrl}) at ${targets}`;
  });
}

/** Fails the test, listing every violation, unless axe finds the page clean. */
export async function expectAccessible(page: Page) {
  expect(await axeViolations(page)).toEqual([]);
}

/** Collects violations across a journey, so one report covers every page it passed through. */
export class AxeReport {
  readonly pages: string[] = [];
  readonly violations: string[] = [];

  async check(page: Page) {
    this.pages.push(page.url());
    this.violations.push(...(await axeViolations(page)));
  }
}
