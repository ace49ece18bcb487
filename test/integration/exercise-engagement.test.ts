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

test('engagement events appear on the exercise and in the notice text; bad input is shown back', async () => {
  const id = await createExercise(staff, { title: 'Education services', reference: 'LBB-ED-1' });
  await addArea(staff, id, { name: 'Education services bundle' });
  const bad = await postForm(staff, `/exercises/${id}/events/new`, `/exercises/${id}/events`, {
    title: '',
    place: 'Civic Centre',
    details: '',
    ...dateFields('eventDate', `${nextYear}-13-01`),
  });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('Enter a title for the event');
  expect(bad.text).toContain('The date of the event must be a real date');
  expect(bad.text).toContain('value="Civic Centre"');

  const added = await postForm(staff, `/exercises/${id}/events/new`, `/exercises/${id}/events`, {
    title: 'Supplier briefing',
    place: 'Bromley Civic Centre',
    details: 'Bring questions',
    ...dateFields('eventDate', `${nextYear}-03-10`),
  });
  expect(added.status).toBe(303);
  const notice = await viewer.get(`/exercises/${id}/notice`);
  expect(notice.status).toBe(200);
  expect(notice.text).toContain(`Supplier briefing: 10 March ${nextYear}, Bromley Civic Centre`);
  expect(notice.text).toContain('- Education services bundle');
  expect(notice.text).toContain('LBB-ED-1');

  const { version } = await context.db('exercises').where({ id }).first();
  const described = await postForm(staff, `/exercises/${id}/notice/edit`, `/exercises/${id}/notice/edit`, {
    processDescription: 'Questionnaire then meetings <b>not a tender</b>',
    version: String(version),
  });
  expect(described.status).toBe(303);
  const updated = await staff.get(`/exercises/${id}/notice`);
  expect(updated.text).toContain('Questionnaire then meetings &lt;b&gt;not a tender&lt;/b&gt;');

  const event = await context.db('engagement_events').where({ exercise_id: id }).first();
  expect(
    (await postForm(viewer, `/exercises/${id}`, `/exercises/${id}/events/${event.id}/remove`, {})).status,
  ).toBe(403);
  expect(
    (await postForm(staff, `/exercises/${id}`, `/exercises/${id}/events/${event.id}/remove`, {})).status,
  ).toBe(303);
  expect(await context.db('engagement_events').where({ exercise_id: id })).toHaveLength(0);
});

test('scoring settings are validated and saved', async () => {
  const id = await createExercise(staff);
  const { version } = await context.db('exercises').where({ id }).first();
  const path = `/exercises/${id}/settings`;
  const bad = await postForm(staff, path, path, {
    interestWeight: 'lots',
    meetingWeight: '1.5',
    interestThreshold: '50',
    depthModerate: '4',
    depthStrong: '3',
    version: String(version),
  });
  expect(bad.status).toBe(400);
  expect(bad.text).toContain('Interest weight must be a number');
  expect(bad.text).toContain('Meeting weight must be between 0 and 1');
  expect(bad.text).toContain('value="lots"');
  const good = await postForm(staff, path, path, {
    interestWeight: '2.5',
    meetingWeight: '0.25',
    interestThreshold: '60',
    depthModerate: '3',
    depthStrong: '6',
    version: String(version),
  });
  expect(good.status).toBe(303);
  expect(await context.db('exercises').where({ id }).first()).toMatchObject({
    interest_weight: 2.5,
    meeting_weight: 0.25,
    interest_threshold: 60,
    depth_moderate: 3,
    depth_strong: 6,
  });
  const strongBelow = await postForm(staff, path, path, {
    interestWeight: '3',
    meetingWeight: '0.4',
    interestThreshold: '50',
    depthModerate: '5',
    depthStrong: '5',
    version: String(version + 1),
  });
  expect(strongBelow.text).toContain('Strong depth must be more than moderate depth');
});

test('staff declare conflicts of interest; the exercise lists them; none replaces earlier ones', async () => {
  const id = await createExercise(staff);
  const hub = await staff.get(`/exercises/${id}`);
  expect(hub.text).toContain('You have not declared whether you have a conflict of interest');
  const organisation = await context.db('organisations').where({ name: 'Chiltern Shared Services' }).first();
  const path = `/exercises/${id}/conflicts/new`;
  const missing = await postForm(staff, path, `/exercises/${id}/conflicts`, {
    declaration: 'conflict',
    organisationId: '',
    description: '',
  });
  expect(missing.status).toBe(400);
  expect(missing.text).toContain('Select the provider the conflict is with');
  expect(missing.text).toContain('Enter a description of the conflict');
  expect((await postForm(staff, path, `/exercises/${id}/conflicts`, {})).text).toContain(
    'Select whether you have a conflict of interest',
  );

  const declared = await postForm(staff, path, `/exercises/${id}/conflicts`, {
    declaration: 'conflict',
    organisationId: organisation.id,
    description: 'My partner works in their finance team',
  });
  expect(declared.status).toBe(303);
  const listed = await viewer.get(`/exercises/${id}`);
  expect(listed.text).toContain(
    'Conflict with Chiltern Shared Services: My partner works in their finance team',
  );
  expect(listed.text).not.toContain('You have not declared');

  const declaration = await context.db('conflict_declarations').where({ exercise_id: id }).first();
  expect(
    (await postForm(viewer, `/exercises/${id}`, `/exercises/${id}/conflicts/${declaration.id}/withdraw`, {}))
      .status,
  ).toBe(403);
  expect(
    (await postForm(staff, `/exercises/${id}`, `/exercises/${id}/conflicts/${declaration.id}/withdraw`, {}))
      .status,
  ).toBe(303);
  expect(await context.db('conflict_declarations').where({ exercise_id: id })).toHaveLength(0);
  await postForm(staff, path, `/exercises/${id}/conflicts`, {
    declaration: 'conflict',
    organisationId: organisation.id,
    description: 'Former employee',
  });
  await postForm(staff, path, `/exercises/${id}/conflicts`, { declaration: 'none' });
  const rows = await context.db('conflict_declarations').where({ exercise_id: id });
  expect(rows).toHaveLength(1);
  expect(rows[0].organisation_id).toBeNull();
  expect((await staff.get(`/exercises/${id}`)).text).toContain('No conflicts of interest');
  expect(
    (await postForm(viewer, `/exercises/${id}`, `/exercises/${id}/conflicts`, { declaration: 'none' }))
      .status,
  ).toBe(403);
  const actions = (await context.db('audit_events').where({ record_id: id }).select('action')).map(
    (row) => row.action,
  );
  expect(actions).toEqual(
    expect.arrayContaining(['exercise.conflict_declared', 'exercise.conflict_none_declared']),
  );
});

test('the demo data holds the two reference exercises', async () => {
  const exercises = await context.db('exercises').whereIn('reference', ['OCC-SMT-2026-01', 'LBB-ED-2026-02']);
  expect(exercises).toHaveLength(2);
  const oxfordshire = exercises.find((row) => row.reference === 'OCC-SMT-2026-01');
  const top = await context
    .db('service_areas')
    .where({ exercise_id: oxfordshire.id })
    .whereNull('parent_id')
    .orderBy('position');
  expect(top.map((row) => row.name)).toEqual([
    'Corporate Back Office',
    'Schools Back Office',
    'Schools and Learning / Foundation Years',
    'Oxfordshire Skills and Learning',
  ]);
  const bromley = exercises.find((row) => row.reference === 'LBB-ED-2026-02');
  const changes = await context.db('scope_changes').where({ exercise_id: bromley.id });
  expect(changes.length).toBeGreaterThanOrEqual(1);
  const page = await staff.get(`/exercises/${bromley.id}`);
  expect(page.text).toContain('Bromley Adult Education');
  expect(page.text).toContain('Scope changes');
});

test('a refused action posted from a stale page is a clear 400 page, not a 500', async () => {
  const id = await createExercise(staff);
  await addArea(staff, id, { name: 'Only area' });
  await postForm(staff, `/exercises/${id}/events/new`, `/exercises/${id}/events`, {
    title: 'Briefing',
    place: 'County Hall',
    details: '',
    ...dateFields('eventDate', `${nextYear}-03-10`),
  });
  const event = await context.db('engagement_events').where({ exercise_id: id }).first();
  await context.db('exercises').where({ id }).update({ status: 'closed', responses_close_at: new Date() });
  const response = await postForm(
    staff,
    `/exercises/${id}`,
    `/exercises/${id}/events/${event.id}/remove`,
    {},
  );
  expect(response.status).toBe(400);
  expect(response.text).toContain('This exercise is closed and cannot be changed');
  expect(await context.db('engagement_events').where({ exercise_id: id })).toHaveLength(1);
});
