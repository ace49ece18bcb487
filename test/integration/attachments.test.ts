import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { fieldName } from '../../server/modules/responses/answer-items';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';
import { publishedSnapshot, openedInvitation } from '../helpers/responses';

let context: TestContext;
let provider: Agent;
let exerciseId: string;
let invitationId: string;
let sectionPath: string;
let field: string;

const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

beforeAll(async () => {
  context = await createTestContext();
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  const invitation = await openedInvitation(context.db, exerciseId);
  invitationId = invitation.id;
  provider = await signIn(context.app, invitation.email);
  const snapshot = await publishedSnapshot(context.db, exerciseId);
  const section = snapshot.sections.find((s) => s.questions.some((q) => q.type === 'file_upload'))!;
  const question = section.questions.find((q) => q.type === 'file_upload')!;
  sectionPath = `/provider/exercises/${exerciseId}/response/sections/${section.id}`;
  field = fieldName(question.id);
});
afterAll(() => context.close());

async function upload(content: Buffer, filename: string) {
  const page = await provider.get(sectionPath);
  const version = /name="sectionVersion" value="(\d+)"/.exec(page.text)![1];
  return provider
    .post(sectionPath)
    .field('_csrf', await tokenFor(provider, sectionPath))
    .field('sectionVersion', version)
    .field('action', 'later')
    .attach(field, content, filename);
}

test('a file whose content is not an allowed type is refused, whatever its name', async () => {
  const response = await upload(Buffer.from('MZ\x90\x00 not really a pdf'), 'proposal.pdf');
  expect(response.status).toBe(400);
  expect(response.text).toContain('must be a PDF, DOCX, XLSX');
  expect(await context.db('attachments')).toHaveLength(0);
});

test('a file over the question’s size limit is refused and nothing is kept', async () => {
  const big = Buffer.concat([PDF, Buffer.alloc(11 * 1024 * 1024, 0x20)]);
  const response = await upload(big, 'big.pdf');
  expect(response.status).toBe(400);
  expect(response.text).toContain('must be smaller than 10 MB');
  expect(await context.db('attachments')).toHaveLength(0);
});

test('a valid file is stored under a generated name with its checksum and can be downloaded only by those allowed', async () => {
  const response = await upload(PDF, 'Case study <1>.pdf');
  expect(response.status).toBe(303);
  const [attachment] = await context.db('attachments');
  expect(attachment).toMatchObject({
    original_name: 'Case study <1>.pdf',
    file_type: 'pdf',
    size_bytes: PDF.length,
  });
  expect(attachment.sha256).toMatch(/^[0-9a-f]{64}$/);
  expect(attachment.stored_name).not.toContain('Case');
  expect(fs.readFileSync(path.join(context.dataDir, 'uploads', attachment.stored_name))).toEqual(PDF);
  const answer = await context
    .db('answers')
    .where({ response_id: attachment.response_id, question_id: attachment.question_id })
    .first();
  expect(answer.value).toEqual([attachment.id]);

  const page = await provider.get(sectionPath);
  expect(page.text).toContain('Case study &lt;1&gt;.pdf');
  const download = await provider.get(`/provider/exercises/${exerciseId}/response/files/${attachment.id}`);
  expect(download.status).toBe(200);
  expect(download.headers['content-type']).toBe('application/pdf');
  expect(download.headers['content-disposition']).toMatch(/^attachment; filename="Case study _1_.pdf"$/);

  const staff = await signIn(context.app, 'viewer@demo.test');
  const staffDownload = await staff.get(
    `/exercises/${exerciseId}/invitations/${invitationId}/response/files/${attachment.id}`,
  );
  expect(staffDownload.status).toBe(200);
  expect((await staff.get(`/exercises/${exerciseId}/invitations/${invitationId}/response`)).text).toMatch(
    /<dd class="govuk-summary-list__value">\s*Case study &lt;1&gt;.pdf\s*<\/dd>/,
  );

  const others = await context
    .db('invitations')
    .where({ exercise_id: exerciseId })
    .whereNot({ id: invitationId })
    .whereNot('status', 'declined');
  const otherContact = await context
    .db('invitation_contacts as ic')
    .join('contacts as c', 'c.id', 'ic.contact_id')
    .where('ic.invitation_id', others[0].id)
    .whereNotNull('c.user_id')
    .first('c.email');
  const other = await signIn(context.app, otherContact.email);
  expect((await other.get(`/provider/exercises/${exerciseId}/response/files/${attachment.id}`)).status).toBe(
    404,
  );
  expect(
    (await request(context.app).get(`/provider/exercises/${exerciseId}/response/files/${attachment.id}`))
      .status,
  ).toBe(303);
});

test('a multipart post without the CSRF token is refused before anything is stored', async () => {
  const before = (await context.db('attachments')).length;
  const response = await provider
    .post(sectionPath)
    .field('sectionVersion', '1')
    .field('action', 'later')
    .attach(field, PDF, 'x.pdf');
  expect(response.status).toBe(403);
  expect(await context.db('attachments')).toHaveLength(before);
  // The temporary upload is removed when the response closes, just after the client has it.
  const tmp = path.join(context.dataDir, 'tmp');
  for (let attempt = 0; attempt < 50 && fs.readdirSync(tmp).length > 0; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  expect(fs.readdirSync(tmp)).toHaveLength(0);
});

test('several files per question, path tricks in names neutralised, empty files ignored, and a file can be removed', async () => {
  const many = await provider.get(sectionPath);
  const version = /name="sectionVersion" value="(\d+)"/.exec(many.text)![1];
  const response = await provider
    .post(sectionPath)
    .field('_csrf', await tokenFor(provider, sectionPath))
    .field('sectionVersion', version)
    .field('action', 'later')
    .attach(field, PDF, '../../etc/passwd.pdf')
    .attach(field, Buffer.alloc(0), 'empty.pdf');
  expect(response.status).toBe(303);
  const attachments = await context.db('attachments').orderBy('uploaded_at');
  expect(attachments).toHaveLength(2);
  const tricky = attachments[1];
  expect(fs.existsSync(path.join(context.dataDir, 'uploads', tricky.stored_name))).toBe(true);
  const download = await provider.get(`/provider/exercises/${exerciseId}/response/files/${tricky.id}`);
  // Only the base name of what the browser sent is kept; directories never reach the disk or headers.
  expect(tricky.original_name).toBe('passwd.pdf');
  expect(download.headers['content-disposition']).toBe('attachment; filename="passwd.pdf"');

  const tooMany = await provider
    .post(sectionPath)
    .field('_csrf', await tokenFor(provider, sectionPath))
    .field(
      'sectionVersion',
      /name="sectionVersion" value="(\d+)"/.exec((await provider.get(sectionPath)).text)![1],
    )
    .field('action', 'later')
    .attach(field, PDF, 'a.pdf')
    .attach(field, PDF, 'b.pdf')
    .attach(field, PDF, 'c.pdf')
    .attach(field, PDF, 'd.pdf');
  expect(tooMany.status).toBe(400);
  expect(tooMany.text).toContain('You can attach up to 5 files');

  const removePath = `${sectionPath}/files/${attachments[0].id}/remove`;
  const removed = await provider
    .post(removePath)
    .type('form')
    .send({ _csrf: await tokenFor(provider, sectionPath) });
  expect(removed.status).toBe(303);
  const answer = await context.db('answers').where({ question_id: tricky.question_id }).first();
  expect(answer.value).toEqual([tricky.id]);
  const other = `${sectionPath}/files/00000000-0000-4000-8000-000000000000/remove`;
  expect(
    (
      await provider
        .post(other)
        .type('form')
        .send({ _csrf: await tokenFor(provider, sectionPath) })
    ).status,
  ).toBe(404);
});
