import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, type Agent } from '../helpers/http';

let context: TestContext;
const agents: Record<string, Agent> = {};
let read: string[];
let write: string[];

/** The exercise's staff pages, for every role: read pages for staff, admins and viewers; forms for staff only. */
beforeAll(async () => {
  context = await createTestContext();
  for (const [role, email] of Object.entries({
    staff: 'staff@demo.test',
    admin: 'admin@demo.test',
    viewer: 'viewer@demo.test',
    provider: 'helen.marsh@meridian-business.test',
  })) {
    agents[role] = await signIn(context.app, email);
  }
  const exercise = await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
  const invitation = await context
    .db('invitations')
    .where({ exercise_id: exercise.id, status: 'submitted' })
    .first();
  const clarification = await context.db('clarifications').where({ exercise_id: exercise.id }).first();
  const area = await context
    .db('service_areas')
    .where({ exercise_id: exercise.id })
    .whereNull('parent_id')
    .first();
  const base = `/exercises/${exercise.id}`;
  read = [
    `${base}/invitations`,
    `${base}/invitations/${invitation.id}`,
    `${base}/invitations/${invitation.id}/response`,
    `${base}/clarifications`,
    `${base}/information-log`,
    `${base}/summary`,
    `${base}/summary/areas/${area.id}`,
  ];
  write = [
    `${base}/invitations/new`,
    `${base}/clarifications/new`,
    `${base}/clarifications/${clarification.id}/answer`,
  ];
});
afterAll(() => context.close());

test('staff, admins and viewers read; providers are refused; signed-out visitors are sent to sign in', async () => {
  for (const path of read) {
    for (const role of ['staff', 'admin', 'viewer'])
      expect([path, (await agents[role].get(path)).status]).toEqual([path, 200]);
    expect([path, (await agents.provider.get(path)).status]).toEqual([path, 403]);
    expect([path, (await request(context.app).get(path)).status]).toEqual([path, 303]);
  }
});

test('only staff open the forms', async () => {
  for (const path of write) {
    expect([path, (await agents.staff.get(path)).status]).toEqual([path, 200]);
    for (const role of ['admin', 'viewer', 'provider'])
      expect([path, (await agents[role].get(path)).status]).toEqual([path, 403]);
  }
});
