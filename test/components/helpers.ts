import { readFileSync } from 'node:fs';
import path from 'node:path';
import { load } from 'cheerio';
import { createViewEngine } from '../../server/http/view-engine';

export interface Fixture {
  name: string;
  options: Record<string, unknown>;
  hidden: boolean;
  html: string;
}

interface FixtureFile {
  component: string;
  fixtures: Fixture[];
}

/** Views include each other from the views folder ('/components/attributes'), as in the app. */
export const viewsDir = path.resolve(__dirname, '../../views');
const componentsDir = path.join(viewsDir, 'components');
const fixturesDir = path.resolve(__dirname, '../../node_modules/govuk-frontend/dist/govuk/components');

export function loadFixtures(component: string): Fixture[] {
  const file = JSON.parse(
    readFileSync(path.join(fixturesDir, component, 'fixtures.json'), 'utf8'),
  ) as FixtureFile;
  return file.fixtures;
}

const engine = createViewEngine({ root: viewsDir, cache: true });

/** Renders a component as the app does: through the app's view engine. */
export function renderComponent(component: string, params: unknown): Promise<string> {
  return new Promise((resolve, reject) =>
    engine(path.join(componentsDir, `${component}.ejs`), { params }, (error, html) =>
      error ? reject(error) : resolve(html!),
    ),
  );
}

/**
 * Structural view of the parsed DOM (satisfied by cheerio's domhandler nodes), declared here so the tests
 * depend only on cheerio's public API rather than on its transitive packages.
 */
interface DomNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  data?: string;
  children?: DomNode[];
}

const collapse = (value: string): string => value.replace(/\s+/g, ' ').trim();

function canonicalLines(node: DomNode, depth: number, lines: string[]): void {
  const indent = '  '.repeat(depth);
  if (node.type === 'text') {
    const text = collapse(node.data ?? '');
    if (text) lines.push(`${indent}${JSON.stringify(text)}`);
    return;
  }
  if (node.type === 'comment') {
    lines.push(`${indent}<!--${collapse(node.data ?? '')}-->`);
    return;
  }
  if (node.name === undefined || node.attribs === undefined) return;
  const attributes = Object.keys(node.attribs)
    .sort()
    .map((name) => {
      const value = node.attribs?.[name] ?? '';
      return ` ${name}=${JSON.stringify(name === 'class' ? collapse(value) : value)}`;
    })
    .join('');
  lines.push(`${indent}<${node.name}${attributes}>`);
  for (const child of node.children ?? []) canonicalLines(child, depth + 1, lines);
  lines.push(`${indent}</${node.name}>`);
}

/**
 * Canonical form of an HTML fragment: one line per element, text or comment, with attributes sorted,
 * class lists and text whitespace collapsed and whitespace-only text dropped. Insignificant formatting
 * differences between Nunjucks and EJS output therefore vanish, while any change of element, attribute
 * or word remains visible (and produces a readable line diff in Jest).
 */
export function normaliseHtml(html: string): string {
  const lines: string[] = [];
  for (const child of load(html, null, false).root()[0].children) canonicalLines(child, 0, lines);
  return lines.join('\n');
}

/**
 * The fragment's text as a reader meets it, whitespace collapsed. normaliseHtml trims each text node, which
 * would hide a lost space between inline elements (such as "Change<span> name</span>"); this catches that.
 */
export function visibleText(html: string): string {
  return collapse(load(html, null, false).root().text());
}
