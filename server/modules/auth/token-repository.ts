import type { Knex } from 'knex';

export type TokenPurpose = 'invitation' | 'password_reset';

export type StoredToken = {
  id: string;
  userId: string;
  purpose: TokenPurpose;
  expiresAt: Date;
  usedAt: Date | null;
};

export function createTokenRepository(db: Knex) {
  return {
    /** Issuing a token retires any earlier unused one for the same purpose: only the newest link works. */
    async replace(
      userId: string,
      purpose: TokenPurpose,
      tokenHash: string,
      expiresAt: Date,
      trx: Knex,
    ): Promise<void> {
      await trx('user_tokens')
        .where({ user_id: userId, purpose })
        .whereNull('used_at')
        .update({ used_at: trx.fn.now() });
      await trx('user_tokens').insert({
        user_id: userId,
        purpose,
        token_hash: tokenHash,
        expires_at: expiresAt,
      });
    },

    async findByHash(tokenHash: string, trx: Knex = db): Promise<StoredToken | undefined> {
      const row = (await trx('user_tokens').where({ token_hash: tokenHash }).first()) as
        | { id: string; user_id: string; purpose: TokenPurpose; expires_at: Date; used_at: Date | null }
        | undefined;
      return (
        row && {
          id: row.id,
          userId: row.user_id,
          purpose: row.purpose,
          expiresAt: row.expires_at,
          usedAt: row.used_at,
        }
      );
    },

    /** Marks the token used only if it still is unused and unexpired; false means someone beat us to it. */
    async consume(id: string, trx: Knex): Promise<boolean> {
      const updated = await trx('user_tokens')
        .where({ id })
        .whereNull('used_at')
        .where('expires_at', '>', trx.fn.now())
        .update({ used_at: trx.fn.now() });
      return updated === 1;
    },
  };
}

export type TokenRepository = ReturnType<typeof createTokenRepository>;
