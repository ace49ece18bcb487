import { answerKey, type SavedAnswers } from '../../server/modules/responses/answer-items';
import type { Snapshot } from '../../server/modules/questionnaires/questionnaire-structure';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';
import { activeAreas, publishedSnapshot, validAnswers, openedInvitation } from '../helpers/responses';

let context: TestContext;
let provider: Agent;
let exerciseId: string;
let invitationId: string;
let snapshot: Snapshot;
let areas: { id: string; name: string }[];

beforeAll(async () => {
  context = await createTestContext();
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  const invitation = await openedInvitation(context.db, exerciseId);
  invitationId = invitation.id;
  provider = await signIn(context.app, invitation.email);
  snapshot = await publishedSnapshot(context.db, exerciseId);
  areas = await activeAreas(context.db, exerciseId);
});
afterAll(() => context.close());

const base = () => `/provider/exercises/${exerciseId}/response`;
const interest = (area: { id: string }) => (area.id === areas[0].id ? '3' : '0');

async function savedAnswers(): Promise<SavedAnswers> {
  const rows = await context
    .db('answers as a')
    .join('responses as r', 'r.id', 'a.response_id')
    .where('r.invitation_id', invitationId)
    .select('a.question_id', 'a.area_id', 'a.value');
  return new Map(rows.map((row) => [answerKey(row.question_id, row.area_id), row.value]));
}

async function sectionVersion(sectionId: string): Promise<string> {
  const page = await provider.get(`${base()}/sections/${sectionId}`);
  return /name="sectionVersion" value="(\d+)"/.exec(page.text)![1];
}

async function saveSection(
  sectionId: string,
  fields: Record<string, string | string[]>,
  action = 'continue',
  version?: string,
) {
  const path = `${base()}/sections/${sectionId}`;
  const token = await tokenFor(provider, path);
  return provider
    .post(path)
    .type('form')
    .send({ _csrf: token, sectionVersion: version ?? (await sectionVersion(sectionId)), action, ...fields });
}

test('the task list shows every section of the published questionnaire', async () => {
  const page = await provider.get(base());
  expect(page.status).toBe(200);
  for (const section of snapshot.sections) expect(page.text).toContain(section.title);
  expect(page.text).toContain('Not yet started');
});

test('the interest matrix is required on continue, optional on come back later, and drives per-area questions', async () => {
  const matrixSection = snapshot.sections.find((s) => s.questions.some((q) => q.type === 'interest_matrix'))!;
  const empty = await saveSection(matrixSection.id, {});
  expect(empty.status).toBe(400);
  expect(empty.text).toContain(`Choose your interest in ${areas[0].name}`);
  expect((await saveSection(matrixSection.id, {}, 'later')).status).toBe(303);

  const fields = validAnswers(matrixSection, snapshot, areas, await savedAnswers(), interest);
  expect((await saveSection(matrixSection.id, fields)).status).toBe(303);
  const perAreaSection = snapshot.sections.find((s) => s.questions.some((q) => q.perArea))!;
  const page = await provider.get(`${base()}/sections/${perAreaSection.id}`);
  expect(page.text).toContain(areas[0].name);
  expect(page.text).not.toContain(`${areas[1].name}: `);
  const invitation = await context.db('invitations').where({ id: invitationId }).first();
  expect(invitation.status).toBe('in_progress');
});

test('bad values are refused with the typed values kept; a stale section version is a conflict', async () => {
  const section = snapshot.sections.find((s) =>
    s.questions.some((q) => q.type === 'number' || q.type === 'currency'),
  )!;
  const question = section.questions.find((q) => q.type === 'number' || q.type === 'currency')!;
  const field = `a_${question.id.replace(/-/g, '_')}`;
  const response = await saveSection(section.id, { [field]: 'lots <b>' }, 'later');
  expect(response.status).toBe(400);
  expect(response.text).toContain('must be');
  expect(response.text).toContain('value="lots &lt;b&gt;"');

  const version = await sectionVersion(section.id);
  expect((await saveSection(section.id, {}, 'later', version)).status).toBe(303);
  const stale = await saveSection(section.id, { [field]: '7' }, 'later', version);
  expect(stale.status).toBe(409);
  expect(stale.text).toContain('Someone else from your organisation saved this section');
  expect(stale.text).toContain('value="7"');
});

test('submitting needs every section; then the response is submitted once, confirmed by email, and amendable', async () => {
  const early = await provider
    .post(`${base()}/submit`)
    .type('form')
    .send({ _csrf: await tokenFor(provider, `${base()}/check`), version: '1', declaration: 'confirmed' });
  expect(early.status).toBe(400);
  expect(early.text).toContain('Complete every section before submitting');

  for (const section of snapshot.sections) {
    const saved = await savedAnswers();
    expect(
      (await saveSection(section.id, validAnswers(section, snapshot, areas, saved, interest))).status,
    ).toBe(303);
  }
  const check = await provider.get(`${base()}/check`);
  expect(check.text).toContain(`Interest in ${areas[0].name}`);
  expect(check.text).toContain('High');
  const version = /name="version" value="(\d+)"/.exec(check.text)![1];
  const token = await tokenFor(provider, `${base()}/check`);
  const undeclared = await provider.post(`${base()}/submit`).type('form').send({ _csrf: token, version });
  expect(undeclared.status).toBe(400);
  expect(undeclared.text).toContain('Confirm that the answers are correct');
  const [first, second] = await Promise.all([
    provider.post(`${base()}/submit`).type('form').send({ _csrf: token, version, declaration: 'confirmed' }),
    provider.post(`${base()}/submit`).type('form').send({ _csrf: token, version, declaration: 'confirmed' }),
  ]);
  expect([first.status, second.status]).toContain(303);
  const response = await context.db('responses').where({ invitation_id: invitationId }).first();
  expect(response).toMatchObject({ status: 'submitted', submission_count: 1 });
  expect(await context.db('response_submissions').where({ response_id: response.id })).toHaveLength(1);
  expect((await context.db('invitations').where({ id: invitationId }).first()).status).toBe('submitted');
  expect(await context.db('email_outbox').where('subject', 'like', 'Response received:%')).not.toHaveLength(
    0,
  );

  const matrixSection = snapshot.sections.find((s) => s.questions.some((q) => q.type === 'interest_matrix'))!;
  const changed = validAnswers(matrixSection, snapshot, areas, await savedAnswers(), (area) =>
    area.id === areas[0].id ? '4' : '0',
  );
  expect((await saveSection(matrixSection.id, changed)).status).toBe(303);
  const amended = await context.db('responses').where({ invitation_id: invitationId }).first();
  expect(amended).toMatchObject({ status: 'draft', submission_count: 1 });
  const history = await context
    .db('answer_history')
    .where({ response_id: response.id, area_id: areas[0].id })
    .orderBy('id', 'desc')
    .first();
  expect(history).toMatchObject({ old_value: '3', new_value: '4' });
  expect((await provider.get(base())).text).toContain('Submit it again');
});

test('after the deadline answers cannot be changed', async () => {
  await context
    .db('exercises')
    .where({ id: exerciseId })
    .update({ responses_close_at: new Date(Date.now() - 1000) });
  const section = snapshot.sections[0];
  const response = await saveSection(section.id, {}, 'later');
  expect(response.status).toBe(400);
  expect(response.text).toContain('can no longer be changed');
});

test('only the invited provider reaches the response pages', async () => {
  const staff = await signIn(context.app, 'staff@demo.test');
  expect((await staff.get(base())).status).toBe(403);
  const outsider = await context
    .db('users')
    .where({ role: 'provider' })
    .whereNotIn(
      'organisation_id',
      context.db('invitations').where({ exercise_id: exerciseId }).select('organisation_id'),
    )
    .first();
  const other = await signIn(context.app, outsider.email);
  expect((await other.get(base())).status).toBe(404);
  expect((await other.get(`${base()}/sections/${snapshot.sections[0].id}`)).status).toBe(404);
});

describe('staff', () => {
  test('read a response with its changes, and reopen a submitted one with a reason', async () => {
    const staff = await signIn(context.app, 'staff@demo.test');
    const viewer = await signIn(context.app, 'viewer@demo.test');
    const path = `/exercises/${exerciseId}/invitations/${invitationId}/response`;
    const page = await viewer.get(path);
    expect(page.status).toBe(200);
    expect(page.text).toContain(`Interest in ${areas[0].name}`);
    expect(page.text).toContain('Very high');
    expect(page.text).toContain('Changes to answers');

    const response = await context.db('responses').where({ invitation_id: invitationId }).first();
    await context.db('responses').where({ id: response.id }).update({ status: 'submitted' });
    const reopenPath = `${path}/reopen`;
    expect(
      (
        await viewer
          .post(reopenPath)
          .type('form')
          .send({ _csrf: await tokenFor(viewer, path), reason: 'x' })
      ).status,
    ).toBe(403);
    const empty = await staff
      .post(reopenPath)
      .type('form')
      .send({ _csrf: await tokenFor(staff, path), reason: '' });
    expect(empty.status).toBe(400);
    expect(empty.text).toContain('Give a reason');
    const reopened = await staff
      .post(reopenPath)
      .type('form')
      .send({ _csrf: await tokenFor(staff, path), reason: 'Please add your pension figures' });
    expect(reopened.status).toBe(303);
    expect((await context.db('responses').where({ id: response.id }).first()).status).toBe('draft');
    const events = await context
      .db('audit_events')
      .where({ action: 'response.reopened', record_id: response.id });
    expect(events[0].changes).toEqual({ reason: 'Please add your pension figures' });
  });
});
