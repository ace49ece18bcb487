import type { Knex } from 'knex';
import { queryPrepared } from '../../db/prepared';
import { isUuid } from '../../lib/uuid';

export type Role = 'admin' | 'staff' | 'viewer' | 'provider';
export const ROLES: Role[] = ['admin', 'staff', 'viewer', 'provider'];
export type UserStatus = 'invited' | 'active' | 'disabled';

export type User = {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisationId: string | null;
  status: UserStatus;
  failedSignIns: number;
  lockedUntil: Date | null;
  lastSignedInAt: Date | null;
  version: number;
  createdAt: Date;
};

export type UserWithHash = User & { passwordHash: string | null };

type UserRow = {
  id: string;
  email: string;
  name: string;
  role: Role;
  organisation_id: string | null;
  password_hash: string | null;
  status: UserStatus;
  failed_sign_ins: number;
  locked_until: Date | null;
  last_signed_in_at: Date | null;
  version: number;
  created_at: Date;
};

function toUser(row: UserRow): UserWithHash {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    organisationId: row.organisation_id,
    status: row.status,
    failedSignIns: row.failed_sign_ins,
    lockedUntil: row.locked_until,
    lastSignedInAt: row.last_signed_in_at,
    version: row.version,
    createdAt: row.created_at,
    passwordHash: row.password_hash,
  };
}

export function withoutHash({ passwordHash: _hash, ...user }: UserWithHash): User {
  return user;
}

/** A session with its user, if the session is unexpired and its user exists (see findSessionWithUser). */
const SESSION_WITH_USER = {
  name: 'session-with-user',
  text: `SELECT s.sess AS "__sess", u.id, u.email, u.name, u.role, u.organisation_id, u.password_hash, u.status,
                u.failed_sign_ins, u.locked_until, u.last_signed_in_at, u.version, u.created_at
           FROM session s
           LEFT JOIN users u ON u.id = CASE
             WHEN s.sess -> 'passport' ->> 'user' ~* '^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$'
             THEN (s.sess -> 'passport' ->> 'user')::uuid
           END
          WHERE s.sid = $1 AND s.expire >= to_timestamp($2)`,
};

export function createUserRepository(db: Knex) {
  return {
    /**
     * A stored session with the user signed in to it, in one round trip: the session middleware
     * reads both on every request. The session table belongs to the session store (connect-pg-simple);
     * this reads it with the store's own rule for an unexpired session.
     */
    async findSessionWithUser(
      sid: string,
    ): Promise<{ sess: Record<string, unknown>; user: UserWithHash | undefined } | undefined> {
      const rows = await queryPrepared<UserRow & { __sess: Record<string, unknown> }>(db, SESSION_WITH_USER, [
        sid,
        Math.ceil(Date.now() / 1000),
      ]);
      const row = rows[0];
      if (!row) return undefined;
      const { __sess: sess, ...user } = row;
      return { sess, user: user.id ? toUser(user) : undefined };
    },

    async findById(id: string, trx: Knex = db): Promise<UserWithHash | undefined> {
      if (!isUuid(id)) return undefined;
      const row = await trx<UserRow>('users').where({ id }).first();
      return row && toUser(row);
    },

    async findByEmail(email: string, trx: Knex = db): Promise<UserWithHash | undefined> {
      const row = await trx<UserRow>('users').whereRaw('lower(email) = lower(?)', [email.trim()]).first();
      return row && toUser(row);
    },

    async lockForUpdate(id: string, trx: Knex): Promise<UserWithHash | undefined> {
      const row = await trx<UserRow>('users').where({ id }).forUpdate().first();
      return row && toUser(row);
    },

    async insert(
      user: {
        email: string;
        name: string;
        role: Role;
        organisationId?: string | null;
        passwordHash?: string | null;
      },
      trx: Knex = db,
    ): Promise<User> {
      const [row] = (await trx('users')
        .insert({
          email: user.email.trim(),
          name: user.name,
          role: user.role,
          organisation_id: user.organisationId ?? null,
          password_hash: user.passwordHash ?? null,
          status: user.passwordHash ? 'active' : 'invited',
        })
        .returning('*')) as UserRow[];
      return withoutHash(toUser(row));
    },

    /** Optimistic lock: the update applies only if nobody changed the user since it was read. */
    async update(
      id: string,
      expectedVersion: number,
      changes: Partial<{ role: Role; status: UserStatus; name: string }>,
      trx: Knex = db,
    ): Promise<boolean> {
      const updated = await trx('users')
        .where({ id, version: expectedVersion })
        .update({ ...changes, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
      return updated === 1;
    },

    async recordSignInResult(
      id: string,
      result: { failedSignIns: number; lockedUntil: Date | null; signedIn: boolean },
      trx: Knex = db,
    ): Promise<void> {
      await trx('users')
        .where({ id })
        .update({
          failed_sign_ins: result.failedSignIns,
          locked_until: result.lockedUntil,
          ...(result.signedIn ? { last_signed_in_at: trx.fn.now() } : {}),
        });
    },

    async setPassword(id: string, passwordHash: string, trx: Knex): Promise<void> {
      await trx('users')
        .where({ id })
        .update({
          password_hash: passwordHash,
          status: trx.raw(`CASE WHEN status = 'invited' THEN 'active' ELSE status END`),
          failed_sign_ins: 0,
          locked_until: null,
          version: trx.raw('version + 1'),
          updated_at: trx.fn.now(),
        });
    },

    async list(): Promise<User[]> {
      const rows = await db<UserRow>('users').orderByRaw('role, lower(name)');
      return rows.map((row) => withoutHash(toUser(row)));
    },

    async listByOrganisation(organisationId: string): Promise<User[]> {
      const rows = await db<UserRow>('users').where({ organisation_id: organisationId }).orderBy('name');
      return rows.map((row) => withoutHash(toUser(row)));
    },

    async count(): Promise<number> {
      const [{ count }] = await db('users').count<{ count: number }[]>({ count: '*' });
      return count;
    },

    /** Ends every session of a user, e.g. when an admin disables the account. */
    async deleteSessions(userId: string, trx: Knex = db): Promise<void> {
      await trx('session').whereRaw(`sess -> 'passport' ->> 'user' = ?`, [userId]).delete();
    },
  };
}

export type UserRepository = ReturnType<typeof createUserRepository>;
