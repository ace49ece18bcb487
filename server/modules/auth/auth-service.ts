import type { Knex } from 'knex';
import { UserFacingError } from '../../lib/errors';
import { hashPassword, verifyPassword } from '../../lib/passwords';
import type { Actor, AuditService } from '../audit/audit-service';
import type { UserService } from '../users/user-service';
import { withoutHash, type User } from '../users/user-repository';
import { passwordProblem } from './password-policy';
import type { TokenPurpose } from './token-repository';
import type { TokenService } from './token-service';

export type SignInResult = { user: User } | { failure: 'invalid' };

export function createAuthService(deps: {
  db: Knex;
  users: UserService;
  tokens: TokenService;
  audit: AuditService;
  lockoutAttempts: number;
  lockoutMinutes: number;
}) {
  const { users, audit } = deps;
  // Verified against for unknown emails so that response time does not reveal which emails exist.
  const decoyHash = hashPassword('decoy password that never matches anything');

  return {
    async signIn(email: string, password: string, ip: string | null): Promise<SignInResult> {
      const user = await users.findWithCredentials(email);
      if (!user || !user.passwordHash) {
        await verifyPassword(await decoyHash, password);
        await audit.record(
          { userId: null, label: email.slice(0, 254), ip },
          { action: 'auth.sign_in_failed' },
        );
        return { failure: 'invalid' };
      }
      const actor: Actor = { userId: user.id, label: user.email, ip };
      const passwordMatches = await verifyPassword(user.passwordHash, password);
      const locked = user.lockedUntil !== null && user.lockedUntil > new Date();

      if (passwordMatches && !locked && user.status === 'active') {
        await users.recordSignInResult(user.id, { failedSignIns: 0, lockedUntil: null, signedIn: true });
        await audit.record(actor, { action: 'auth.signed_in', recordType: 'user', recordId: user.id });
        return { user: withoutHash(user) };
      }
      if (locked || user.status !== 'active') {
        await audit.record(actor, {
          action: 'auth.sign_in_refused',
          recordType: 'user',
          recordId: user.id,
          changes: { reason: locked ? 'locked' : user.status },
        });
        return { failure: 'invalid' };
      }
      const failedSignIns = user.failedSignIns + 1;
      const lockNow = failedSignIns >= deps.lockoutAttempts;
      await users.recordSignInResult(user.id, {
        failedSignIns: lockNow ? 0 : failedSignIns,
        lockedUntil: lockNow ? new Date(Date.now() + deps.lockoutMinutes * 60 * 1000) : null,
        signedIn: false,
      });
      await audit.record(actor, { action: 'auth.sign_in_failed', recordType: 'user', recordId: user.id });
      if (lockNow) {
        await audit.record(actor, {
          action: 'auth.account_locked',
          recordType: 'user',
          recordId: user.id,
          changes: { minutes: deps.lockoutMinutes },
        });
      }
      return { failure: 'invalid' };
    },

    recordSignOut: (actor: Actor) =>
      audit.record(actor, {
        action: 'auth.signed_out',
        recordType: 'user',
        recordId: actor.userId ?? undefined,
      }),

    /** Always behaves the same, so the form does not reveal which emails have accounts. */
    async requestPasswordReset(email: string, ip: string | null): Promise<void> {
      const user = await users.findWithCredentials(email);
      if (!user || user.status !== 'active') return;
      await deps.db.transaction(async (trx) => {
        await deps.tokens.issuePasswordReset(trx, user);
        await audit.record(
          { userId: user.id, label: user.email, ip },
          { action: 'auth.password_reset_requested', recordType: 'user', recordId: user.id },
          trx,
        );
      });
    },

    async findTokenHolder(token: string, purpose: TokenPurpose): Promise<User | undefined> {
      const stored = await deps.tokens.findUsable(token, purpose);
      if (!stored) return undefined;
      const user = await users.findWithCredentialsById(stored.userId);
      return user && user.status !== 'disabled' ? withoutHash(user) : undefined;
    },

    /** Spends the token and sets the password in one transaction; a second use finds it spent. */
    async setPasswordWithToken(token: string, purpose: TokenPurpose, password: string, ip: string | null) {
      const stored = await deps.tokens.findUsable(token, purpose);
      const holder = stored && (await users.findWithCredentialsById(stored.userId));
      if (!stored || !holder || holder.status === 'disabled') {
        throw new UserFacingError('This link has expired or has already been used');
      }
      const problem = passwordProblem(password, holder.email);
      if (problem) throw new UserFacingError(problem, 'password');
      const passwordHash = await hashPassword(password);
      return deps.db.transaction(async (trx) => {
        if (!(await deps.tokens.consume(stored.id, trx))) {
          throw new UserFacingError('This link has expired or has already been used');
        }
        await users.setPasswordHash(trx, holder.id, passwordHash);
        await audit.record(
          { userId: holder.id, label: holder.email, ip },
          {
            action: purpose === 'invitation' ? 'auth.password_set' : 'auth.password_reset',
            recordType: 'user',
            recordId: holder.id,
          },
          trx,
        );
        const updated = await users.findWithCredentialsById(holder.id, trx);
        return withoutHash(updated!);
      });
    },
  };
}

export type AuthService = ReturnType<typeof createAuthService>;
