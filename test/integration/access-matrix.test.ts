import { EXPECTATIONS } from '../helpers/access-matrix';
import { outcomeOf, ROLES, RULES, type Role } from '../helpers/access-rules';
import { setUpAccessTargets, type Targets } from '../helpers/access-targets';
import { createTestContext, type TestContext } from '../helpers/context';
import { changedTables, fingerprint } from '../helpers/db-fingerprint';
import { listRoutes, type RegisteredRoute } from '../helpers/routes';

let context: TestContext;
let targets: Targets;
let routes: RegisteredRoute[];

const keyOf = (route: RegisteredRoute) => `${route.method} ${route.path}`;

beforeAll(async () => {
  // Every role posts to the sign-in and password forms here: more than one person would.
  context = await createTestContext({ env: { SIGN_IN_RATE_LIMIT: '10000' } });
  targets = await setUpAccessTargets(context);
  routes = listRoutes(context.app);
}, 60_000);
afterAll(() => context.close());

/** Names what is wrong, so a new route's author knows where to say who may use it. */
function expectNone(what: string, keys: string[]) {
  if (keys.length > 0) throw new Error(`${what} (see test/helpers/access-matrix.ts):\n${keys.join('\n')}`);
}

test('every registered route has an expectation in the access matrix', () => {
  expectNone(
    'Routes with no expectation in the access matrix',
    routes.map(keyOf).filter((key) => !(key in EXPECTATIONS)),
  );
});

test('every expectation in the access matrix names a registered route', () => {
  const registered = new Set(routes.map(keyOf));
  expectNone(
    'Expectations for routes the app no longer registers',
    Object.keys(EXPECTATIONS).filter((key) => !registered.has(key)),
  );
});

/**
 * An id is only found under its own parent: a record of one exercise or organisation asked for
 * through another's URL is not found, and a POST that way changes nothing.
 */
test('a record asked for under another exercise or organisation is not found', async () => {
  const { db } = context;
  const ids = targets.ids;
  const lbb = (await db('exercises').where({ reference: 'LBB-ED-2026-02' }).first('id')).id as string;
  const vantage = await db('contacts').where({ email: 'raj.chauhan@vantage-ict.test' }).first();
  const helen = await db('contacts').where({ email: 'helen.marsh@meridian-business.test' }).first();
  const vantageInvitation = await db('invitations')
    .where({ exercise_id: ids.occ, organisation_id: vantage.organisation_id })
    .first('id');
  const vantageMeeting = await db('meetings').where({ invitation_id: vantageInvitation.id }).first('id');
  const cases: [Role, 'GET' | 'POST', string][] = [
    ['provider', 'GET', `/providers/${ids.meridian}/contacts/${vantage.id}/edit`],
    ['provider', 'POST', `/providers/${ids.meridian}/contacts/${vantage.id}/remove`],
    ['provider', 'GET', `/provider/exercises/${lbb}/response/files/${ids.fileId}`],
    ['admin', 'GET', `/providers/${vantage.organisation_id}/contacts/${helen.id}/data.json`],
    ['staff', 'GET', `/exercises/${lbb}/invitations/${ids.invitationId}`],
    [
      'staff',
      'GET',
      `/exercises/${ids.occ}/invitations/${vantageInvitation.id}/response/files/${ids.fileId}`,
    ],
    ['staff', 'GET', `/exercises/${lbb}/meetings/${ids.meetingId}`],
    ['staff', 'GET', `/exercises/${ids.occ}/meetings/${vantageMeeting.id}/files/${ids.meetingFileId}`],
    ['staff', 'POST', `/exercises/${ids.occ}/meetings/${vantageMeeting.id}/actions/${ids.actionId}/done`],
    ['staff', 'GET', `/exercises/${lbb}/questionnaire/sections/${ids.sectionId}`],
    ['staff', 'GET', `/exercises/${lbb}/clarifications/${ids.clarificationId}/answer`],
    ['staff', 'POST', `/exercises/${lbb}/meetings/slots/${ids.slotId}/withdraw`],
    ['staff', 'POST', `/exercises/${lbb}/events/${ids.eventId}/remove`],
    ['staff', 'POST', `/exercises/${lbb}/conflicts/${ids.declarationId}/withdraw`],
    ['staff', 'POST', `/exercises/${lbb}/areas/${ids.areaId}/remove`],
    ['staff', 'POST', `/exercises/${lbb}/questionnaire/questions/${ids.questionId}/remove`],
    ['staff', 'POST', `/exercises/${lbb}/questionnaire/sections/${ids.sectionId}/remove`],
    ['staff', 'POST', `/exercises/${lbb}/invitations/${ids.invitationId}/remind`],
    ['staff', 'POST', `/exercises/${lbb}/meetings/${ids.meetingId}/cancel`],
    ['admin', 'POST', `/providers/${vantage.organisation_id}/contacts/${helen.id}/account`],
  ];
  const before = await fingerprint(db);
  const found: string[] = [];
  for (const [role, method, path] of cases) {
    const agent = targets.agents[role];
    const response =
      method === 'POST'
        ? await agent.post(path).type('form').send({ _csrf: targets.tokens[role], done: 'yes' })
        : await agent.get(path);
    if (response.status !== 404) found.push(`${method} ${path} as ${role}: ${response.status}`);
  }
  expect(found).toEqual([]);
  expect(changedTables(before, await fingerprint(db))).toEqual([]);
});

/** One role's request to a route, judged against the matrix; a message if it differs. */
async function check(route: RegisteredRoute, role: Role): Promise<string | undefined> {
  const rule = EXPECTATIONS[keyOf(route)];
  const path = targets.pathFor(route, role);
  const agent = targets.agents[role];
  const response =
    route.method === 'POST'
      ? await agent
          .post(path)
          .type('form')
          .send({ _csrf: targets.tokens[role], ...targets.bodyFor(route) })
      : await agent.get(path);
  const expected = RULES[rule][role];
  const actual = outcomeOf(route.method, response);
  if (actual === expected) return undefined;
  const detail = /Detail \(shown outside production only\): ([^<]*)/.exec(response.text)?.[1] ?? '';
  return `${route.method} ${path} as ${role}: expected ${expected} (${rule}), got ${actual} ${detail}`.trim();
}

test('every route answers every role, and a provider of another organisation, as expected', async () => {
  // Signing out ends each session, so it goes last.
  const ordered = routes
    .filter((route) => keyOf(route) in EXPECTATIONS)
    .sort((a, b) => Number(keyOf(a) === 'POST /sign-out') - Number(keyOf(b) === 'POST /sign-out'));
  const mismatches: string[] = [];
  let cases = 0;
  for (const route of ordered) {
    // A GET changes nothing, so the roles may ask at once. A POST's refused roles go first, so
    // an allowed role's change cannot hide a refusal.
    const results =
      route.method === 'GET'
        ? await Promise.all(ROLES.map((role) => check(route, role)))
        : await ROLES.reduce<Promise<(string | undefined)[]>>(
            async (done, role) => [...(await done), await check(route, role)],
            Promise.resolve([]),
          );
    cases += results.length;
    mismatches.push(...results.filter((result): result is string => result !== undefined));
  }
  expect(mismatches).toEqual([]);
  expect(cases).toBe(routes.length * ROLES.length);
}, 120_000);
