import fs from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';

type Locals = Record<string, unknown>;
type Template = (locals: Locals) => string;
type Include = (name: string, data?: Locals) => string;

/**
 * EJS templates rendered with an `include` of our own, in two kinds.
 *
 * Components (views/components, ports of GOV.UK Frontend's macros) see only the data they are
 * given (`params`), as a Nunjucks macro sees only its arguments. They are compiled in strict
 * mode, without EJS's `with` block, and get small flat locals: a page of form fields includes
 * them thousands of times, and looking names up through `with` and a chain of locals cost most
 * of its rendering time.
 *
 * Other templates see their parent's locals through the prototype chain, with only their own data
 * copied (EJS's `include` copies every local of the including template twice for each include).
 * Templates find `include` among their locals before EJS's own (EJS evaluates them `with` the
 * locals; components read it from their locals by `destructuredLocals`). `unsafePrototypeLocals`
 * lets EJS use the locals object as given instead of copying it, prototype chain included; every
 * chain here ends in an object without a prototype, so nothing from Object.prototype can reach a
 * template. Includes are written from the views folder ('/components/button').
 */
export function createViewEngine(options: { root: string; cache: boolean }) {
  const componentsFolder = path.join(options.root, 'components') + path.sep;
  const templates = new Map<string, Template>();

  function template(file: string): Template {
    const cached = templates.get(file);
    if (cached) return cached;
    // EJS 7's option, not yet in @types/ejs.
    const compileOptions: ejs.Options & { unsafePrototypeLocals: boolean } = {
      filename: file,
      unsafePrototypeLocals: true,
      ...(isComponent(file) ? { strict: true, destructuredLocals: ['include'] } : {}),
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

  const isComponent = (file: string) => file.startsWith(componentsFolder);

  const renderComponent = (file: string, data?: object) =>
    template(file)(Object.assign({ include: includeComponent, params: undefined }, data));

  const includeComponent: Include = (name, data) => {
    const file = fileOf(name);
    if (!isComponent(file)) throw new Error(`A component cannot include "${name}"`);
    return renderComponent(file, data);
  };

  function run(file: string, locals: Locals): string {
    locals.include = (name: string, data?: Locals) => {
      const included = fileOf(name);
      return isComponent(included)
        ? renderComponent(included, data)
        : run(included, Object.assign(Object.create(locals) as Locals, data));
    };
    return template(file)(locals);
  }

  /** An Express view engine: `app.engine('ejs', engine)`. */
  return function engine(file: string, data: object, callback: (error: Error | null, html?: string) => void) {
    let html: string;
    try {
      html = isComponent(file)
        ? renderComponent(file, data)
        : run(file, Object.assign(Object.create(null) as Locals, data));
    } catch (error) {
      callback(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    callback(null, html);
  };
}
