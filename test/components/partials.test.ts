import path from 'node:path';
import { load } from 'cheerio';
import { render, renderFile } from 'ejs';
import { normaliseHtml, renderComponent, viewsDir } from './helpers';

const componentsDir = path.join(viewsDir, 'components');

const publicComponents = [
  'label',
  'hint',
  'fieldset',
  'error-message',
  'input',
  'textarea',
  'radios',
  'checkboxes',
  'select',
  'date-input',
  'button',
  'error-summary',
  'summary-list',
  'table',
  'tag',
  'notification-banner',
  'back-link',
  'pagination',
];

const attack = '"><script>alert(1)</script>';

describe('component partials', () => {
  test.each(publicComponents)('%s renders when params are empty or missing', async (component) => {
    await expect(renderComponent(component, {})).resolves.toEqual(expect.any(String));
    await expect(renderComponent(component, undefined)).resolves.toEqual(expect.any(String));
    // Callers may forget `params` altogether; the partial must not hit EJS's ReferenceError for it.
    await expect(
      renderFile(path.join(componentsDir, `${component}.ejs`), {}, { root: viewsDir }),
    ).resolves.toEqual(expect.any(String));
  });

  test('can be included from a page view by its path in the views folder', () => {
    const page = "<main><%- include('/components/tag', { params: { text: 'Open' } }) %></main>";
    const html = render(page, {}, { filename: path.join(viewsDir, 'example/page.ejs'), root: viewsDir });
    expect(load(html)('main > strong.govuk-tag').text().trim()).toBe('Open');
  });

  test('render the same in EJS strict mode, where locals are not in scope as bare names', async () => {
    const params = {
      name: 'colour',
      items: [{ value: 'red', text: 'Red' }],
      value: 'red',
      hint: { text: 'Pick' },
    };
    const file = path.join(componentsDir, 'radios.ejs');
    const strict = await renderFile(file, { params }, { strict: true, root: viewsDir });
    expect(normaliseHtml(strict)).toBe(normaliseHtml(await renderComponent('radios', params)));
  });

  test.each([
    [
      'input',
      {
        name: 'n',
        label: { text: attack },
        hint: { text: attack },
        value: attack,
        attributes: { 'data-x': attack },
      },
    ],
    ['textarea', { name: 'n', label: { text: attack }, errorMessage: { text: attack }, value: attack }],
    ['select', { name: 'n', label: { text: attack }, items: [{ value: attack, text: attack }] }],
    [
      'radios',
      { name: 'n', fieldset: { legend: { text: attack } }, items: [{ value: attack, text: attack }] },
    ],
    ['checkboxes', { name: 'n', items: [{ value: attack, text: attack, hint: { text: attack } }] }],
    ['date-input', { id: 'd', values: { day: attack }, errorMessage: { text: attack } }],
    ['button', { text: attack, href: attack }],
    ['error-summary', { titleText: attack, errorList: [{ text: attack, href: attack }] }],
    ['summary-list', { rows: [{ key: { text: attack }, value: { text: attack } }] }],
    ['table', { caption: attack, head: [{ text: attack }], rows: [[{ text: attack }]] }],
    ['tag', { text: attack, attributes: { title: attack } }],
    ['notification-banner', { titleText: attack, text: attack }],
    ['back-link', { text: attack, href: attack }],
    ['pagination', { items: [{ number: attack, href: attack }], next: { href: attack, text: attack } }],
  ])('%s escapes text, values and attributes', async (component, params) => {
    const $ = load(await renderComponent(component, params), null, false);
    expect($('script')).toHaveLength(0);
    expect($.root().text()).toContain(attack.slice(2));
  });

  test('trusted html options are output unescaped', async () => {
    const $ = load(await renderComponent('hint', { html: 'See <a href="/help">help</a>' }), null, false);
    expect($('.govuk-hint a').attr('href')).toBe('/help');
  });

  test('checkboxes accept a single submitted value as a string', async () => {
    const params = {
      name: 'c',
      values: 'b',
      items: [
        { value: 'a', text: 'A' },
        { value: 'b', text: 'B' },
      ],
    };
    const $ = load(await renderComponent('checkboxes', params), null, false);
    expect(
      $('input[checked]')
        .map((_i, el) => $(el).attr('value'))
        .get(),
    ).toEqual(['b']);
  });

  test('button keeps the pre-v5 element option for an input button', async () => {
    const html = await renderComponent('button', {
      element: 'input',
      text: 'Save',
      name: 'action',
      disabled: true,
    });
    expect(normaliseHtml(html)).toBe(
      normaliseHtml(
        '<input value="Save" type="submit" name="action" disabled aria-disabled="true" class="govuk-button" data-module="govuk-button">',
      ),
    );
  });
});
