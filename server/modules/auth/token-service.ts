import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import type { MailService } from '../mail/mail-service';
import type { TokenPurpose, TokenRepository } from './token-repository';

const LIFETIME_HOURS: Record<TokenPurpose, number> = { invitation: 7 * 24, password_reset: 1 };

export const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

/**
 * One-time links for setting a password. Only a hash is stored, so a database leak does not
 * leak working links.
 */
export function createTokenService(deps: { tokens: TokenRepository; mail: MailService; baseUrl: string }) {
  async function issue(
    trx: Knex,
    user: { id: string; email: string; name: string },
    purpose: TokenPurpose,
    next?: string,
  ): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + LIFETIME_HOURS[purpose] * 3600 * 1000);
    await deps.tokens.replace(user.id, purpose, hashToken(token), expiresAt, trx);
    // `next` is where the person lands once the password is set, e.g. the exercise they were invited to.
    const landing = next ? `?${new URLSearchParams({ next }).toString()}` : '';
    const url = `${deps.baseUrl}/${purpose === 'invitation' ? 'set-password' : 'reset-password'}/${token}${landing}`;
    await deps.mail.queue(
      trx,
      user.email,
      purpose === 'invitation'
        ? {
            subject: 'You have been invited to the market testing portal',
            greeting: `Dear ${user.name},`,
            paragraphs: [
              'An account has been created for you on the market testing portal.',
              'Use the link below to choose a password. The link works once and expires in 7 days.',
            ],
            link: { text: 'Set your password', url },
          }
        : {
            subject: 'Reset your market testing portal password',
            greeting: `Dear ${user.name},`,
            paragraphs: [
              'Someone asked to reset the password for this account. If it was not you, ignore this email.',
              'The link below works once and expires in 1 hour.',
            ],
            link: { text: 'Reset your password', url },
          },
    );
  }

  return {
    issueInvitation: (trx: Knex, user: { id: string; email: string; name: string }, next?: string) =>
      issue(trx, user, 'invitation', next),
    issuePasswordReset: (trx: Knex, user: { id: string; email: string; name: string }) =>
      issue(trx, user, 'password_reset'),
    /** Finds a usable token without spending it, to show the form. */
    async findUsable(token: string, purpose: TokenPurpose) {
      const stored = await deps.tokens.findByHash(hashToken(token));
      if (!stored || stored.purpose !== purpose || stored.usedAt || stored.expiresAt <= new Date())
        return undefined;
      return stored;
    },
    consume: (id: string, trx: Knex) => deps.tokens.consume(id, trx),
  };
}

export type TokenService = ReturnType<typeof createTokenService>;
