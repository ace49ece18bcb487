import fs from 'node:fs';
import path from 'node:path';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor } from '../helpers/http';

let context: TestContext;
let base: string;

const PPTX = Buffer.concat([
  Buffer.from([0x50, 0x4b, 0x03, 0x04]),
  Buffer.alloc(26),
  Buffer.from('[Content_Types].xml ppt/presentation.xml'),
]);

beforeAll(async () => {
  context = await createTestContext();
  const meeting = await context.db('meetings').where({ status: 'held' }).first();
  base = `/exercises/${meeting.exercise_id}/meetings/${meeting.id}/files`;
});
afterAll(() => context.close());

test('staff attach slides to a meeting; the content decides the type; only staff and viewers can download', async () => {
  const staff = await signIn(context.app, 'staff@demo.test');
  const empty = await staff.post(base).field('_csrf', await tokenFor(staff, base));
  expect(empty.status).toBe(400);
  expect(empty.text).toContain('Choose a file to upload');
  const fake = await staff
    .post(base)
    .field('_csrf', await tokenFor(staff, base))
    .attach('files', Buffer.from([0x4d, 0x5a, 0x90, 0x00, 0x03]), 'slides.pptx');
  expect(fake.status).toBe(400);
  expect(fake.text).toContain('must be a PDF, Word, Excel, PowerPoint');
  expect(await context.db('meeting_files')).toHaveLength(0);

  const uploaded = await staff
    .post(base)
    .field('_csrf', await tokenFor(staff, base))
    .attach('files', PPTX, 'Briefing slides.pptx');
  expect(uploaded.status).toBe(303);
  const [file] = await context.db('meeting_files');
  expect(file).toMatchObject({ original_name: 'Briefing slides.pptx', file_type: 'pptx' });
  expect(fs.existsSync(path.join(context.dataDir, 'uploads', file.stored_name))).toBe(true);
  expect(await context.db('audit_events').where({ action: 'meeting.file_added' })).toHaveLength(1);

  const viewer = await signIn(context.app, 'viewer@demo.test');
  const download = await viewer.get(`${base}/${file.id}`);
  expect(download.status).toBe(200);
  expect(download.headers['content-disposition']).toBe('attachment; filename="Briefing slides.pptx"');
  expect(
    (
      await viewer
        .post(base)
        .field('_csrf', await tokenFor(viewer, base))
        .attach('files', PPTX, 'x.pptx')
    ).status,
  ).toBe(403);
  const provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
  expect((await provider.get(`${base}/${file.id}`)).status).toBe(403);
  expect((await staff.get(`${base}/00000000-0000-4000-8000-000000000000`)).status).toBe(404);
});
