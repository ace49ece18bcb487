import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fieldName } from '../../../server/modules/responses/answer-items';
import { eventually } from '../../helpers/app-process';
import { createTestContext, type TestContext } from '../../helpers/context';
import { csrfFrom, signIn, type Agent } from '../../helpers/http';
import { openedInvitation, publishedSnapshot } from '../../helpers/responses';

/**
 * A full disk, made real: the upload folders are tiny tmpfs mounts (this needs root, as the test
 * machine and CI run). An upload that does not fit gets a clear error, keeps the answer as it
 * was and leaves no partial file behind.
 */
let context: TestContext;
let provider: Agent;
let sectionPath: string;
let field: string;
let questionId: string;
const mounts: string[] = [];

const pdf = (bytes: number) =>
  Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(bytes, 0x20), Buffer.from('\n%%EOF\n')]);

function mountTinyDisk(directory: string) {
  fs.mkdirSync(directory, { recursive: true });
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', directory]);
  mounts.push(directory);
}

beforeAll(async () => {
  context = await createTestContext();
  const exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  const invitation = await openedInvitation(context.db, exerciseId);
  provider = await signIn(context.app, invitation.email);
  const snapshot = await publishedSnapshot(context.db, exerciseId);
  const section = snapshot.sections.find((s) => s.questions.some((q) => q.type === 'file_upload'))!;
  const question = section.questions.find((q) => q.type === 'file_upload')!;
  questionId = question.id;
  sectionPath = `/provider/exercises/${exerciseId}/response/sections/${section.id}`;
  field = fieldName(question.id);
  mountTinyDisk(path.join(context.dataDir, 'uploads'));
});

afterAll(async () => {
  for (const directory of mounts) execFileSync('umount', [directory]);
  await context?.close();
});

async function upload(...files: [Buffer, string][]) {
  const page = await provider.get(sectionPath);
  const version = /name="sectionVersion" value="(\d+)"/.exec(page.text)![1];
  const post = provider
    .post(sectionPath)
    .field('_csrf', csrfFrom(page.text))
    .field('sectionVersion', version)
    .field('action', 'later');
  for (const [content, filename] of files) post.attach(field, content, filename);
  return post;
}

const storedFiles = () => fs.readdirSync(path.join(context.dataDir, 'uploads'));
const temporaryFiles = () => fs.readdirSync(path.join(context.dataDir, 'tmp'));
const answer = async () =>
  (await context.db('answers').where({ question_id: questionId }).first())?.value as string[] | undefined;

test('a file that fits is kept; one that does not gets a clear error on the same page and nothing changes', async () => {
  expect((await upload([pdf(2_000), 'small.pdf'])).status).toBe(303);
  const [kept] = await context.db('attachments');
  expect(storedFiles()).toEqual([kept.stored_name]);
  expect(await answer()).toEqual([kept.id]);

  const response = await upload([pdf(200_000), 'large.pdf']);
  expect(response.status).toBe(503);
  expect(response.text).toContain('There is a problem');
  expect(response.text).toContain('the portal’s file storage is full. Nothing was saved.');
  expect(response.text).toContain(`name="${field}"`);
  expect(response.text).toContain('small.pdf');
  expect(await answer()).toEqual([kept.id]);
  expect(await context.db('attachments')).toHaveLength(1);
  expect(storedFiles()).toEqual([kept.stored_name]);
  await eventually('the temporary upload is removed', () => temporaryFiles().length === 0);
});

test('two files where only the first fits: neither is kept', async () => {
  const before = storedFiles();
  const response = await upload([pdf(20_000), 'first.pdf'], [pdf(45_000), 'second.pdf']);
  expect(response.status).toBe(503);
  expect(response.text).toContain('file storage is full');
  expect(storedFiles()).toEqual(before);
  expect(await context.db('attachments')).toHaveLength(1);
});

test('when the temporary folder is full too, the upload is refused with a clear page and no partial file', async () => {
  mountTinyDisk(path.join(context.dataDir, 'tmp'));
  const before = storedFiles();
  const response = await upload([pdf(200_000), 'large.pdf']);
  expect(response.status).toBe(503);
  expect(response.text).toContain('file storage is full');
  expect(response.text).not.toMatch(/ENOSPC|at .*\.[jt]s:\d+/);
  expect(storedFiles()).toEqual(before);
  expect(await context.db('attachments')).toHaveLength(1);
  await eventually('the partial temporary file is removed', () => temporaryFiles().length === 0);
});
