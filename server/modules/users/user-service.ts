import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import { changedFields, type Actor, type AuditService } from '../audit/audit-service';
import type { TokenService } from '../auth/token-service';
import { withoutHash, type Role, type User, type UserRepository, type UserStatus } from './user-repository';

export type StaffRole = Exclude<Role, 'provider'>;

export function createUserService(deps: {
  db: Knex;
  users: UserRepository;
  tokens: TokenService;
  audit: AuditService;
}) {
  const { db, users, audit } = deps;

  async function findOrThrow(id: string, trx?: Knex) {
    const user = await users.findById(id, trx);
    if (!user) throw new NotFoundError('User not found');
    return user;
  }

  return {
    list: () => users.list(),
    listByOrganisation: (organisationId: string) => users.listByOrganisation(organisationId),
    async find(id: string): Promise<User> {
      return withoutHash(await findOrThrow(id));
    },
    /** A stored session and its user if still active, for the session middleware. */
    findSessionWithActiveUser: async (sid: string) => {
      const found = await users.findSessionWithUser(sid);
      if (!found) return undefined;
      const { sess, user } = found;
      return { sess, user: user && user.status === 'active' ? withoutHash(user) : undefined };
    },

    /** Credential access for the auth module; hashes never leave the server side. */
    findWithCredentials: (email: string) => users.findByEmail(email),
    findWithCredentialsById: (id: string, trx?: Knex) => users.findById(id, trx),
    recordSignInResult: (
      id: string,
      result: { failedSignIns: number; lockedUntil: Date | null; signedIn: boolean },
    ) => users.recordSignInResult(id, result),
    setPasswordHash: (trx: Knex, id: string, passwordHash: string) =>
      users.setPassword(id, passwordHash, trx),

    findByEmail: async (email: string, trx?: Knex): Promise<User | undefined> => {
      const user = await users.findByEmail(email, trx);
      return user && withoutHash(user);
    },

    /** A provider account for an organisation's contact, invited inside the caller's transaction. */
    async inviteProvider(
      trx: Knex,
      actor: Actor,
      input: { email: string; name: string; organisationId: string },
      next?: string,
    ): Promise<User> {
      const user = await users.insert({ ...input, role: 'provider' }, trx);
      await deps.tokens.issueInvitation(trx, user, next);
      await audit.record(
        actor,
        {
          action: 'user.invited',
          recordType: 'user',
          recordId: user.id,
          changes: { email: user.email, role: 'provider' },
        },
        trx,
      );
      return user;
    },

    async invite(actor: Actor, input: { email: string; name: string; role: StaffRole }): Promise<User> {
      return db.transaction(async (trx) => {
        if (await users.findByEmail(input.email, trx)) {
          throw new UserFacingError('A user with this email address already exists', 'email');
        }
        const user = await users.insert(input, trx);
        await deps.tokens.issueInvitation(trx, user);
        await audit.record(
          actor,
          { action: 'user.invited', recordType: 'user', recordId: user.id, changes: { ...input } },
          trx,
        );
        return user;
      });
    },

    async resendInvitation(actor: Actor, id: string): Promise<void> {
      await db.transaction(async (trx) => {
        const user = await findOrThrow(id, trx);
        if (user.status !== 'invited') throw new UserFacingError('This user has already set a password');
        await deps.tokens.issueInvitation(trx, user);
        await audit.record(
          actor,
          { action: 'user.invitation_resent', recordType: 'user', recordId: id },
          trx,
        );
      });
    },

    async changeRole(actor: Actor, id: string, version: number, role: StaffRole): Promise<void> {
      await db.transaction(async (trx) => {
        const user = await findOrThrow(id, trx);
        if (user.role === 'provider') {
          throw new UserFacingError(
            'Provider accounts belong to an organisation and keep the provider role',
            'role',
          );
        }
        if (user.id === actor.userId) throw new UserFacingError('You cannot change your own role', 'role');
        if (!(await users.update(id, version, { role }, trx))) {
          throw new ConflictError(
            'Someone else changed this user while you were editing. Check the details and try again.',
          );
        }
        await audit.record(
          actor,
          {
            action: 'user.role_changed',
            recordType: 'user',
            recordId: id,
            changes: changedFields(user, { role }),
          },
          trx,
        );
      });
    },

    async setStatus(actor: Actor, id: string, version: number, status: Exclude<UserStatus, 'invited'>) {
      await db.transaction(async (trx) => {
        const user = await findOrThrow(id, trx);
        if (user.id === actor.userId)
          throw new UserFacingError('You cannot disable or enable your own account');
        if (status === 'active' && !user.passwordHash) {
          throw new UserFacingError('This user has not set a password yet: resend the invitation instead');
        }
        if (!(await users.update(id, version, { status }, trx))) {
          throw new ConflictError(
            'Someone else changed this user while you were editing. Check the details and try again.',
          );
        }
        if (status === 'disabled') await users.deleteSessions(id, trx);
        await audit.record(
          actor,
          {
            action: status === 'disabled' ? 'user.disabled' : 'user.enabled',
            recordType: 'user',
            recordId: id,
            changes: changedFields(user, { status }),
          },
          trx,
        );
      });
    },
  };
}

export type UserService = ReturnType<typeof createUserService>;
