import type { Page } from 'playwright-core';
import { answerKey } from '../../server/modules/responses/answer-items';
import { activeAreas, publishedSnapshot, validAnswers } from '../helpers/responses';
import { AxeReport } from './helpers/axe';
import { submit } from './helpers/forms';
import { signIn, startHarness, type Harness } from './helpers/harness';

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const NEW_PASSWORD = 'copper kettle meadow 19';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

async function linkFromEmail(page: Page, to: string, subject: RegExp): Promise<string> {
  const { db } = harness!.context;
  const email = await db('email_outbox')
    .where({ to_address: to })
    .orderBy('id', 'desc')
    .select('subject', 'text_body');
  const match = email.find((row) => subject.test(row.subject as string));
  const url = /http:\/\/portal\.test(\/[^\s]+)/.exec(String(match?.text_body))![1];
  expect(page).toBeDefined();
  return url;
}

async function fillSection(page: Page, fields: Record<string, string | string[]>) {
  for (const [name, value] of Object.entries(fields)) {
    for (const one of Array.isArray(value) ? value : [value]) {
      const control = page.locator(`[name="${name}"][value="${one}"]`);
      if ((await control.count()) > 0) await control.check();
      else await page.locator(`[name="${name}"]`).fill(one);
    }
  }
}

test('staff invite a new contact, who sets a password from the email and answers over two sessions with an upload', async () => {
  const axe = new AxeReport();
  const { db } = harness!.context;
  const exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
  const staffContext = await harness!.newContext();
  const providerContext = await harness!.newContext();
  try {
    const staff = await staffContext.newPage();
    await signIn(staff, 'staff@demo.test', '/staff');
    await staff.goto(`/exercises/${exercise.id}/invitations`);
    await axe.check(staff);
    await staff.getByRole('button', { name: 'Invite providers' }).click();
    await staff.getByLabel('Name contains').fill('Meridian');
    await staff.getByRole('button', { name: 'Filter providers' }).click();
    await axe.check(staff);
    await staff.getByLabel(/Meridian Business Services plc/).check();
    await staff.getByRole('button', { name: 'Continue' }).click();
    await axe.check(staff);
    await staff.getByLabel(/Helen Marsh/).uncheck();
    expect(await submit(staff, 'Send invitations')).toBe(303);
    await axe.check(staff);

    const page = await providerContext.newPage();
    page.setDefaultTimeout(15000);
    await page.goto(
      await linkFromEmail(
        page,
        'gareth.lewis@meridian-business.test',
        /invited to the market testing portal/,
      ),
    );
    await axe.check(page);
    await page.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await page.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    expect(await submit(page, 'Save password')).toBe(303);
    await page.goto(
      await linkFromEmail(page, 'gareth.lewis@meridian-business.test', /^Invitation to take part/),
    );
    await page.getByRole('link', { name: /Answer the questionnaire|See or change your response/ }).click();

    const snapshot = await publishedSnapshot(db, exercise.id);
    const areas = await activeAreas(db, exercise.id);
    const invitation = await db('invitations')
      .where({
        exercise_id: exercise.id,
        organisation_id: (await db('organisations').where({ name: 'Meridian Business Services plc' }).first())
          .id,
      })
      .first();
    const saved = async () => {
      const rows = await db('answers as a')
        .join('responses as r', 'r.id', 'a.response_id')
        .where('r.invitation_id', invitation.id)
        .select('a.question_id', 'a.area_id', 'a.value');
      return new Map(rows.map((row) => [answerKey(row.question_id, row.area_id), row.value]));
    };
    const answer = async (index: number) => {
      const section = snapshot.sections[index];
      await page.goto(`/provider/exercises/${exercise.id}/response/sections/${section.id}`);
      await fillSection(
        page,
        validAnswers(section, snapshot, areas, await saved(), (area) =>
          area.id === areas[0].id ? '3' : '0',
        ),
      );
      if (section.questions.some((q) => q.type === 'file_upload')) {
        await page
          .locator('input[type=file]')
          .setInputFiles({ name: 'case-study.pdf', mimeType: 'application/pdf', buffer: PDF });
      }
      await axe.check(page);
      expect(await submit(page, 'Save and continue')).toBe(303);
    };

    // First session: two sections, then sign out.
    await answer(0);
    await answer(1);
    await page.getByRole('button', { name: 'Sign out' }).click();

    // Second session, another day: the rest, then check and submit.
    await signIn(page, 'gareth.lewis@meridian-business.test', '/provider', NEW_PASSWORD);
    await page.goto(`/provider/exercises/${exercise.id}/response`);
    expect(await page.locator('.govuk-task-list').textContent()).toContain('Completed');
    for (let index = 2; index < snapshot.sections.length; index += 1) await answer(index);
    await page.getByRole('button', { name: 'Check your answers and submit' }).click();
    expect(await page.locator('main').textContent()).toContain('case-study.pdf');
    await page.getByLabel(/I confirm that these answers are correct/).check();
    expect(await submit(page, 'Submit response')).toBe(303);
    await axe.check(page);
    expect((await db('invitations').where({ id: invitation.id }).first()).status).toBe('submitted');
  } finally {
    await staffContext.close();
    await providerContext.close();
  }
  expect(axe.violations).toEqual([]);
});

test('a provider asks a clarification question and staff publish the answer to everyone', async () => {
  const axe = new AxeReport();
  const { db } = harness!.context;
  const exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
  const askerContext = await harness!.newContext();
  const staffContext = await harness!.newContext();
  try {
    const asker = await askerContext.newPage();
    await signIn(asker, 'helen.marsh@meridian-business.test', '/provider');
    await asker.goto(`/provider/exercises/${exercise.id}/clarifications`);
    await asker
      .getByLabel('Your question')
      .fill('Could the ICT service be let separately from HR and finance?');
    expect(await submit(asker, 'Send question')).toBe(303);
    await axe.check(asker);

    const staff = await staffContext.newPage();
    await signIn(staff, 'staff@demo.test', '/staff');
    await staff.goto(`/exercises/${exercise.id}/clarifications`);
    await axe.check(staff);
    await staff
      .getByRole('link', { name: /^Answer/ })
      .first()
      .click();
    await axe.check(staff);
    await staff.getByLabel('Answer', { exact: true }).fill('Yes: we will consider separate lots for ICT.');
    await staff.getByLabel('Every invited provider, without saying who asked').check();
    expect(await submit(staff, 'Send answer')).toBe(303);

    await asker.reload();
    expect(await asker.locator('main').textContent()).toContain('we will consider separate lots for ICT');
  } finally {
    await askerContext.close();
    await staffContext.close();
  }
  expect(axe.violations).toEqual([]);
});
