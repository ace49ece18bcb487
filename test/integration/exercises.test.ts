import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { createExercise, dateFields, postForm, addArea } from '../helpers/exercises';
import { signIn, type Agent } from '../helpers/http';

let context: TestContext;
let staff: Agent;
let viewer: Agent;
let admin: Agent;
let provider: Agent;

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
  viewer = await signIn(context.app, 'viewer@demo.test');
  admin = await signIn(context.app, 'admin@demo.test');
  provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
});
afterAll(() => context.close());

const exerciseRow = (id: string) => context.db('exercises').where({ id }).first();
const nextYear = new Date().getUTCFullYear() + 1;

async function setTimeline(id: string, fields: Record<string, string>) {
  const { version } = await exerciseRow(id);
  return postForm(staff, `/exercises/${id}/timeline`, `/exercises/${id}/timeline`, {
    version: String(version),
    ...fields,
  });
}

async function changeStatus(id: string, status: string, reason = '') {
  const { version } = await exerciseRow(id);
  return postForm(staff, `/exercises/${id}`, `/exercises/${id}/status`, {
    status,
    reason,
    version: String(version),
  });
}

describe('creating and listing exercises', () => {
  test('staff create an exercise; it is a draft owned by them, audited, and listed', async () => {
    const id = await createExercise(staff, { title: 'Schools and learning', reference: 'OCC-2026-SL' });
    const row = await exerciseRow(id);
    expect(row).toMatchObject({
      status: 'draft',
      title: 'Schools and learning',
      interest_weight: 3,
      meeting_weight: 0.4,
      interest_threshold: 50,
      depth_strong: 5,
      depth_moderate: 2,
    });
    const events = await context.db('audit_events').where({ record_id: id, action: 'exercise.created' });
    expect(events).toHaveLength(1);
    const list = await staff.get('/exercises');
    expect(list.text).toContain('Schools and learning');
    expect((await staff.get('/exercises?status=open')).text).not.toContain('Schools and learning');
    expect((await staff.get('/exercises?status=draft')).text).toContain('Schools and learning');
    const hub = await staff.get(`/exercises/${id}`);
    expect(hub.status).toBe(200);
    expect(hub.text).toContain('OCC-2026-SL');
    expect(hub.text).toContain('exercise created');
  });

  test.each([
    [
      'empty',
      { title: '', reference: '', purpose: '', contactName: '', contactEmail: '' },
      ['Enter a title', 'Enter a reference', 'Enter the purpose of the exercise'],
    ],
    [
      'too long',
      { title: 'x'.repeat(201), reference: 'R1', purpose: 'p', contactName: 'c', contactEmail: 'c@d.test' },
      ['Title must be 200 characters or fewer'],
    ],
    [
      'bad reference',
      { title: 't', reference: 'has spaces <b>', purpose: 'p', contactName: 'c', contactEmail: 'c@d.test' },
      ['Reference must only include'],
    ],
    [
      'bad email',
      { title: 't', reference: 'R2', purpose: 'p', contactName: 'c', contactEmail: 'nope' },
      ['Enter an email address in the correct format'],
    ],
  ])('bad input (%s) is shown on the form and creates nothing', async (_label, fields, messages) => {
    const before = await context.db('exercises').count<{ count: number }[]>({ count: '*' });
    const response = await postForm(staff, '/exercises/new', '/exercises', fields);
    expect(response.status).toBe(400);
    for (const message of messages) expect(response.text).toContain(message);
    expect(await context.db('exercises').count({ count: '*' })).toEqual(before);
  });

  test('a duplicate reference is refused on the same page with what was typed kept', async () => {
    await createExercise(staff, { reference: 'DUP-1' });
    const response = await postForm(staff, '/exercises/new', '/exercises', {
      title: 'Typed title <script>',
      reference: 'dup-1',
      purpose: 'p',
      contactName: 'c',
      contactEmail: 'c@d.test',
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('An exercise with this reference already exists');
    expect(response.text).toContain('value="Typed title &lt;script&gt;"');
  });

  test('viewers and admins read exercises but cannot change them; providers cannot see them', async () => {
    const id = await createExercise(staff);
    expect((await viewer.get(`/exercises/${id}`)).status).toBe(200);
    expect((await admin.get('/exercises')).status).toBe(200);
    expect((await viewer.get('/exercises/new')).status).toBe(403);
    expect((await viewer.get(`/exercises/${id}`)).text).not.toContain('Change<span');
    const refused = await postForm(viewer, `/exercises/${id}`, '/exercises', {
      title: 'x',
      reference: 'VIEW-1',
      purpose: 'p',
      contactName: 'c',
      contactEmail: 'c@d.test',
    });
    expect(refused.status).toBe(403);
    for (const path of [
      '/exercises',
      `/exercises/${id}`,
      `/exercises/${id}/areas`,
      `/exercises/${id}/notice`,
    ]) {
      expect((await provider.get(path)).status).toBe(403);
    }
    expect((await request(context.app).get(`/exercises/${id}`)).status).toBe(303);
  });

  test('an unknown exercise id is a 404', async () => {
    expect((await staff.get('/exercises/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await staff.get('/exercises/not-an-id')).status).toBe(404);
  });
});

describe('timeline and status', () => {
  test('timeline dates are saved in UK time and validated', async () => {
    const id = await createExercise(staff);
    const bad = await setTimeline(id, {
      ...dateFields('responsesClose', `${nextYear}-02-30`),
      responsesCloseTime: '25:00',
    });
    expect(bad.status).toBe(400);
    expect(bad.text).toContain('The date responses close must be a real date');
    expect(bad.text).toContain('must be a time on the 24-hour clock');
    expect(bad.text).toContain('value="30"');
    const badReminder = await setTimeline(id, { reminderDaysBefore: 'soon' });
    expect(badReminder.text).toContain('Reminder days must be a whole number from 0 to 60');

    const order = await setTimeline(id, {
      ...dateFields('questionsClose', `${nextYear}-07-10`),
      ...dateFields('responsesClose', `${nextYear}-07-01`),
    });
    expect(order.status).toBe(400);
    expect(order.text).toContain('Responses must close on or after the date clarification questions close');

    const good = await setTimeline(id, {
      ...dateFields('questionsClose', `${nextYear}-07-01`),
      questionsCloseTime: '17:00',
      ...dateFields('responsesClose', `${nextYear}-07-15`),
      responsesCloseTime: '12:00',
      ...dateFields('meetingsFrom', `${nextYear}-07-20`),
      ...dateFields('meetingsTo', `${nextYear}-08-05`),
      reminderDaysBefore: '5',
    });
    expect(good.status).toBe(303);
    const row = await exerciseRow(id);
    expect(row.responses_close_at.toISOString()).toBe(`${nextYear}-07-15T11:00:00.000Z`);
    expect(row.questions_close_at.toISOString()).toBe(`${nextYear}-07-01T16:00:00.000Z`);
    expect(row.meetings_from).toBe(`${nextYear}-07-20`);
    expect(row.reminder_days_before).toBe(5);
    const hub = await staff.get(`/exercises/${id}`);
    expect(hub.text).toContain(`15 July ${nextYear}, midday BST`);
  });

  test('opening needs an area and a future deadline; an open exercise keeps its deadline; closed is read-only; reopening needs a reason', async () => {
    const id = await createExercise(staff);
    let response = await changeStatus(id, 'open');
    expect(response.status).toBe(400);
    expect(response.text).toContain('Set a closing date for responses in the future before opening');

    await setTimeline(id, { ...dateFields('responsesClose', `${nextYear}-09-01`) });
    response = await changeStatus(id, 'open');
    expect(response.text).toContain('Add at least one service area before opening');

    expect((await addArea(staff, id, { name: 'Corporate Back Office' })).status).toBe(303);
    expect((await changeStatus(id, 'open')).status).toBe(303);
    expect((await exerciseRow(id)).status).toBe('open');
    expect((await exerciseRow(id)).opens_at).not.toBeNull();

    const clear = await setTimeline(id, {});
    expect(clear.status).toBe(400);
    expect(clear.text).toContain('An open exercise must have a closing date for responses');
    expect((await exerciseRow(id)).responses_close_at).not.toBeNull();

    expect((await changeStatus(id, 'archived')).text).toContain('A open exercise cannot be made archived');
    expect((await changeStatus(id, 'closed')).status).toBe(303);
    const locked = await setTimeline(id, { ...dateFields('responsesClose', `${nextYear}-10-01`) });
    expect(locked.status).toBe(400);
    expect(locked.text).toContain('This exercise is closed and cannot be changed');
    expect((await addArea(staff, id, { name: 'Late area' })).status).toBe(400);

    const noReason = await changeStatus(id, 'open');
    expect(noReason.text).toContain('Give the reason for reopening the exercise');
    expect((await changeStatus(id, 'open', 'Two providers asked for more time')).status).toBe(303);
    const [event] = await context
      .db('audit_events')
      .where({ record_id: id, action: 'exercise.status_changed' })
      .orderBy('id', 'desc');
    expect(event.changes).toMatchObject({
      status: { from: 'closed', to: 'open' },
      reason: 'Two providers asked for more time',
    });

    await changeStatus(id, 'closed');
    expect((await changeStatus(id, 'archived')).status).toBe(303);
    expect((await changeStatus(id, 'open', 'again')).text).toContain(
      'A archived exercise cannot be made open',
    );
  });

  test('a stale version is a conflict and changes nothing', async () => {
    const id = await createExercise(staff);
    const row = await exerciseRow(id);
    await setTimeline(id, { ...dateFields('responsesClose', `${nextYear}-09-01`) });
    const stale = await postForm(staff, `/exercises/${id}/details`, `/exercises/${id}/details`, {
      version: String(row.version),
      title: 'Stale title',
      reference: row.reference,
      purpose: 'p',
      contactName: 'c',
      contactEmail: 'c@d.test',
    });
    expect(stale.status).toBe(409);
    expect(stale.text).toContain('Someone else changed this exercise');
    expect(stale.text).toContain('value="Stale title"');
    expect((await exerciseRow(id)).title).not.toBe('Stale title');
  });
});
