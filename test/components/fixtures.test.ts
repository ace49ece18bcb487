import { loadFixtures, normaliseHtml, renderComponent, visibleText } from './helpers';

/** Every partial in views/components with GOV.UK Frontend fixtures; every fixture is in scope. */
const COMPONENTS = [
  'back-link',
  'button',
  'checkboxes',
  'date-input',
  'error-message',
  'error-summary',
  'fieldset',
  'hint',
  'input',
  'label',
  'notification-banner',
  'pagination',
  'radios',
  'select',
  'summary-list',
  'table',
  'tag',
  'textarea',
];

describe.each(COMPONENTS)('the %s partial matches GOV.UK Frontend’s fixtures', (component) => {
  test.each(loadFixtures(component))('$name', async ({ options, html }) => {
    const rendered = await renderComponent(component, options);
    expect(normaliseHtml(rendered)).toBe(normaliseHtml(html));
    expect(visibleText(rendered)).toBe(visibleText(html));
  });
});
