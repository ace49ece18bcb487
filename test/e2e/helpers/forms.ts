import type { Page } from 'playwright-core';

/** Clicks a submit button and returns the status of the POST it sends (before any redirect). */
export async function submit(page: Page, button: string): Promise<number> {
  const posted = page.waitForResponse((response) => response.request().method() === 'POST');
  await page.getByRole('button', { name: button, exact: true }).click();
  const status = (await posted).status();
  await page.waitForLoadState();
  return status;
}

type ErrorSummaryLink = { text: string; href: string };

const SUMMARY_LINKS = `Array.from(document.querySelectorAll('.govuk-error-summary__list a'),
  (a) => ({ text: a.textContent.trim(), href: a.getAttribute('href') }))`;

/**
 * The GOV.UK error pattern: "Error: " in the title, a focused summary listing exactly these
 * messages, each linking to a field that repeats its message inline.
 */
export async function expectErrorSummary(page: Page, messages: string[], options = { focused: true }) {
  expect(await page.title()).toMatch(/^Error: /);
  expect(await page.locator('.govuk-error-summary').isVisible()).toBe(true);
  expect(await page.locator('.govuk-error-summary__title').textContent()).toContain('There is a problem');
  const links = await page.evaluate<ErrorSummaryLink[]>(SUMMARY_LINKS);
  expect(links.map((link) => link.text)).toEqual(messages);
  // GOV.UK Frontend's JavaScript moves focus to the summary so screen readers announce it.
  // Without JavaScript nothing moves focus, so only pages with scripts are checked for it.
  if (options.focused) {
    const focused = await page.evaluate<boolean>(
      'document.activeElement.classList.contains("govuk-error-summary")',
    );
    expect(focused).toBe(true);
  }
  for (const { text, href } of links) {
    expect(href).toMatch(/^#[\w-]+$/);
    expect(await page.locator(href).count()).toBe(1);
    const inline = await page.locator('.govuk-error-message').allTextContents();
    expect(inline.map((message) => message.replace(/\s+/g, ' ').trim())).toContain(`Error: ${text}`);
  }
}
