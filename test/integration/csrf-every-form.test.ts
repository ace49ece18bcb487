import fs from 'node:fs';
import path from 'node:path';
import { EXPECTATIONS } from '../helpers/access-matrix';
import { RULES, type Role } from '../helpers/access-rules';
import { PDF } from '../helpers/access-records';
import { setUpAccessTargets, type Targets } from '../helpers/access-targets';
import { createTestContext, type TestContext } from '../helpers/context';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { HOME_BY_ROLE } from '../../server/http/auth';
import { listRoutes, type RegisteredRoute } from '../helpers/routes';

let context: TestContext;
let targets: Targets;
let posts: RegisteredRoute[];

const keyOf = (route: RegisteredRoute) => `${route.method} ${route.path}`;
const filesIn = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);

beforeAll(async () => {
  context = await createTestContext({ env: { SIGN_IN_RATE_LIMIT: '10000' } });
  targets = await setUpAccessTargets(context);
  posts = listRoutes(context.app).filter((route) => route.method === 'POST');
}, 60_000);
afterAll(() => context.close());

/** Who may use a form: the signed-in roles the matrix allows, and the anonymous visitor for public ones. */
function usersOf(route: RegisteredRoute): Role[] {
  const rule = RULES[EXPECTATIONS[keyOf(route)]];
  const signedIn = (['staff', 'admin', 'provider', 'viewer'] as const).find(
    (role) => rule[role] === 'allowed',
  );
  return [...(signedIn ? [signedIn] : []), ...(rule.anonymous === 'allowed' ? ['anonymous' as const] : [])];
}

/** A token that is valid, but for someone else's session. */
const foreignToken = (role: Role) => targets.tokens[role === 'viewer' ? 'staff' : 'viewer'];

/** Every way a forged or stale form could arrive: no token, as a form or an upload, or another session's. */
function forgeries(route: RegisteredRoute, role: Role) {
  const agent = targets.agents[role];
  const target = targets.pathFor(route, role);
  const body = targets.bodyFor(route);
  return {
    'form without a token': () => agent.post(target).type('form').send(body),
    'multipart upload without a token': () =>
      Object.entries(body)
        .reduce((req, [name, value]) => req.field(name, value), agent.post(target))
        .attach('file', PDF, 'forged.pdf'),
    "form with another session's token": () =>
      agent
        .post(target)
        .type('form')
        .send({ ...body, _csrf: foreignToken(role) }),
    "header with another session's token": () =>
      agent.post(target).set('X-CSRF-Token', foreignToken(role)).type('form').send(body),
  };
}

test('the matrix names who may use every form', () => {
  expect(posts.filter((route) => usersOf(route).length === 0 && keyOf(route) in EXPECTATIONS)).toEqual([]);
  expect(posts.map(keyOf).filter((key) => !(key in EXPECTATIONS))).toEqual([]);
});

test('every form refuses a missing or foreign CSRF token with 403 and changes nothing', async () => {
  const uploads = path.join(context.dataDir, 'uploads');
  const storedBefore = filesIn(uploads);
  const failures: string[] = [];
  let cases = 0;
  for (const route of posts.filter((post) => keyOf(post) in EXPECTATIONS)) {
    for (const role of usersOf(route)) {
      const before = await fingerprint(context.db);
      for (const [how, send] of Object.entries(forgeries(route, role))) {
        const response = await send();
        cases += 1;
        if (response.status !== 403 || !response.text.includes('Your form has expired'))
          failures.push(`${keyOf(route)} as ${role}, ${how}: ${response.status}`);
      }
      const changed = changedTables(before, await fingerprint(context.db));
      if (changed.length > 0) failures.push(`${keyOf(route)} as ${role} changed ${changed.join(', ')}`);
    }
  }
  expect(failures).toEqual([]);
  expect(cases).toBeGreaterThanOrEqual(posts.length * 4);
  // A refused upload leaves no file behind, neither stored nor in the temporary folder.
  expect(filesIn(uploads)).toEqual(storedBefore);
  expect(filesIn(path.join(context.dataDir, 'tmp'))).toEqual([]);
}, 120_000);

test('a forged sign-out leaves every session signed in', async () => {
  for (const role of ['admin', 'staff', 'viewer', 'provider'] as const) {
    const home = await targets.agents[role].get(HOME_BY_ROLE[role]);
    expect(home.status).toBe(200);
  }
});
