import type { Page } from 'playwright-core';
import { axeViolations } from './helpers/axe';
import { crawl } from './helpers/crawl';
import { formErrorProblems, type FormErrorCheck } from './helpers/form-errors';
import { signIn, startHarness, type Harness } from './helpers/harness';
import { reflowProblems } from './helpers/reflow';

/**
 * The crawl in crawl.test.ts sees the demo data, where every list has something in it and
 * samples two records of each kind. These pages show the rest: lists with nothing in them,
 * provider pages in each state an invitation can be in, and the forms of records the samples
 * miss. Each must pass axe and reflow at 320px like every other page.
 */
let harness: Harness | undefined;
let freshExerciseId: string;
let demo: { exerciseId: string; clarificationId: string; meetingId: string; viewerId: string };

beforeAll(async () => {
  harness = await startHarness();
  const { services, db } = harness.context;
  const staff = await db('users').where({ email: 'staff@demo.test' }).first('id');
  // A new exercise: no service areas, questionnaire, invitations, meetings or clarifications.
  freshExerciseId = await services.exercises.create(
    { userId: staff.id, label: 'staff@demo.test', ip: null },
    {
      title: 'Highways maintenance soft market test',
      reference: 'E2E-EMPTY-01',
      purpose: 'Find out who could maintain the county’s roads.',
      contactName: 'Sam Patel',
      contactEmail: 'staff@demo.test',
    },
  );
  // The demo clarifications are all answered: a new question has an answer form.
  const exercise = await db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first('id');
  const asker = await db('invitations as i')
    .join('contacts as c', 'c.organisation_id', 'i.organisation_id')
    .where('i.exercise_id', exercise.id)
    .whereNotNull('c.user_id')
    .first('c.organisation_id', 'c.user_id');
  const [clarification] = await db('clarifications')
    .insert({
      exercise_id: exercise.id,
      organisation_id: asker.organisation_id,
      asked_by: asker.user_id,
      question: 'Could the payroll service start later than the others?',
    })
    .returning('id');
  const meeting = await db('meetings').where({ exercise_id: exercise.id, status: 'proposed' }).first('id');
  const viewer = await db('users').where({ email: 'viewer@demo.test' }).first('id');
  demo = {
    exerciseId: exercise.id,
    clarificationId: clarification.id,
    meetingId: meeting.id,
    viewerId: viewer.id,
  };
});

afterAll(async () => {
  await harness?.close();
});

/** Checks a page as the crawl does: no axe violations, no sideways scrolling at 320px. */
async function pageProblems(page: Page, path: string, expectedText: string) {
  const response = await page.goto(path);
  const problems = [...(await axeViolations(page)), ...(await reflowProblems(page))];
  if (response?.status() !== 200) problems.push(`${path}: HTTP status ${response?.status()}`);
  if (!(await page.locator('main').textContent())?.includes(expectedText)) {
    problems.push(`${path}: does not say "${expectedText}"`);
  }
  return problems;
}

/** A page and the error page of each of its forms, as the crawl checks them. */
async function pageAndFormProblems(page: Page, path: string, expectedText: string) {
  const forms: FormErrorCheck = { tried: new Set(), submitted: [] };
  const problems = await pageProblems(page, path, expectedText);
  problems.push(...(await formErrorProblems(page, forms)));
  if (forms.submitted.length === 0) problems.push(`${path}: no form with fields to submit`);
  return problems;
}

async function signedIn(email: string, home: string) {
  const browserContext = await harness!.newContext();
  const page = await browserContext.newPage();
  await signIn(page, email, home);
  return { page, close: () => browserContext.close() };
}

/** Provider accounts by the state of their organisation's invitation to any exercise. */
async function providerEmail(state: 'uninvited' | 'in_progress' | 'declined' | 'submitted') {
  const { db } = harness!.context;
  const invited = db('invitations').select('organisation_id');
  const query = db('users as u')
    .join('contacts as c', 'c.user_id', 'u.id')
    .where('u.role', 'provider')
    .orderBy('u.email')
    .first<{ email: string }>('u.email');
  if (state === 'uninvited') query.whereNotIn('c.organisation_id', invited);
  else query.whereIn('c.organisation_id', invited.clone().where('status', state));
  return (await query).email;
}

test('a staff member sees a new exercise with nothing in it yet, and empty search results', async () => {
  const { page, close } = await signedIn('staff@demo.test', '/staff');
  try {
    const base = `/exercises/${freshExerciseId}`;
    const forms: FormErrorCheck = { tried: new Set(), submitted: [] };
    const { visited, problems } = await crawl(page, base, {
      within: base,
      checkPage: async (current) => [
        ...(await reflowProblems(current)),
        ...(await formErrorProblems(current, forms)),
      ],
    });
    console.info(`fresh exercise: ${visited.length} pages, ${forms.submitted.length} form error pages`);
    expect(problems).toEqual([]);
    expect(visited).toEqual(
      expect.arrayContaining([
        base,
        `${base}/areas`,
        `${base}/questionnaire`,
        `${base}/invitations`,
        `${base}/meetings`,
        `${base}/clarifications`,
        `${base}/information-log`,
      ]),
    );
    expect([
      ...(await pageProblems(page, `${base}/areas`, 'No service areas yet.')),
      ...(await pageProblems(page, `${base}/invitations`, 'No providers have been invited yet.')),
      ...(await pageProblems(page, `${base}/meetings`, 'No meetings yet.')),
      ...(await pageProblems(page, `${base}/clarifications`, 'No clarification questions yet.')),
      ...(await pageProblems(
        page,
        '/providers?q=no-such-organisation',
        'No organisations match your search',
      )),
      ...(await pageProblems(page, '/exercises?status=archived', 'No exercises match these filters.')),
    ]).toEqual([]);
  } finally {
    await close();
  }
});

test('a staff member answers a new clarification question and changes a proposed meeting', async () => {
  const { page, close } = await signedIn('staff@demo.test', '/staff');
  try {
    const base = `/exercises/${demo.exerciseId}`;
    expect([
      ...(await pageAndFormProblems(
        page,
        `${base}/clarifications/${demo.clarificationId}/answer`,
        'Could the payroll service start later than the others?',
      )),
      ...(await pageAndFormProblems(page, `${base}/meetings/${demo.meetingId}/edit`, 'Change')),
    ]).toEqual([]);
  } finally {
    await close();
  }
});

test(`an admin sees an audit log search that finds nothing, and a staff user's role form`, async () => {
  const { page, close } = await signedIn('admin@demo.test', '/admin');
  try {
    expect([
      ...(await pageProblems(
        page,
        '/admin/audit?actor=nobody-at-all',
        'No audit events match these filters.',
      )),
      ...(await pageAndFormProblems(page, `/admin/users/${demo.viewerId}`, 'Change role')),
    ]).toEqual([]);
  } finally {
    await close();
  }
});

test.each(['uninvited', 'in_progress', 'declined', 'submitted'] as const)(
  'a provider whose organisation is %s sees its own pages without problems',
  async (state) => {
    const { page, close } = await signedIn(await providerEmail(state), '/provider');
    try {
      const forms: FormErrorCheck = { tried: new Set(), submitted: [] };
      const { visited, problems } = await crawl(page, '/provider', {
        within: '/provider',
        checkPage: async (current) => [
          ...(await reflowProblems(current)),
          ...(await formErrorProblems(current, forms)),
        ],
      });
      console.info(`${state} provider: ${visited.length} pages, ${forms.submitted.length} form error pages`);
      expect(problems).toEqual([]);
      expect(visited).toEqual(
        expect.arrayContaining(['/provider', '/provider/exercises', '/provider/meetings']),
      );
      if (state === 'uninvited') {
        expect(
          await pageProblems(
            page,
            '/provider/exercises',
            'has not been invited to any market testing exercises',
          ),
        ).toEqual([]);
        expect(await pageProblems(page, '/provider/meetings', 'You have no meetings.')).toEqual([]);
      }
    } finally {
      await close();
    }
  },
);
