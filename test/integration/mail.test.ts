import fs from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { createMailTransport } from '../../server/lib/mail-transport';
import { createLogger } from '../../server/lib/logger';
import { createMailWorker } from '../../server/modules/mail/mail-worker';
import { createOutboxRepository } from '../../server/modules/mail/outbox-repository';
import { createTestContext, DEMO_PASSWORD, type TestContext } from '../helpers/context';
import { csrfFrom, sessionCookie, signIn, tokenFor } from '../helpers/http';
import { startSmtpServer, unusedPort, type CapturingSmtpServer } from '../helpers/smtp';

const content = {
  subject: 'Market testing: Corporate Back Office',
  greeting: 'Dear Helen,',
  paragraphs: ['You are invited.'],
};

describe('with an SMTP server', () => {
  let context: TestContext;
  let smtp: CapturingSmtpServer;
  let port: number;

  beforeAll(async () => {
    port = await unusedPort();
    context = await createTestContext({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
  });
  afterAll(async () => {
    await smtp?.close();
    await context.close();
  });

  test('an email rolled back with its transaction is never queued', async () => {
    await expect(
      context.db.transaction(async (trx) => {
        await context.services.mail.queue(trx, 'helen.marsh@meridian-business.test', content);
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    expect(await context.db('email_outbox')).toHaveLength(0);
  });

  test('mail waits while SMTP is down and is delivered once when it returns', async () => {
    await context.db.transaction((trx) =>
      context.services.mail.queue(trx, 'helen.marsh@meridian-business.test', content),
    );
    expect(await context.services.mailWorker.drainOnce()).toBe(1);
    const waiting = await context.db('email_outbox').first();
    expect(waiting).toMatchObject({ status: 'pending', attempts: 1 });
    expect(waiting.last_error).toBeTruthy();
    expect(waiting.next_attempt_at.getTime()).toBeGreaterThan(Date.now());
    expect(await context.services.mailWorker.drainOnce()).toBe(0);

    smtp = await startSmtpServer(port);
    await context.db('email_outbox').update({ next_attempt_at: new Date() });
    expect(await context.services.mailWorker.drainOnce()).toBe(1);
    expect(await context.services.mailWorker.drainOnce()).toBe(0);
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toContain('Subject: Market testing: Corporate Back Office');
    expect(smtp.messages[0]).toContain('Content-Type: text/plain');
    expect(smtp.messages[0]).toContain('Content-Type: text/html');
    expect(smtp.messages[0]).toContain('Oxfordshire County Council');
    expect((await context.db('email_outbox').first()).status).toBe('sent');
  });

  test('two workers draining at once send each email exactly once', async () => {
    smtp.messages.length = 0;
    await context.db.transaction(async (trx) => {
      for (let index = 0; index < 12; index += 1)
        await context.services.mail.queue(trx, `p${index}@provider.test`, content);
    });
    const second = createMailWorker({
      outbox: createOutboxRepository(context.db),
      transport: createMailTransport({ smtpUrl: `smtp://127.0.0.1:${port}`, outboxDir: context.dataDir }),
      from: 'portal@council.test',
      pollMs: 1000,
      logger: createLogger('silent'),
    });
    await Promise.all([
      context.services.mailWorker.drainOnce(),
      second.drainOnce(),
      context.services.mailWorker.drainOnce(),
    ]);
    await Promise.all([context.services.mailWorker.drainOnce(), second.drainOnce()]);
    expect(smtp.messages).toHaveLength(12);
    expect(await context.db('email_outbox').where({ status: 'sent' })).toHaveLength(13);
  });

  test('an invitation made through the app is delivered over SMTP', async () => {
    smtp.messages.length = 0;
    const admin = await signIn(context.app, 'admin@demo.test');
    const token = await tokenFor(admin, '/admin/users/invite');
    await admin
      .post('/admin/users/invite')
      .type('form')
      .send({ _csrf: token, name: 'New Person', email: 'new.person@demo.test', role: 'viewer' });
    await context.services.mailWorker.drainOnce();
    expect(smtp.messages).toHaveLength(1);
    expect(smtp.messages[0]).toContain('To: new.person@demo.test');
    expect(smtp.messages[0]).toMatch(/portal\.test\/set-password\//);
  });
});

describe('without an SMTP server', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await createTestContext();
  });
  afterAll(() => context.close());

  test('mail is written as .eml files and listed on the staff-only Sent emails page', async () => {
    await context.db.transaction((trx) =>
      context.services.mail.queue(trx, 'fiona.grant@ox-community-learning.test', content),
    );
    await context.services.mailWorker.drainOnce();
    const files = fs.readdirSync(path.join(context.dataDir, 'outbox'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/\.eml$/);
    const eml = fs.readFileSync(path.join(context.dataDir, 'outbox', files[0]), 'utf8');
    expect(eml).toContain('To: fiona.grant@ox-community-learning.test');

    const staff = await signIn(context.app, 'staff@demo.test');
    const list = await staff.get('/emails');
    expect(list.text).toContain('fiona.grant@ox-community-learning.test');
    expect(list.text).toContain('Delivered');
    const id = (await context.db('email_outbox').first()).id;
    const shown = await staff.get(`/emails/${id}`);
    expect(shown.text).toContain('You are invited.');
    expect((await staff.get('/emails/999999')).status).toBe(404);
    expect((await staff.get('/emails/abc')).status).toBe(404);
    expect((await request(context.app).get('/emails')).status).toBe(303);
  });
});

describe('in production', () => {
  test('the Sent emails page does not exist, even for staff', async () => {
    const context = await createTestContext({
      env: {
        NODE_ENV: 'production',
        SESSION_SECRET: 'x'.repeat(40),
        BASE_URL: 'https://portal.test',
        TRUST_PROXY: 'true',
      },
    });
    try {
      // Secure cookies: the app sees https through the trusted proxy header.
      const form = await request(context.app).get('/sign-in').set('X-Forwarded-Proto', 'https');
      const cookie = sessionCookie(form)!;
      const signedIn = await request(context.app)
        .post('/sign-in')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', cookie)
        .type('form')
        .send({ _csrf: csrfFrom(form.text), email: 'staff@demo.test', password: DEMO_PASSWORD });
      expect(signedIn.status).toBe(303);
      expect(signedIn.headers['set-cookie']?.[0]).toMatch(/Secure/);
      const staffCookie = sessionCookie(signedIn)!;
      const home = await request(context.app)
        .get('/staff')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', staffCookie);
      expect(home.status).toBe(200);
      expect(home.text).not.toContain('Sent emails');
      const emails = await request(context.app)
        .get('/emails')
        .set('X-Forwarded-Proto', 'https')
        .set('Cookie', staffCookie);
      expect(emails.status).toBe(404);
    } finally {
      await context.close();
    }
  });
});
