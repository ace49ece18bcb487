import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createViewEngine } from '../../server/http/view-engine';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-views-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function write(name: string, text: string) {
  fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
  fs.writeFileSync(path.join(root, name), text);
}

function render(cache: boolean, view: string, data: object) {
  const engine = createViewEngine({ root, cache });
  return new Promise<string>((resolve, reject) =>
    engine(path.join(root, view), data, (error, html) => (error ? reject(error) : resolve(html!))),
  );
}

beforeAll(() => {
  write(
    'page.ejs',
    `<%= title %>|<%- include('/parts/item', { label: 'one' }) %>|<%- include('/parts/item', { label: 'two', title: 'inner' }) %>|<%= label %>`,
  );
  write('parts/item.ejs', `[<%= title %>:<%= label %>:<%- include('/parts/leaf') %>]`);
  write('parts/leaf.ejs', `<%= label %>`);
  write('broken.ejs', `line one\n<%= missing.property %>`);
  write('relative.ejs', `<%- include('parts/leaf') %>`);
});

test.each([true, false])(
  'an include sees its own data over its parent’s locals (cache %s)',
  async (cache) => {
    const html = await render(cache, 'page.ejs', { title: 'Page <b>', label: 'outer' });
    expect(html).toBe('Page &lt;b&gt;|[Page &lt;b&gt;:one:one]|[inner:two:two]|outer');
  },
);

test('a polluted Object.prototype cannot replace the escape or include functions', async () => {
  const prototype = Object.prototype as Record<string, unknown>;
  prototype.escapeFn = () => 'polluted';
  prototype.include = () => 'polluted';
  try {
    const html = await render(true, 'page.ejs', { title: '<i>', label: 'outer' });
    expect(html).toBe('&lt;i&gt;|[&lt;i&gt;:one:one]|[inner:two:two]|outer');
  } finally {
    delete prototype.escapeFn;
    delete prototype.include;
  }
});

test('a template error names the file and line while developing', async () => {
  await expect(render(false, 'broken.ejs', {})).rejects.toThrow(/broken\.ejs:2/);
  await expect(render(true, 'broken.ejs', {})).rejects.toThrow(/missing is not defined/);
});

test('includes must be written from the views folder', async () => {
  await expect(render(true, 'relative.ejs', { label: 'x' })).rejects.toThrow(
    /must be written from the views folder/,
  );
});

describe('components (views/components)', () => {
  beforeAll(() => {
    write(
      'components/badge.ejs',
      `<b><%= locals.params.text %>|<%= typeof locals.title %></b><%- include('/components/dot', { params: { text: locals.params.text } }) %>`,
    );
    write('components/dot.ejs', `(<%= locals.params.text %>)`);
    write('components/leaky.ejs', `<%- include('/parts/leaf') %>`);
    write('with-badge.ejs', `<%= title %>:<%- include('/components/badge', { params: { text: '<x>' } }) %>`);
    write('with-leaky.ejs', `<%- include('/components/leaky', { params: {} }) %>`);
  });

  test.each([true, false])(
    'see only the data they are given, not the page’s locals (cache %s)',
    async (cache) => {
      const html = await render(cache, 'with-badge.ejs', { title: 'Page' });
      expect(html).toBe('Page:<b>&lt;x&gt;|undefined</b>(&lt;x&gt;)');
    },
  );

  test('cannot include a template that is not a component', async () => {
    await expect(render(true, 'with-leaky.ejs', {})).rejects.toThrow(
      /A component cannot include "\/parts\/leaf"/,
    );
  });
});
