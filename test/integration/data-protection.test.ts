import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { fieldName } from '../../server/modules/responses/answer-items';
import { REMOVED_TEXT } from '../../server/modules/data-protection/retention-repository';
import { createTestContext, type TestContext } from '../helpers/context';
import { postForm } from '../helpers/exercises';
import { signIn, tokenFor, type Agent } from '../helpers/http';
import { publishedSnapshot } from '../helpers/responses';

const HELEN = 'helen.marsh@meridian-business.test';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PPTX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.alloc(26),
  Buffer.from('[Content_Types].xml ppt/presentation.xml'),
]);

let context: TestContext;
let staff: Agent;
let admin: Agent;
let helen: Agent;
let oxfordshire: string;
let bromley: string;
let helenContact: { id: string; organisation_id: string; user_id: string };
let exportPath: string;

const exerciseOf = (reference: string) => context.db('exercises').where({ reference }).first();
const uploaded = (storedName: string) => fs.existsSync(path.join(context.dataDir, 'uploads', storedName));

/** Helen saves a section of her draft response with a file, as a provider would. */
async function helenUploadsAFile() {
  const snapshot = await publishedSnapshot(context.db, oxfordshire);
  const section = snapshot.sections.find((s) => s.questions.some((q) => q.type === 'file_upload'))!;
  const question = section.questions.find((q) => q.type === 'file_upload')!;
  const sectionPath = `/provider/exercises/${oxfordshire}/response/sections/${section.id}`;
  const page = await helen.get(sectionPath);
  const version = /name="sectionVersion" value="(\d+)"/.exec(page.text)![1];
  const response = await helen
    .post(sectionPath)
    .field('_csrf', await tokenFor(helen, sectionPath))
    .field('sectionVersion', version)
    .field('action', 'later')
    .attach(fieldName(question.id), PDF, 'Meridian case study.pdf');
  expect(response.status).toBe(303);
}

async function staffUploadsMeetingSlides() {
  const meeting = await context.db('meetings').where({ exercise_id: oxfordshire, status: 'held' }).first();
  const base = `/exercises/${oxfordshire}/meetings/${meeting.id}/files`;
  const response = await staff
    .post(base)
    .field('_csrf', await tokenFor(staff, base))
    .attach('files', PPTX, 'Meeting slides.pptx');
  expect(response.status).toBe(303);
}

async function changeStatus(exerciseId: string, status: string) {
  const { version } = await context.db('exercises').where({ id: exerciseId }).first('version');
  const response = await postForm(
    staff,
    `/exercises/${exerciseId}/status?to=${status}`,
    `/exercises/${exerciseId}/status`,
    { status, reason: '', version: String(version) },
  );
  expect(response.status).toBe(303);
}

beforeAll(async () => {
  context = await createTestContext();
  oxfordshire = (await exerciseOf('OCC-SMT-2026-01')).id;
  bromley = (await exerciseOf('LBB-ED-2026-02')).id;
  helenContact = await context.db('contacts').where({ email: HELEN }).first();
  exportPath = `/providers/${helenContact.organisation_id}/contacts/${helenContact.id}/data.json`;
  staff = await signIn(context.app, 'staff@demo.test');
  admin = await signIn(context.app, 'admin@demo.test');
  helen = await signIn(context.app, HELEN);
  await helenUploadsAFile();
  await staffUploadsMeetingSlides();
});
afterAll(() => context.close());

describe('retention period on an exercise', () => {
  const retentionPath = () => `/exercises/${bromley}/retention`;
  const post = async (retentionMonths: string) => {
    const { version } = await context.db('exercises').where({ id: bromley }).first('version');
    return postForm(staff, retentionPath(), retentionPath(), { retentionMonths, version: String(version) });
  };

  test('defaults to 24 months and is shown on the exercise page', async () => {
    expect((await exerciseOf('LBB-ED-2026-02')).retention_months).toBe(24);
    const hub = await staff.get(`/exercises/${bromley}`);
    expect(hub.text).toContain('24 months after the exercise is archived');
    expect(hub.text).toContain('Not yet: the period starts when the exercise is archived');
  });

  test.each([
    ['', 'Enter how many months to keep personal data after archiving'],
    ['two years', 'Retention period must be a whole number of months'],
    ['0', 'Retention period must be between 1 and 120 months'],
    ['121', 'Retention period must be between 1 and 120 months'],
    ['1.5', 'Retention period must be a whole number of months'],
  ])('%j is refused with an error summary, keeping what was typed', async (typed, message) => {
    const response = await post(typed);
    expect(response.status).toBe(400);
    expect(response.text).toContain('There is a problem');
    expect(response.text).toContain(message);
    expect(response.text).toContain(`href="#retentionMonths"`);
    expect(response.text).toMatch(
      new RegExp(`name="retentionMonths"[^>]*value="${typed.replace('.', '\\.')}"`),
    );
    expect((await exerciseOf('LBB-ED-2026-02')).retention_months).toBe(24);
  });

  test('staff change it; the change is audited; a stale form is refused', async () => {
    const stale = (await exerciseOf('LBB-ED-2026-02')).version;
    expect((await post('36')).status).toBe(303);
    expect((await exerciseOf('LBB-ED-2026-02')).retention_months).toBe(36);
    const event = await context
      .db('audit_events')
      .where({ action: 'exercise.retention_changed', record_id: bromley })
      .first();
    expect(event.changes).toEqual({ retentionMonths: { from: 24, to: 36 } });
    expect((await staff.get(`/exercises/${bromley}`)).text).toContain(
      '36 months after the exercise is archived',
    );
    const conflict = await postForm(staff, retentionPath(), retentionPath(), {
      retentionMonths: '12',
      version: String(stale),
    });
    expect(conflict.status).toBe(409);
    expect(conflict.text).toContain('value="12"');
  });

  test('viewers and admins cannot change it', async () => {
    const viewer = await signIn(context.app, 'viewer@demo.test');
    expect((await viewer.get(retentionPath())).status).toBe(403);
    expect((await admin.get(retentionPath())).status).toBe(403);
  });
});

describe('subject access export', () => {
  beforeAll(async () => {
    const ask = `/provider/exercises/${oxfordshire}/clarifications`;
    const asked = await postForm(helen, ask, ask, { question: 'Would Meridian staff need DBS checks?' });
    expect(asked.status).toBe(303);
    const reset = await postForm(request.agent(context.app), '/forgot-password', '/forgot-password', {
      email: HELEN,
    });
    expect(reset.status).toBe(303);
  });

  test('an administrator downloads everything held about a contact, without secrets; it is audited', async () => {
    const organisationPage = await admin.get(`/providers/${helenContact.organisation_id}`);
    expect(organisationPage.text).toContain(`href="${exportPath}"`);

    const response = await admin.get(exportPath);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe(
      `attachment; filename="contact-${helenContact.id}.json"`,
    );
    expect(response.text).not.toMatch(/password_?hash|\$argon2|token/i);
    const data = JSON.parse(response.text);
    expect(data.contact).toMatchObject({ name: 'Helen Marsh', email: HELEN });
    expect(data.contact.organisation.name).toContain('Meridian');
    expect(data.account).toMatchObject({ email: HELEN, role: 'provider', status: 'active' });
    expect(Object.keys(data.account).sort()).toEqual(
      ['createdAt', 'email', 'id', 'lastSignedInAt', 'lockedUntil', 'name', 'role', 'status'].sort(),
    );
    expect(data.invitations).toEqual([expect.objectContaining({ exerciseReference: 'OCC-SMT-2026-01' })]);
    expect(data.responses.files).toEqual([
      expect.objectContaining({ name: 'Meridian case study.pdf', type: 'pdf', sizeBytes: PDF.length }),
    ]);
    expect(data.responses.answersSaved.length).toBeGreaterThan(0);
    expect(data.clarifications).toEqual([
      expect.objectContaining({ question: 'Would Meridian staff need DBS checks?' }),
    ]);
    expect(data.meetings).toHaveLength(1);
    expect(data.meetings[0]).toMatchObject({ exerciseReference: 'OCC-SMT-2026-01', status: 'held' });
    expect(data.emails.map((email: { subject: string }) => email.subject).join()).toMatch(/password/i);
    expect(data.emails[0]).not.toHaveProperty('text');
    const actions = data.auditEventsByThem.map((event: { action: string }) => event.action);
    expect(actions).toEqual(expect.arrayContaining(['auth.signed_in', 'auth.password_reset_requested']));

    const exported = await context.db('audit_events').where({ action: 'contact.data_exported' });
    expect(exported).toHaveLength(1);
    expect(exported[0]).toMatchObject({
      actor_label: 'admin@demo.test',
      record_id: helenContact.organisation_id,
    });
    expect(exported[0].changes.contactId).toBe(helenContact.id);
  });

  test('staff, viewers and providers are refused; signed-out people are sent to sign in', async () => {
    const viewer = await signIn(context.app, 'viewer@demo.test');
    for (const agent of [staff, viewer, helen]) expect((await agent.get(exportPath)).status).toBe(403);
    expect((await staff.get(`/providers/${helenContact.organisation_id}`)).text).not.toContain(exportPath);
    const anonymous = await request(context.app).get(exportPath);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toBe('/sign-in');
    expect(await context.db('audit_events').where({ action: 'contact.data_exported' })).toHaveLength(1);
  });

  test('a contact is reached only through its own organisation', async () => {
    const other = await context
      .db('contacts')
      .whereNot({ organisation_id: helenContact.organisation_id })
      .first();
    expect(
      (await admin.get(`/providers/${helenContact.organisation_id}/contacts/${other.id}/data.json`)).status,
    ).toBe(404);
    expect((await admin.get(`/providers/not-an-id/contacts/${helenContact.id}/data.json`)).status).toBe(404);
  });
});

describe('retention job', () => {
  const countFor = async (table: string, column: string, ids: string[]) =>
    Number(
      (await context.db(table).whereIn(column, ids).count<{ count: string }[]>({ count: '*' }))[0].count,
    );

  test('leaves exercises that are not archived, or archived recently, untouched', async () => {
    await changeStatus(oxfordshire, 'closed');
    await changeStatus(oxfordshire, 'archived');
    const archived = await exerciseOf('OCC-SMT-2026-01');
    expect(archived.archived_at).toBeInstanceOf(Date);
    expect((await staff.get(`/exercises/${oxfordshire}`)).text).toContain('Due from');

    expect(await context.services.retention.applyDue()).toEqual([]);
    const files = await context.db('attachments').select('stored_name');
    expect(files).toHaveLength(1);
    expect(uploaded(files[0].stored_name)).toBe(true);
    expect(await context.db('audit_events').where({ action: 'exercise.retention_applied' })).toHaveLength(0);
  });

  test('purges an exercise archived longer ago than its retention period, once, even when run twice at once', async () => {
    // Time passing: the exercise was archived 25 months ago (its period is the default 24).
    await context
      .db('exercises')
      .where({ id: oxfordshire })
      .update({
        archived_at: context.db.raw("now() - interval '25 months'"),
      });
    const invitationIds = (
      await context.db('invitations').where({ exercise_id: oxfordshire }).select('id')
    ).map((row: { id: string }) => row.id);
    const bromleyInvitations = (
      await context.db('invitations').where({ exercise_id: bromley }).select('id')
    ).map((row: { id: string }) => row.id);
    const bromleyContactsBefore = await countFor('invitation_contacts', 'invitation_id', bromleyInvitations);
    const storedNames = [
      ...(await context.db('attachments').pluck('stored_name')),
      ...(await context.db('meeting_files').pluck('stored_name')),
    ];
    expect(storedNames).toHaveLength(2);
    const responseIds = await context.db('responses').whereIn('invitation_id', invitationIds).pluck('id');
    const submitted = await context
      .db('responses')
      .whereIn('invitation_id', invitationIds)
      .where({ status: 'submitted' })
      .pluck('id');
    const answersBefore = await countFor('answers', 'response_id', submitted);

    const [first, second] = await Promise.all([
      context.services.retention.applyDue(),
      context.services.retention.applyDue(),
    ]);
    expect([...first, ...second]).toEqual([oxfordshire]);

    const events = await context.db('audit_events').where({ action: 'exercise.retention_applied' });
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ actor_label: 'system', record_id: oxfordshire });
    expect(events[0].changes).toMatchObject({
      responseFilesDeleted: 1,
      meetingFilesDeleted: 1,
      draftResponsesDeleted: 2,
      clarificationsAnonymised: 2,
    });

    for (const storedName of storedNames) expect(uploaded(storedName)).toBe(false);
    expect(await context.db('attachments')).toHaveLength(0);
    expect(await context.db('meeting_files')).toHaveLength(0);
    expect(await context.db('responses').whereIn('id', responseIds).pluck('id')).toEqual(
      expect.arrayContaining(submitted),
    );
    expect(await countFor('responses', 'id', responseIds)).toBe(submitted.length);
    expect(await countFor('answers', 'response_id', submitted)).toBe(answersBefore);
    expect(
      await context.db('answers').whereIn('response_id', submitted).whereNotNull('updated_by'),
    ).toHaveLength(0);
    expect(
      await context.db('response_submissions').whereIn('response_id', submitted).whereNotNull('submitted_by'),
    ).toHaveLength(0);
    expect(await countFor('invitation_contacts', 'invitation_id', invitationIds)).toBe(0);
    const meetings = await context.db('meetings').where({ exercise_id: oxfordshire });
    expect(
      await countFor(
        'meeting_contacts',
        'meeting_id',
        meetings.map((m: { id: string }) => m.id),
      ),
    ).toBe(0);
    for (const meeting of meetings) {
      expect([null, REMOVED_TEXT]).toContain(meeting.attended);
      expect(meeting.provider_message).toBeNull();
    }
    expect(meetings.filter((m: { attended: string | null }) => m.attended === REMOVED_TEXT)).toHaveLength(3);
    const providerAsked = await context
      .db('clarifications as c')
      .join('users as u', 'u.id', 'c.asked_by')
      .where({ 'c.exercise_id': oxfordshire, 'u.role': 'provider' });
    expect(providerAsked).toHaveLength(0);

    expect(await countFor('invitation_contacts', 'invitation_id', bromleyInvitations)).toBe(
      bromleyContactsBefore,
    );
    expect((await exerciseOf('LBB-ED-2026-02')).retention_applied_at).toBeNull();
    expect((await exerciseOf('OCC-SMT-2026-01')).retention_applied_at).toBeInstanceOf(Date);
  });

  test('is idempotent: a later run finds nothing to do', async () => {
    expect(await context.services.retention.applyDue()).toEqual([]);
    expect(await context.db('audit_events').where({ action: 'exercise.retention_applied' })).toHaveLength(1);
  });

  test('the committee record stays readable; the period can no longer be changed', async () => {
    const summary = await staff.get(`/exercises/${oxfordshire}/summary`);
    expect(summary.status).toBe(200);
    const hub = await staff.get(`/exercises/${oxfordshire}`);
    expect(hub.text).toContain('Personal data and files removed');
    expect(hub.text).not.toContain(`href="/exercises/${oxfordshire}/retention"`);
    const { version } = await exerciseOf('OCC-SMT-2026-01');
    const refused = await postForm(
      staff,
      `/exercises/${oxfordshire}/retention`,
      `/exercises/${oxfordshire}/retention`,
      {
        retentionMonths: '60',
        version: String(version),
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('already been applied');

    const data = JSON.parse((await admin.get(exportPath)).text);
    expect(data.invitations).toEqual([]);
    expect(data.meetings).toEqual([]);
    expect(data.responses.files).toEqual([]);
  });
});
