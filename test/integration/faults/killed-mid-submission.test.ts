import http from 'node:http';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import request from 'supertest';
import { answerKey, type SavedAnswers } from '../../../server/modules/responses/answer-items';
import type { Snapshot } from '../../../server/modules/questionnaires/questionnaire-structure';
import {
  eventually,
  SHARED_SESSION_SECRET,
  startAppProcess,
  type AppProcess,
} from '../../helpers/app-process';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../../helpers/context';
import { csrfFrom, sessionCookie, tokenFor, type Agent } from '../../helpers/http';
import { activeAreas, openedInvitation, publishedSnapshot, validAnswers } from '../../helpers/responses';
import { unusedPort } from '../../helpers/smtp';

/**
 * The app as a real process, killed with SIGKILL while a provider submits: afterwards the
 * response is either fully submitted (submission kept, status, audit, receipts queued) or still
 * the draft it was, with nothing half-written.
 */
jest.setTimeout(120_000);

let context: TestContext;
let provider: Agent;
let cookie: string;
let exerciseId: string;
let invitationId: string;
let snapshot: Snapshot;
let areas: { id: string; name: string }[];
let contactCount: number;
let port: number;
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mtp-killed-'));
let app: AppProcess | undefined;
let locker: pg.Client | undefined;

const base = () => `/provider/exercises/${exerciseId}/response`;

beforeAll(async () => {
  context = await createTestContext({ env: { SESSION_SECRET: SHARED_SESSION_SECRET } });
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  const invitation = await openedInvitation(context.db, exerciseId);
  invitationId = invitation.id;
  provider = request.agent(context.app);
  const token = csrfFrom((await provider.get('/sign-in')).text);
  const signedIn = await provider
    .post('/sign-in')
    .type('form')
    .send({ _csrf: token, email: invitation.email, password: DEMO_PASSWORD });
  cookie = sessionCookie(signedIn)!;
  snapshot = await publishedSnapshot(context.db, exerciseId);
  areas = await activeAreas(context.db, exerciseId);
  contactCount = (await context.db('invitation_contacts').where({ invitation_id: invitationId })).length;
  port = await unusedPort();
  for (const section of snapshot.sections) expect((await saveSection(section.id)).status).toBe(303);
});

afterAll(async () => {
  await locker?.end();
  await app?.kill();
  fs.rmSync(dataDir, { recursive: true, force: true });
  await context.close();
});

async function savedAnswers(): Promise<SavedAnswers> {
  const rows = await context
    .db('answers as a')
    .join('responses as r', 'r.id', 'a.response_id')
    .where('r.invitation_id', invitationId)
    .select('a.question_id', 'a.area_id', 'a.value');
  return new Map(rows.map((row) => [answerKey(row.question_id, row.area_id), row.value]));
}

let interestInFirstArea = '3';

/** Saves a section complete through the in-process app (same database, same session). */
async function saveSection(sectionId: string) {
  const path = `${base()}/sections/${sectionId}`;
  const page = await provider.get(path);
  const section = snapshot.sections.find((s) => s.id === sectionId)!;
  const fields = validAnswers(section, snapshot, areas, await savedAnswers(), (area) =>
    area.id === areas[0].id ? interestInFirstArea : '0',
  );
  return provider
    .post(path)
    .type('form')
    .send({
      _csrf: csrfFrom(page.text),
      sectionVersion: /name="sectionVersion" value="(\d+)"/.exec(page.text)![1],
      action: 'continue',
      ...fields,
    });
}

/** Everything a submission writes, counted. */
async function state() {
  const response = await context.db('responses').where({ invitation_id: invitationId }).first();
  const count = async (query: Promise<{ count: number }[]>) => (await query)[0].count;
  return {
    status: response.status as string,
    submissionCount: response.submission_count as number,
    submissions: await count(
      context.db('response_submissions').where({ response_id: response.id }).count({ count: '*' }),
    ),
    audits: await count(
      context
        .db('audit_events')
        .where({ action: 'response.submitted', record_id: response.id })
        .count({ count: '*' }),
    ),
    receipts: await count(
      context.db('email_outbox').where('subject', 'like', 'Response received:%').count({ count: '*' }),
    ),
    invitationStatus: (await context.db('invitations').where({ id: invitationId }).first()).status as string,
  };
}

/** Back to a complete draft: a changed answer after submitting needs submitting again. */
async function prepareDraft() {
  if ((await state()).status === 'submitted') {
    interestInFirstArea = interestInFirstArea === '3' ? '4' : '3';
    const matrix = snapshot.sections.find((s) => s.questions.some((q) => q.type === 'interest_matrix'))!;
    expect((await saveSection(matrix.id)).status).toBe(303);
  }
  expect((await state()).status).toBe('draft');
  const check = await provider.get(`${base()}/check`);
  return {
    _csrf: await tokenFor(provider, `${base()}/check`),
    version: /name="version" value="(\d+)"/.exec(check.text)![1],
    declaration: 'confirmed',
  };
}

/** The submit POST sent to the app process; its result does not matter, the process dies. */
function sendSubmit(url: string, form: Record<string, string>): Promise<void> {
  const body = new URLSearchParams(form).toString();
  return new Promise((resolve) => {
    const call = http.request(`${url}${base()}/submit`, {
      method: 'POST',
      headers: {
        Cookie: cookie,
        'Content-Type': 'application/x-www-form-urlencoded',
        'Content-Length': Buffer.byteLength(body),
      },
    });
    call.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve());
      response.on('error', () => resolve());
    });
    call.on('error', () => resolve());
    call.end(body);
  });
}

/** The app on the test's database; its mail worker idle, so only the submission writes. */
const startApp = () =>
  startAppProcess({
    DATABASE_URL: context.config.databaseUrl!,
    PORT: String(port),
    DATA_DIR: dataDir,
    MAIL_POLL_MS: '600000',
  });

const databaseName = () => new URL(context.config.databaseUrl!).pathname.slice(1);

/** Other connections to the test database that are running or holding a transaction open. */
async function busyConnections() {
  const result = await context.db.raw(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = ? AND pid <> pg_backend_pid()
        AND state IN ('active', 'idle in transaction', 'idle in transaction (aborted)')`,
    [databaseName()],
  );
  return (result.rows[0] as { n: number }).n;
}

/** Connections whose receipt insert is waiting for a lock, i.e. paused inside the submission. */
async function submissionsWaitingToQueueReceipts() {
  const result = await context.db.raw(
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = ? AND wait_event_type = 'Lock' AND query ILIKE 'insert into "email_outbox"%'`,
    [databaseName()],
  );
  return (result.rows[0] as { n: number }).n;
}

/** Once the killed process's connections are gone, PostgreSQL has committed or rolled back. */
const settled = () =>
  eventually('the killed process’s transactions end', async () => (await busyConnections()) === 0);

function expectWholeOrNothing(before: Awaited<ReturnType<typeof state>>, after: typeof before) {
  if (after.status === 'submitted') {
    expect(after).toEqual({
      status: 'submitted',
      submissionCount: before.submissionCount + 1,
      submissions: before.submissions + 1,
      audits: before.audits + 1,
      receipts: before.receipts + contactCount,
      invitationStatus: 'submitted',
    });
  } else {
    expect(after).toEqual(before);
  }
}

test('killed at moments during and around the submit request: whole submission or untouched draft', async () => {
  const delaysMs = [0, 5, 15, 30, 60, 120, 250].map((delay) => delay + Math.floor(Math.random() * 15));
  for (const delay of delaysMs) {
    const form = await prepareDraft();
    const before = await state();
    app = await startApp();
    const sent = sendSubmit(app.url, form);
    await new Promise((resolve) => setTimeout(resolve, delay));
    await app.kill();
    await sent;
    await settled();
    expectWholeOrNothing(before, await state());
  }
});

test('killed inside the transaction, after its first writes: nothing of it is kept', async () => {
  const form = await prepareDraft();
  const before = await state();
  app = await startApp();
  // Queuing the receipts is the transaction's last write: holding it back pauses the submission there.
  locker = new pg.Client({ connectionString: context.config.databaseUrl });
  await locker.connect();
  await locker.query('BEGIN');
  await locker.query('LOCK TABLE email_outbox IN EXCLUSIVE MODE');
  const sent = sendSubmit(app.url, form);
  try {
    await eventually('the submission waits inside its transaction', async () => {
      return (await submissionsWaitingToQueueReceipts()) > 0;
    });
    // By then it has written the submission row (it holds that table's write lock) and more.
    const writes = await context.db.raw(
      `SELECT count(*)::int AS n FROM pg_locks l
         JOIN pg_class c ON c.oid = l.relation
         JOIN pg_stat_activity a ON a.pid = l.pid
        WHERE a.datname = ? AND a.wait_event_type = 'Lock'
          AND c.relname = 'response_submissions' AND l.mode = 'RowExclusiveLock' AND l.granted`,
      [databaseName()],
    );
    expect(writes.rows[0].n).toBe(1);
    await app.kill();
  } finally {
    await locker.query('ROLLBACK');
    await locker.end();
    locker = undefined;
  }
  await sent;
  await settled();
  expect(await state()).toEqual(before);
});

test('killed just after the submission was answered: it is kept whole', async () => {
  const form = await prepareDraft();
  const before = await state();
  app = await startApp();
  await sendSubmit(app.url, form);
  await app.kill();
  await settled();
  const after = await state();
  expect(after.status).toBe('submitted');
  expectWholeOrNothing(before, after);
});
