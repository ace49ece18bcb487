import * as cheerio from 'cheerio';
import type { Agent } from './http';
import type { RegisteredRoute } from './routes';

/** A POST form as a page offers it: where it posts, its fields, and what it sends untouched. */
export type PageForm = {
  action: string;
  foundOn: string;
  fields: string[];
  /** Fields the user does not type into (hidden inputs): kept when other fields are mangled. */
  hiddenFields: string[];
  fileFields: string[];
  baseline: [string, string][];
  multipart: boolean;
};

const ORIGIN = 'http://portal.test';
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
const NOT_PAGES = /^\/(assets|sign-out)\b|\.(csv|xlsx|docx|ics|eml)$|\/files\/|\/download\b/;

function formsOn(html: string, page: string): PageForm[] {
  const $ = cheerio.load(html);
  return $('form')
    .toArray()
    .filter((form) => ($(form).attr('method') ?? 'get').toLowerCase() === 'post')
    .map((element) => {
      const form = $(element);
      const target = new URL(form.attr('action') || page, ORIGIN + page);
      const fields = new Set<string>();
      const hiddenFields = new Set<string>();
      const fileFields: string[] = [];
      const baseline: [string, string][] = [];
      let pressed = false;
      form.find('input[name], textarea[name], select[name], button[name]').each((_, node) => {
        const input = $(node);
        const name = input.attr('name')!;
        const tag = node.tagName.toLowerCase();
        const type = (input.attr('type') ?? '').toLowerCase();
        if (name === '_csrf') return;
        fields.add(name);
        if (type === 'file') fileFields.push(name);
        else if (type === 'hidden') hiddenFields.add(name);
        if (type === 'file') return;
        if (tag === 'button' || type === 'submit') {
          // A browser sends only the button that was pressed: the first one here.
          if (!pressed) baseline.push([name, input.attr('value') ?? '']);
          pressed = true;
        } else if (type === 'checkbox' || type === 'radio') {
          if (input.is('[checked]')) baseline.push([name, input.attr('value') ?? 'on']);
        } else if (tag === 'textarea') {
          baseline.push([name, input.text()]);
        } else if (tag === 'select') {
          const selected = input.find('option[selected]').first();
          baseline.push([
            name,
            (selected.length ? selected : input.find('option').first()).attr('value') ?? '',
          ]);
        } else {
          baseline.push([name, input.attr('value') ?? '']);
        }
      });
      return {
        action: target.pathname + target.search,
        foundOn: page,
        fields: [...fields],
        hiddenFields: [...hiddenFields],
        fileFields,
        baseline,
        multipart: (form.attr('enctype') ?? '').toLowerCase() === 'multipart/form-data',
      };
    });
}

/** Pages of one kind share a shape: ids replaced, query reduced to its parameter names. */
function shapeOf(url: URL) {
  return `${url.pathname.replace(UUID, ':id')}?${[...url.searchParams.keys()].sort().join('&')}`;
}

/**
 * Follows same-origin links from `starts` with a GET, a few pages of each shape, and returns
 * every POST form seen. `skip` keeps the crawl away from records the test must not disturb.
 */
export async function harvestForms(
  agent: Agent,
  starts: string[],
  options: { skip?: (path: string) => boolean; limit?: number; perShape?: number } = {},
): Promise<PageForm[]> {
  const { skip = () => false, limit = 200, perShape = 2 } = options;
  const queue = [...starts];
  const seen = new Set(queue);
  const shapes = new Map<string, number>();
  const forms: PageForm[] = [];
  for (let visited = 0; queue.length > 0 && visited < limit; visited += 1) {
    const page = queue.shift()!;
    const response = await agent.get(page);
    if (response.status !== 200 || !String(response.headers['content-type']).includes('text/html')) continue;
    forms.push(...formsOn(response.text, page).filter((form) => !skip(form.action)));
    const $ = cheerio.load(response.text);
    for (const node of $('a[href]').toArray()) {
      const href = $(node).attr('href')!;
      if (!href.startsWith('/') || href.startsWith('//')) continue;
      const url = new URL(href, ORIGIN);
      const path = url.pathname + url.search;
      if (seen.has(path) || NOT_PAGES.test(url.pathname) || skip(path)) continue;
      const count = shapes.get(shapeOf(url)) ?? 0;
      if (count >= perShape) continue;
      shapes.set(shapeOf(url), count + 1);
      seen.add(path);
      queue.push(path);
    }
  }
  return forms;
}

const patternOf = (route: RegisteredRoute) =>
  new RegExp(`^${route.path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:\w+/g, '[^/]+')}$`);

/** The registered route a form posts to; a literal segment beats a parameter (`/import` over `/:id`). */
export function routeOf(action: string, routes: RegisteredRoute[]): RegisteredRoute | undefined {
  const path = action.split('?')[0];
  const params = (route: RegisteredRoute) => (route.path.match(/:\w+/g) ?? []).length;
  return routes
    .filter((route) => route.method === 'POST' && patternOf(route).test(path))
    .sort((a, b) => params(a) - params(b))[0];
}
