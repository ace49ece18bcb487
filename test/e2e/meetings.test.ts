import { londonDateAndTime } from '../../server/lib/dates';
import { AxeReport } from './helpers/axe';
import { expectErrorSummary, submit } from './helpers/forms';
import { currentPath, signIn, startHarness, type Harness } from './helpers/harness';

let harness: Harness | undefined;

beforeAll(async () => {
  harness = await startHarness();
});

afterAll(async () => {
  await harness?.close();
});

const DAY = 24 * 60 * 60 * 1000;

test('staff schedule a meeting, the provider confirms, staff log it with ratings for two areas and an action', async () => {
  const axe = new AxeReport();
  const staffContext = await harness!.newContext();
  const providerContext = await harness!.newContext();
  const { db } = harness!.context;
  try {
    const staff = await staffContext.newPage();
    await signIn(staff, 'staff@demo.test', '/staff');
    const exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
    await staff.goto(`/exercises/${exercise.id}`);
    await staff.getByRole('link', { name: 'Supplier meetings' }).click();
    await staff.waitForURL(`**/exercises/${exercise.id}/meetings`);
    await axe.check(staff);

    await staff.getByRole('button', { name: 'Schedule a meeting' }).click();
    await axe.check(staff);
    const firstProvider = staff.locator('main .govuk-list a').first();
    const providerName = ((await firstProvider.textContent()) ?? '').replace(/^Meet /, '').trim();
    await firstProvider.click();
    await staff.waitForURL(/meetings\/new\?invitation=/);
    await axe.check(staff);

    expect(await submit(staff, 'Schedule and send invitations')).toBe(400);
    await expectErrorSummary(staff, [
      'Enter the date',
      'Enter the start time',
      'Enter the end time',
      'Enter the place: an address or an online meeting link',
      'Enter the agenda',
      'Choose at least one of the provider’s contacts',
    ]);
    await axe.check(staff);

    const [year, month, day] = londonDateAndTime(new Date(Date.now() + 30 * DAY)).isoDate.split('-');
    const date = staff.getByRole('group', { name: 'Date' });
    await date.getByLabel('Day').fill(day);
    await date.getByLabel('Month').fill(month);
    await date.getByLabel('Year').fill(year);
    await staff.getByLabel('Start time (UK time)').fill('10:00');
    await staff.getByLabel('End time (UK time)').fill('11:00');
    await staff.getByLabel('Place').fill('County Hall, New Road, Oxford');
    await staff.getByLabel('Agenda').fill('Introductions\nDelivery models');
    await staff
      .getByRole('group', { name: `${providerName} attendees` })
      .getByRole('checkbox')
      .first()
      .check();
    expect(await submit(staff, 'Schedule and send invitations')).toBe(303);
    expect(currentPath(staff)).toMatch(/\/meetings\/[0-9a-f-]{36}\?scheduled=1$/);
    expect(await staff.locator('.govuk-summary-list').first().textContent()).toMatch(/10am (GMT|BST)/);
    await axe.check(staff);
    const meetingId = /meetings\/([0-9a-f-]{36})/.exec(staff.url())![1];
    for (const page of ['edit', 'cancel']) {
      await staff.goto(`/exercises/${exercise.id}/meetings/${meetingId}/${page}`);
      await axe.check(staff);
    }
    await staff.goto(`/exercises/${exercise.id}/meetings/${meetingId}`);

    // The provider confirms from its own meetings page.
    const contact = await db('meeting_contacts as mc')
      .join('contacts as c', 'c.id', 'mc.contact_id')
      .where('mc.meeting_id', meetingId)
      .first('c.email');
    const provider = await providerContext.newPage();
    await signIn(provider, contact.email, '/provider');
    await provider.getByRole('link', { name: 'Meetings' }).click();
    await provider.waitForURL('**/provider/meetings');
    await axe.check(provider);
    await provider.goto(`/provider/meetings/${meetingId}`);
    await axe.check(provider);
    expect(await submit(provider, 'Confirm attendance')).toBe(303);
    expect(await provider.locator('.govuk-notification-banner').textContent()).toContain('confirmed');
    await axe.check(provider);

    // Time passes: the meeting has happened.
    await db('meetings')
      .where({ id: meetingId })
      .update({ starts_at: new Date(Date.now() - DAY), ends_at: new Date(Date.now() - DAY + 3600000) });
    await staff.reload();
    await staff.getByRole('link', { name: 'Record notes of the meeting' }).click();
    await axe.check(staff);
    await staff.getByLabel('Yes, it was held').check();
    await staff.getByLabel('Summary').fill('Strong interest in the corporate back office.');
    await staff
      .getByRole('group', { name: 'Interest rating for Corporate Back Office', exact: true })
      .getByLabel('4 Very high')
      .check();
    await staff
      .getByRole('group', { name: 'Interest rating for Schools Back Office', exact: true })
      .getByLabel('1 Low')
      .check();
    await staff.getByLabel('Concerns and risks (Schools Back Office)').fill('Schools buy individually');
    expect(await submit(staff, 'Save notes')).toBe(303);
    const notes = await staff.locator('main').textContent();
    expect(notes).toContain('4 out of 4');
    expect(notes).toContain('1 out of 4');
    await axe.check(staff);

    await staff.getByLabel('Action').fill('Send the TUPE staff list');
    await staff.getByLabel('Owner').fill('Sam Patel');
    expect(await submit(staff, 'Add action')).toBe(303);
    expect(await staff.getByRole('region', { name: 'Actions' }).textContent()).toContain(
      'Send the TUPE staff list',
    );
    await axe.check(staff);

    await staff.getByRole('link', { name: /Send a question and answer/ }).click();
    await axe.check(staff);
    expect(axe.violations).toEqual([]);
  } finally {
    await staffContext.close();
    await providerContext.close();
  }
});

test('staff offer a slot and a provider picks it from the menu', async () => {
  const axe = new AxeReport();
  const staffContext = await harness!.newContext();
  const providerContext = await harness!.newContext();
  const { db } = harness!.context;
  try {
    const exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first();
    const staff = await staffContext.newPage();
    await signIn(staff, 'staff@demo.test', '/staff');
    await staff.goto(`/exercises/${exercise.id}/meetings`);
    await staff.getByRole('link', { name: 'Meeting slots offered to every provider' }).click();
    await axe.check(staff);
    expect(await submit(staff, 'Offer this slot')).toBe(400);
    await expectErrorSummary(staff, [
      'Enter the date',
      'Enter the start time',
      'Enter the end time',
      'Enter the place: an address or an online meeting link',
    ]);
    await axe.check(staff);
    const [year, month, day] = londonDateAndTime(new Date(Date.now() + 32 * DAY)).isoDate.split('-');
    const date = staff.getByRole('group', { name: 'Date' });
    await date.getByLabel('Day').fill(day);
    await date.getByLabel('Month').fill(month);
    await date.getByLabel('Year').fill(year);
    await staff.getByLabel('Start time (UK time)').fill('15:00');
    await staff.getByLabel('End time (UK time)').fill('16:00');
    await staff.getByLabel('Place').fill('Room 2, County Hall');
    expect(await submit(staff, 'Offer this slot')).toBe(303);
    expect(await staff.locator('main table').textContent()).toContain('Room 2, County Hall');
    await axe.check(staff);

    const contact = await db('invitations as i')
      .join('invitation_contacts as ic', 'ic.invitation_id', 'i.id')
      .join('contacts as c', 'c.id', 'ic.contact_id')
      .where('i.exercise_id', exercise.id)
      .whereNot('i.status', 'declined')
      .whereNotExists(db('meetings as m').whereRaw('m.invitation_id = i.id').select(db.raw('1')))
      .first('c.email');
    const provider = await providerContext.newPage();
    await signIn(provider, contact.email, '/provider');
    await provider.goto(`/provider/exercises/${exercise.id}`);
    await provider.getByRole('link', { name: 'Choose a meeting time from those offered' }).click();
    await axe.check(provider);
    expect(await submit(provider, 'Book this time')).toBe(400);
    await expectErrorSummary(provider, ['Choose a time']);
    await axe.check(provider);
    await provider.getByLabel(/Room 2, County Hall/).check();
    expect(await submit(provider, 'Book this time')).toBe(303);
    expect(await provider.locator('.govuk-notification-banner').textContent()).toContain('Meeting booked');
    expect(await provider.locator('.govuk-summary-list').textContent()).toContain('Room 2, County Hall');
    await axe.check(provider);

    await staff.goto(`/meetings/calendar?exercise=${exercise.id}`);
    expect(await staff.locator('h1').textContent()).toBe('Meetings calendar');
    await axe.check(staff);
    await staff.goto(`/exercises/${exercise.id}/meetings/slots`);
    expect(await staff.locator('main table').textContent()).not.toMatch(/Room 2, County Hall\s*Free/);
    expect(axe.violations).toEqual([]);
  } finally {
    await staffContext.close();
    await providerContext.close();
  }
});
