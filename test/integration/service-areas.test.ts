import { createTestContext, type TestContext } from '../helpers/context';
import { addArea, createExercise, dateFields, postForm } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';

let context: TestContext;
let staff: Agent;
let viewer: Agent;
const nextYear = new Date().getUTCFullYear() + 1;

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  viewer = await signIn(context.app, 'viewer@demo.test');
});
afterAll(() => context.close());

const areasOf = (exerciseId: string) =>
  context.db('service_areas').where({ exercise_id: exerciseId }).orderBy(['parent_id', 'position']);
const areaNamed = (exerciseId: string, name: string) =>
  context.db('service_areas').where({ exercise_id: exerciseId, name }).first();

async function openExercise(id: string) {
  let { version } = await context.db('exercises').where({ id }).first();
  await postForm(staff, `/exercises/${id}/timeline`, `/exercises/${id}/timeline`, {
    version: String(version),
    ...dateFields('responsesClose', `${nextYear}-09-01`),
  });
  ({ version } = await context.db('exercises').where({ id }).first());
  const response = await postForm(staff, `/exercises/${id}`, `/exercises/${id}/status`, {
    status: 'open',
    reason: '',
    version: String(version),
  });
  expect(response.status).toBe(303);
}

test('areas with sub-services are added in order and shown on the exercise page', async () => {
  const id = await createExercise(staff);
  expect((await addArea(staff, id, { name: 'Corporate Back Office' })).status).toBe(303);
  expect((await addArea(staff, id, { name: 'Schools Back Office' })).status).toBe(303);
  const corporate = await areaNamed(id, 'Corporate Back Office');
  for (const name of ['HR', 'Finance', 'ICT']) {
    expect((await addArea(staff, id, { name, parentId: corporate.id })).status).toBe(303);
  }
  const schools = await areaNamed(id, 'Schools Back Office');
  expect((await addArea(staff, id, { name: 'HR', parentId: schools.id })).status).toBe(303);
  const rows = await areasOf(id);
  expect(rows.filter((row) => row.parent_id === corporate.id).map((row) => row.name)).toEqual([
    'HR',
    'Finance',
    'ICT',
  ]);
  const hub = await staff.get(`/exercises/${id}`);
  expect(hub.text).toContain('HR, Finance, ICT');
  const page = await staff.get(`/exercises/${id}/areas`);
  expect(page.text).toContain('Add a sub-service');

  const duplicate = await addArea(staff, id, { name: 'corporate back office' });
  expect(duplicate.status).toBe(400);
  expect(duplicate.text).toContain('already has a service area with this name');
  const nested = await addArea(staff, id, { name: 'Payroll', parentId: (await areaNamed(id, 'Finance')).id });
  expect(nested.status).toBe(400);
  expect(nested.text).toContain('Choose a service area from the list');
  const empty = await addArea(staff, id, { name: '', parentId: 'not-a-uuid' });
  expect(empty.text).toContain('Enter a name for the service area');
});

test('areas are reordered with move up and down', async () => {
  const id = await createExercise(staff);
  for (const name of ['A', 'B', 'C']) await addArea(staff, id, { name });
  const c = await areaNamed(id, 'C');
  await postForm(staff, `/exercises/${id}/areas`, `/exercises/${id}/areas/${c.id}/move`, { direction: 'up' });
  await postForm(staff, `/exercises/${id}/areas`, `/exercises/${id}/areas/${c.id}/move`, { direction: 'up' });
  await postForm(staff, `/exercises/${id}/areas`, `/exercises/${id}/areas/${c.id}/move`, { direction: 'up' });
  expect((await areasOf(id)).map((row) => row.name)).toEqual(['C', 'A', 'B']);
  const a = await areaNamed(id, 'A');
  await postForm(staff, `/exercises/${id}/areas`, `/exercises/${id}/areas/${a.id}/move`, {
    direction: 'down',
  });
  expect((await areasOf(id)).map((row) => row.name)).toEqual(['C', 'B', 'A']);
});

test('a draft area can be removed; an open exercise refuses removal and offers archiving', async () => {
  const id = await createExercise(staff);
  await addArea(staff, id, { name: 'Keep' });
  await addArea(staff, id, { name: 'Drop' });
  const drop = await areaNamed(id, 'Drop');
  expect(
    (await postForm(staff, `/exercises/${id}/areas`, `/exercises/${id}/areas/${drop.id}/remove`, {})).status,
  ).toBe(303);
  expect(await areaNamed(id, 'Drop')).toBeUndefined();

  await openExercise(id);
  const keep = await areaNamed(id, 'Keep');
  const refused = await postForm(
    staff,
    `/exercises/${id}/areas`,
    `/exercises/${id}/areas/${keep.id}/remove`,
    {},
  );
  expect(refused.status).toBe(400);
  expect(refused.text).toContain('cannot be removed. Archive it instead.');
  expect(await areaNamed(id, 'Keep')).toBeDefined();
  const archived = await postForm(
    staff,
    `/exercises/${id}/areas`,
    `/exercises/${id}/areas/${keep.id}/status`,
    { status: 'archived', version: String(keep.version) },
  );
  expect(archived.status).toBe(303);
  expect((await areaNamed(id, 'Keep')).status).toBe('archived');
});

test('adding an area to an open exercise is a recorded scope change with a reason', async () => {
  const id = await createExercise(staff);
  await addArea(staff, id, { name: 'Education services bundle' });
  await openExercise(id);
  const noReason = await addArea(staff, id, { name: 'Bromley Adult Education' });
  expect(noReason.status).toBe(400);
  expect(noReason.text).toContain('give the reason for changing its scope');
  expect(noReason.text).toContain('value="Bromley Adult Education"');
  expect(await areaNamed(id, 'Bromley Adult Education')).toBeUndefined();

  const reason = 'The committee agreed to add Adult Education as a separate lot';
  expect((await addArea(staff, id, { name: 'Bromley Adult Education', reason })).status).toBe(303);
  const area = await areaNamed(id, 'Bromley Adult Education');
  const [change] = await context.db('scope_changes').where({ exercise_id: id });
  expect(change).toMatchObject({ service_area_id: area.id, reason });
  expect(
    await context.db('audit_events').where({ action: 'exercise.scope_changed', record_id: id }),
  ).toHaveLength(1);
  const hub = await staff.get(`/exercises/${id}`);
  expect(hub.text).toContain('Scope changes');
  expect(hub.text).toContain(reason);
});

test('editing an area keeps a history on its page; a stale edit is a conflict', async () => {
  const id = await createExercise(staff);
  await addArea(staff, id, { name: 'Skills and Learning' });
  const area = await areaNamed(id, 'Skills and Learning');
  const path = `/exercises/${id}/areas/${area.id}`;
  expect(
    (
      await postForm(staff, path, path, {
        name: 'Oxfordshire Skills and Learning',
        description: 'Adult learning',
        version: String(area.version),
      })
    ).status,
  ).toBe(303);
  const stale = await postForm(staff, path, path, {
    name: 'Lost edit',
    description: '',
    version: String(area.version),
  });
  expect(stale.status).toBe(409);
  expect(stale.text).toContain('Someone else changed this service area');
  const page = await staff.get(path);
  expect(page.text).toContain('service area updated');
  expect(page.text).toContain('Skills and Learning → Oxfordshire Skills and Learning');
  expect((await viewer.get(path)).status).toBe(200);
  expect((await postForm(viewer, path, path, { name: 'x', description: '', version: '2' })).status).toBe(403);
  expect((await staff.get(`/exercises/${id}/areas/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
});
