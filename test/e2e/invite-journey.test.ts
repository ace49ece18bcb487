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

const NEW_STAFF = { name: 'Robin Ellis', email: 'robin.ellis@demo.test' };
const NEW_PASSWORD = 'quiet harbour lantern 42';

test('an administrator invites procurement staff, who sets a password from the email and lands signed in', async () => {
  // Accessibility is collected along the way and asserted at the end, so one failing page does
  // not hide whether the rest of the journey works.
  const axe = new AxeReport();
  const adminContext = await harness!.newContext();
  const inviteeContext = await harness!.newContext();
  try {
    const admin = await adminContext.newPage();
    await signIn(admin, 'admin@demo.test', '/admin');

    // Users > Invite a user, through the links an administrator would follow.
    await admin.getByRole('navigation', { name: 'Menu' }).getByRole('link', { name: 'Users' }).click();
    await admin.waitForURL('**/admin/users');
    await admin.getByRole('button', { name: 'Invite a user' }).click();
    await admin.waitForURL('**/admin/users/invite');
    expect(await admin.locator('h1').textContent()).toBe('Invite a user');
    await axe.check(admin);

    // Submitted empty: every field is reported.
    expect(await submit(admin, 'Send invitation')).toBe(400);
    await expectErrorSummary(admin, [
      'Enter the person’s full name',
      'Enter an email address',
      'Select a role',
    ]);
    await axe.check(admin);

    await admin.getByLabel('Full name').fill(NEW_STAFF.name);
    await admin.getByLabel('Email address').fill(NEW_STAFF.email);
    await admin.getByLabel('Procurement staff').check();
    expect(await submit(admin, 'Send invitation')).toBe(303);
    expect(currentPath(admin)).toMatch(/^\/admin\/users\/[0-9a-f-]{36}\?invited=1$/);
    const userPage = admin.url();
    const banner = admin.locator('.govuk-notification-banner--success');
    expect(await banner.getAttribute('role')).toBe('alert');
    expect(await banner.textContent()).toContain('Invitation sent.');
    expect(await admin.locator('h1').textContent()).toBe(NEW_STAFF.name);
    expect(await admin.locator('.govuk-summary-list').textContent()).toMatch(
      /Procurement staff[\s\S]*Invited/,
    );
    await axe.check(admin);

    // Sent emails: the newest email is the invitation.
    await admin.getByRole('link', { name: 'Sent emails' }).click();
    await admin.waitForURL('**/emails');
    expect(await admin.locator('h1').textContent()).toBe('Sent emails');
    await axe.check(admin);
    const newest = admin.locator('.govuk-table tbody tr').first();
    expect(await newest.textContent()).toContain(NEW_STAFF.email);
    await newest.getByRole('link', { name: 'You have been invited to the market testing portal' }).click();
    await admin.waitForURL(/\/emails\/\d+$/);
    expect(await admin.locator('.govuk-summary-list').textContent()).toContain(NEW_STAFF.email);
    await axe.check(admin);

    // The email links to BASE_URL (http://portal.test in tests): follow its path on this server.
    const emailed = new URL((await admin.locator('.app-email-body a').getAttribute('href')) ?? '');
    expect(emailed.origin).toBe(harness!.context.config.baseUrl);
    expect(emailed.pathname).toMatch(/^\/set-password\/[^/]+$/);
    const link = new URL(emailed.pathname, harness!.baseUrl).toString();

    // The invitee, signed out in a browser of their own.
    const invitee = await inviteeContext.newPage();
    const form = await invitee.goto(link);
    expect(form?.status()).toBe(200);
    expect(await invitee.locator('h1').textContent()).toBe('Create your password');
    expect(await invitee.locator('main').textContent()).toContain(NEW_STAFF.email);
    await axe.check(invitee);

    await invitee.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await invitee.getByLabel('Confirm new password').fill(`${NEW_PASSWORD}!`);
    expect(await submit(invitee, 'Save password')).toBe(400);
    await expectErrorSummary(invitee, ['The passwords do not match']);
    await axe.check(invitee);

    await invitee.getByLabel('New password', { exact: true }).fill(NEW_PASSWORD);
    await invitee.getByLabel('Confirm new password').fill(NEW_PASSWORD);
    expect(await submit(invitee, 'Save password')).toBe(303);
    expect(currentPath(invitee)).toBe('/staff');
    expect(await invitee.locator('.app-account').textContent()).toContain(`Signed in as ${NEW_STAFF.name}`);
    expect(await invitee.locator('h1').textContent()).toBe('Market testing');
    await axe.check(invitee);

    // The link worked once.
    const reused = await inviteeContext.newPage();
    expect((await reused.goto(link))?.status()).toBe(410);
    expect(await reused.locator('h1').textContent()).toBe('This link has expired');
    await axe.check(reused);

    // The administrator now sees an active account.
    await admin.goto(userPage.replace('?invited=1', ''));
    expect(await admin.locator('.govuk-summary-list').textContent()).toMatch(
      /Procurement staff[\s\S]*Active/,
    );

    expect(axe.pages).toHaveLength(9);
    expect(axe.violations).toEqual([]);
  } finally {
    await adminContext.close();
    await inviteeContext.close();
  }
});
