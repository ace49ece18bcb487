import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

type Locals = Record<string, unknown>;
type Template = (locals: Locals) => string;

/**
 * EJS templates rendered with an `include` of our own. EJS's `include` copies every local of
 * the including template twice, and its options, for each include; on a page of form fields
 * (thousands of component includes) that was most of the rendering time. Here an included
 * template sees its parent's locals through the prototype chain and only its own data is
 * copied, so an include costs the same however many locals the page has.
 *
 * Templates find `include` among their locals before EJS's own (EJS evaluates them `with` the
 * locals). `unsafePrototypeLocals` lets EJS use the locals object as given instead of copying
 * it, prototype chain included; every chain here ends in an object without a prototype, so
 * nothing from Object.prototype can reach a template. Includes are written from the views
 * folder ('/components/button').
 */
export function createViewEngine(options: { root: string; cache: boolean }) {
  const templates = new Map<string, Template>();

  function template(file: string): Template {
    const cached = templates.get(file);
    if (cached) return cached;
    // EJS 7's option, not yet in @types/ejs.
    const compileOptions: ejs.Options & { unsafePrototypeLocals: boolean } = {
      filename: file,
      unsafePrototypeLocals: true,
      // Line numbers in template errors are worth their cost only while developing.
      compileDebug: !options.cache,
    };
    const compiled = ejs.compile(fs.readFileSync(file, 'utf8'), compileOptions) as Template;
    if (options.cache) templates.set(file, compiled);
    return compiled;
  }

  const files = new Map<string, string>();

  function fileOf(name: string) {
    let file = files.get(name);
    if (!file) {
      if (!name.startsWith('/')) throw new Error(`Include "${name}" must be written from the views folder`);
      file = path.join(options.root, path.extname(name) ? name : `${name}.ejs`);
      files.set(name, file);
    }
    return file;
  }

  function run(file: string, locals: Locals): string {
    locals.include = (name: string, data?: Locals) =>
      run(fileOf(name), Object.assign(Object.create(locals) as Locals, data));
    return template(file)(locals);
  }

  /** An Express view engine: `app.engine('ejs', engine)`. */
  return function engine(file: string, data: object, callback: (error: Error | null, html?: string) => void) {
    let html: string;
    try {
      html = run(file, Object.assign(Object.create(null) as Locals, data));
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    callback(null, html);
  };
}
