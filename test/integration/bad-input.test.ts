import { randomUUID } from 'node:crypto';
import request, { type Response } from 'supertest';
import { MAX_UPLOAD_BYTES } from '../../server/http/multipart';
import { MAX_IMPORT_BYTES } from '../../server/modules/providers/import-parser';
import {
  EXTRA_FIELDS,
  PAYLOADS,
  SCRIPT,
  SENTINEL_DATE,
  SENTINEL_NUMBER,
  SENTINEL_UUID_PART,
  withExtraFields,
  type Body,
} from '../helpers/bad-payloads';
import { setUpBadInput, type Role, type Setup } from '../helpers/bad-input-setup';
import { createTestContext, type TestContext } from '../helpers/context';
import { changedTables, fingerprint, tablesContaining } from '../helpers/db-fingerprint';
import { harvestForms, routeOf, type PageForm } from '../helpers/form-catalogue';
import { tokenFor, type Agent } from '../helpers/http';
import { listRoutes } from '../helpers/routes';
import { INTERNALS } from '../helpers/security';

type Target = { route: string; role: Role; form: PageForm; fromPage: boolean };

let context: TestContext;
let setup: Setup;
let targets: Target[];

/** Fields of forms no page showed in the demo data, from their zod schemas. */
const FIELDS_WITHOUT_A_PAGE: Record<string, string[]> = {
  '/exercises/:id/invitations': ['organisationIds', 'contacts'],
  '/provider/exercises/:id/response/submit': ['declaration', 'version'],
  '/provider/meetings/:meetingId/another-time': ['message'],
};
const ANY_FORM = ['name', 'title', 'description', 'reason', 'version'];

/** Actions that end what later forms work on run last, the exercise's status last of all. */
const ENDINGS = [
  /\/remove$/,
  /\/withdraw$/,
  /\/cancel$/,
  /\/reopen$/,
  /\/publish$/,
  /\/submit$/,
  /\/decline$/,
];
const rank = (route: string) =>
  route === '/sign-out'
    ? 99
    : /^\/exercises\/:id\/status$/.test(route)
      ? 98
      : ENDINGS.findIndex((end) => end.test(route));

/** A failed sign-in is rightly recorded (audit, failed attempts) even though nothing was accepted. */
const RECORDED_WHEN_REFUSED: Record<string, string[]> = { '/sign-in': ['audit_events', 'users'] };

function roleFor(path: string): Role {
  if (/^\/(sign-in|forgot-password|set-password|reset-password)/.test(path)) return 'anonymous';
  if (path === '/sign-out') return 'signOut';
  if (path.startsWith('/provider/meetings')) return 'otherProvider';
  if (path.startsWith('/provider/')) return 'provider';
  return path.startsWith('/admin') ? 'admin' : 'staff';
}

async function catalogue(): Promise<Target[]> {
  const routes = listRoutes(context.app);
  const guarded = (path: string) => setup.protectedIds.some((id) => path.includes(id));
  const chosen = new Map<string, Target>();
  for (const [role, starts] of Object.entries(setup.starts) as [Role, string[]][]) {
    const skip = (path: string) => guarded(path) || (role === 'admin' && !path.startsWith('/admin'));
    const forms = await harvestForms(setup.agents[role], starts, {
      skip,
      limit: role === 'signOut' ? 1 : 120,
      perShape: 1,
    });
    for (const form of forms) {
      const route = routeOf(form.action, routes)?.path;
      if (!route || roleFor(route) !== role) continue;
      const current = chosen.get(route);
      if (!current || current.form.fields.length < form.fields.length)
        chosen.set(route, { route, role, form, fromPage: true });
    }
  }
  const posts = routes.filter((route) => route.method === 'POST').map((route) => route.path);
  const targets = posts.map((route): Target => {
    const found = chosen.get(route);
    if (found) return found;
    const action = route.replace(/:(\w+)/g, (_, name: string) => setup.params[name] ?? randomUUID());
    const fields = FIELDS_WITHOUT_A_PAGE[route] ?? ANY_FORM;
    const form = {
      action,
      foundOn: '/',
      fields,
      hiddenFields: [],
      fileFields: [],
      baseline: [],
      multipart: false,
    };
    return { route, role: roleFor(route), form, fromPage: false };
  });
  return targets.sort((a, b) => rank(a.route) - rank(b.route));
}

beforeAll(async () => {
  context = await createTestContext({ env: { SIGN_IN_RATE_LIMIT: '100000' } });
  setup = await setUpBadInput(context);
  targets = await catalogue();
}, 120_000);
afterAll(() => context.close());

const encode = (pairs: [string, string | { raw: string }][]) =>
  pairs
    .map(([k, v]) => `${encodeURIComponent(k)}=${typeof v === 'string' ? encodeURIComponent(v) : v.raw}`)
    .join('&');
const decoded = (raw: string) => {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
};

function send(agent: Agent, target: Target, token: string, body: Body) {
  const request = agent.post(target.form.action).set('X-CSRF-Token', token);
  if (body.kind === 'json') return request.type('json').send(JSON.stringify(body.value));
  if (body.kind === 'bytes') return request.set('Content-Type', body.contentType).send(body.bytes);
  if (!target.form.multipart) return request.type('form').send(encode(body.pairs));
  request.field('_csrf', token);
  for (const [field, value] of body.pairs)
    request.field(field, typeof value === 'string' ? value : decoded(value.raw));
  return request;
}

const HOMES: Record<Role, string> = {
  anonymous: '/sign-in',
  admin: '/admin',
  staff: '/staff',
  provider: '/provider',
  otherProvider: '/provider',
  signOut: '/viewer',
};
const tokens = new Map<Agent, string>();
/** Each anonymous form gets its own visitor: setting a password signs that visitor in. */
const visitors = new Map<string, Agent>();
function agentFor(target: Target): Agent {
  if (target.role !== 'anonymous') return setup.agents[target.role];
  if (!visitors.has(target.route)) visitors.set(target.route, request.agent(context.app));
  return visitors.get(target.route)!;
}

const CLEAR_MESSAGE = /govuk-error-summary|Go to the home page|This link has expired/;

/** What a refused request may show of the app's insides: none of it. "Select … from the list" is English, not SQL. */
const LEAKS = [
  ...INTERNALS.filter((pattern) => !pattern.source.includes('select')),
  /\binsert into\b|\brelation "|syntax error at or near|invalid input syntax|violates .* constraint|out of range for type/i,
];
const detailOf = (text: string) =>
  /Detail \(shown outside production only\): ([^<]*)/.exec(text)?.[1] ??
  text.replace(/\s+/g, ' ').slice(0, 200);

/** The fingerprint after the last request, while nothing is known to have changed the database since. */
let lastFingerprint: Map<string, string> | undefined;

/** Posts one body and returns what was wrong: a 500, a 2xx, no message, a change despite refusing, leaked script or internals. */
async function attack(
  target: Target,
  label: string,
  body: Body,
  attach?: (request: ReturnType<typeof send>) => unknown,
) {
  const agent = agentFor(target);
  const token = tokens.get(agent) ?? (await tokenFor(agent, HOMES[target.role]));
  tokens.set(agent, token);
  const before = lastFingerprint ?? (await fingerprint(context.db));
  lastFingerprint = undefined;
  let response: Response;
  try {
    const request = send(agent, target, token, body);
    attach?.(request);
    response = await request;
  } catch (error) {
    return { response: undefined, problems: [`${label}: no response (${(error as Error).message})`] };
  }
  const problems: string[] = [];
  const { status, text } = response;
  const say = (what: string) => problems.push(`${label}: ${status} ${what}`);
  if (status >= 500) say(detailOf(text));
  else if (status < 300) say('instead of a 4xx page or a redirect');
  else if (status >= 400) {
    if (!CLEAR_MESSAGE.test(text)) say('page without a clear message');
    const after = await fingerprint(context.db);
    const allowed = RECORDED_WHEN_REFUSED[target.route] ?? [];
    const changed = changedTables(before, after).filter((table) => !allowed.includes(table));
    if (changed.length > 0) say(`refused but changed ${changed.join(', ')}`);
    lastFingerprint = after;
  }
  if (text.includes(SCRIPT)) say('echoed the script unescaped');
  for (const pattern of LEAKS) if (pattern.test(text)) say(`shows internals (${pattern})`);
  const location = String(response.headers.location ?? '');
  const sentScript = JSON.stringify(body).includes(SCRIPT);
  if (
    sentScript &&
    status < 400 &&
    location.startsWith('/') &&
    (await agent.get(location)).text.includes(SCRIPT)
  )
    say(`${location} shows the script unescaped`);
  return { response, problems };
}

/** The form as its page shows it now: earlier posts may have moved its version on. */
async function current(target: Target): Promise<Target> {
  if (!target.fromPage) return target;
  const forms = await harvestForms(agentFor(target), [target.form.foundOn], { limit: 1 });
  const form = forms.find((candidate) => candidate.action === target.form.action);
  lastFingerprint = undefined;
  return form ? { ...target, form } : target;
}

test('every POST route the app registers is attacked, most through the form a page offers', () => {
  const posts = listRoutes(context.app).filter((route) => route.method === 'POST');
  expect(targets.map((target) => target.route).sort()).toEqual(posts.map((route) => route.path).sort());
  expect(targets.filter((target) => target.fromPage).length).toBeGreaterThan(posts.length * 0.8);
});

test('bad input to every form gives a 4xx page with a message or a redirect, never a 500, and changes nothing when refused', async () => {
  const problems: string[] = [];
  for (const target of targets)
    for (const payload of PAYLOADS) {
      const label = `${target.route} [${payload.name}]`;
      problems.push(...(await attack(target, label, payload.build(target.form))).problems);
    }
  expect(problems).toEqual([]);
}, 120_000);

test('extra fields (role, ids, status, version, timestamps) are never mass-assigned', async () => {
  const problems: string[] = [];
  let accepted = 0;
  const counts = async () => ({
    admins: (await context.db('users').where({ role: 'admin' })).length,
    archived: (await context.db('exercises').where({ status: 'archived' })).length,
  });
  for (const target of targets) {
    const label = `${target.route} [extra fields]`;
    const before = await counts();
    const { response, problems: found } = await attack(
      target,
      label,
      withExtraFields((await current(target)).form),
    );
    problems.push(...found);
    if (response && response.status < 400) accepted += 1;
    for (const marker of [SENTINEL_UUID_PART, SENTINEL_NUMBER, SENTINEL_DATE, EXTRA_FIELDS.passwordHash]) {
      const tables = await tablesContaining(context.db, marker);
      if (tables.length > 0) problems.push(`${label}: ${marker} written to ${tables.join(', ')}`);
    }
    const after = await counts();
    if (after.admins !== before.admins) problems.push(`${label}: made an admin`);
    if (after.archived !== before.archived && !target.route.endsWith('/status'))
      problems.push(`${label}: archived an exercise`);
  }
  expect(problems).toEqual([]);
  // The check means something only if valid forms with extra fields were accepted.
  expect(accepted).toBeGreaterThan(10);
}, 120_000);

/** Forms with a smaller upload limit of their own than the app-wide one. */
const FORM_LIMITS: Record<string, number> = { '/providers/import': MAX_IMPORT_BYTES };

test('uploads over the form’s limit and over the upload limit are refused with a message', async () => {
  const uploads = targets.filter((target) => target.form.fileFields.length > 0);
  expect(uploads.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const target of uploads)
    for (const size of [FORM_LIMITS[target.route], MAX_UPLOAD_BYTES]
      .filter(Boolean)
      .map((limit) => limit + 1)) {
      const label = `${target.route} [${size} byte file]`;
      const body: Body = { kind: 'form', pairs: target.form.baseline };
      const { response, problems: found } = await attack(target, label, body, (request) =>
        request.attach(target.form.fileFields[0], Buffer.alloc(size, 'a'), 'big.pdf'),
      );
      problems.push(...found);
      if (response && response.status < 400) problems.push(`${label}: accepted`);
    }
  expect(problems).toEqual([]);
}, 60_000);
