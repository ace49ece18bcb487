import type { Page } from 'playwright-core';
import { axeViolations } from './axe';
import { reflowProblems } from './reflow';

/**
 * Forms whose empty submission is itself a valid, destructive choice, never submitted by the
 * crawl: signing out, confirmations that withdraw, cancel or remove something, and changing an
 * exercise's status (closing needs no reason).
 */
const DESTRUCTIVE_ACTIONS = /^\/sign-out$|\/(cancel|remove|withdraw|archive|delete|status)$/;

/**
 * Forms whose every field may be blank (the notice; a draft exercise's timeline): their error
 * state is text that is too long, and not a date.
 */
const OPTIONAL_FIELDS_ONLY = /\/(notice\/edit|timeline)$/;
/** Longer than any limit (10,000 characters for long text, 254 for short), and not a number. */
const INVALID_TEXT = { TEXTAREA: 'x'.repeat(10001), INPUT: 'x'.repeat(300) };

type FormOnPage = { index: number; action: string; fields: number };

/**
 * The page's POST forms that take input a person types or chooses. A form that is only a
 * button (move up, send reminder, publish) has no error state of its own.
 */
const DATA_ENTRY_FORMS = `Array.from(document.forms).map((form, index) => ({
  index,
  action: new URL(form.getAttribute('action') || location.href, location.href).pathname,
  method: (form.getAttribute('method') || 'get').toLowerCase(),
  fields: Array.from(form.elements).filter((field) =>
    ['INPUT', 'TEXTAREA', 'SELECT'].includes(field.tagName) &&
    !['hidden', 'submit', 'button'].includes(field.type)).length,
})).filter((form) => form.method === 'post' && form.fields > 0)`;

/**
 * Empties every field a person fills in (choices, files; text too unless `invalid`) and submits;
 * hidden fields such as the CSRF token and record version stay. Browser validation is turned
 * off so the server answers.
 */
function submitEmptied(index: number, invalid: boolean) {
  const text = invalid ? INVALID_TEXT : { TEXTAREA: '', INPUT: '' };
  return `(() => {
    const form = document.forms[${index}];
    window.formErrorCheckPending = true;
    form.noValidate = true;
    for (const field of Array.from(form.elements)) {
      if (field.type === 'hidden' || field.type === 'submit' || field.type === 'button') continue;
      if (field.type === 'checkbox' || field.type === 'radio') field.checked = false;
      else if (field.tagName === 'SELECT') field.selectedIndex = Array.from(field.options).findIndex((o) => o.value === '');
      else if (field.type === 'file') field.value = '';
      else field.value = ${JSON.stringify(text)}[field.tagName];
    }
    setTimeout(() => form.requestSubmit());
  })()`;
}

const RECORD_ID = /\/(?:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|\d+)(?=\/|$)/gi;

export type FormErrorCheck = {
  /** Forms already submitted (by the shape of their action), so each kind is tried once. */
  tried: Set<string>;
  /** Every form tried, with the status it answered: for the test's log and assertions. */
  submitted: string[];
};

/**
 * Submits each data-entry form on the page with its fields emptied (or, where all are optional,
 * over-long), as its own first submit button would, expecting the GOV.UK error
 * page (a 4xx with an error summary), and runs axe and the 320px reflow check on that page.
 * Leaves the browser on the last error page.
 */
export async function formErrorProblems(page: Page, check: FormErrorCheck): Promise<string[]> {
  const problems: string[] = [];
  const pageUrl = page.url();
  const forms = (await page.evaluate<FormOnPage[]>(DATA_ENTRY_FORMS)).filter(
    (form) =>
      !DESTRUCTIVE_ACTIONS.test(form.action) && !check.tried.has(form.action.replace(RECORD_ID, '/:id')),
  );
  for (const [n, form] of forms.entries()) {
    check.tried.add(form.action.replace(RECORD_ID, '/:id'));
    if (n > 0) await page.goto(pageUrl);
    const posted = page.waitForResponse((response) => response.request().method() === 'POST', {
      timeout: 10000,
    });
    await page.evaluate(submitEmptied(form.index, OPTIONAL_FIELDS_ONLY.test(form.action)));
    const status = (await posted).status();
    // The response arrives before the browser swaps documents: wait for the new one.
    // A function, not a string: the page's CSP forbids evaluating strings while polling.
    await page.waitForFunction(
      () => !(globalThis as { formErrorCheckPending?: boolean }).formErrorCheckPending,
      undefined,
      {
        timeout: 10000,
      },
    );
    await page.waitForLoadState();
    check.submitted.push(`${status} ${form.action} (from ${new URL(pageUrl).pathname})`);
    const where = `${form.action} submitted empty from ${pageUrl}`;
    if (status < 400 || status >= 500) {
      problems.push(`${where}: expected an error page, got HTTP ${status}`);
      continue;
    }
    if ((await page.locator('.govuk-error-summary').count()) === 0)
      problems.push(`${where}: no error summary`);
    problems.push(...(await axeViolations(page)).map((violation) => `${where}: ${violation}`));
    problems.push(...(await reflowProblems(page)).map((problem) => `${where}: ${problem}`));
  }
  return problems;
}
