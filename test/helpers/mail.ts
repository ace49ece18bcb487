import type { Knex } from 'knex';

/** The one-time link in the newest queued email to an address. */
export async function linkInLatestEmail(db: Knex, to: string): Promise<string> {
  const email = await db('email_outbox').where({ to_address: to }).orderBy('id', 'desc').first();
  if (!email) throw new Error(`No email queued for ${to}`);
  const match = /http:\/\/portal\.test(\/[^\s]+)/.exec(email.text_body as string);
  if (!match) throw new Error('No link in the email');
  return match[1];
}
