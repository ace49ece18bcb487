import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import { changedFields, type Actor, type AuditService } from '../audit/audit-service';
import type { Role } from '../users/user-repository';
import { normaliseName } from './organisation-names';
import type { Organisation, OrganisationDetails, OrganisationRepository } from './organisation-repository';
import type { OrganisationSearch, SearchCriteria } from './organisation-search';

/** Who is looking: providers see only their own organisation. */
export type Viewer = { role: Role; organisationId: string | null };

export type CreateResult = { created: Organisation } | { duplicates: Organisation[] };

const UNIQUE_VIOLATION = '23505';

export function isUniqueViolation(error: unknown, constraint: string): boolean {
  const pgError = error as { code?: string; constraint?: string };
  return pgError.code === UNIQUE_VIOLATION && pgError.constraint === constraint;
}

const duplicateNumberError = (name: string) =>
  new UserFacingError(
    `${name} already has this registration number. Check the number, or update ${name} instead.`,
    'registrationNumber',
  );

export function createOrganisationService(deps: {
  db: Knex;
  organisations: OrganisationRepository;
  search: OrganisationSearch;
  audit: AuditService;
}) {
  const { db, organisations, audit } = deps;

  async function registrationNumberTaken(number: string | null, exceptId: string | null, trx: Knex) {
    if (!number) return;
    const holder = await organisations.findByRegistrationNumber(number, trx);
    if (holder && holder.id !== exceptId) throw duplicateNumberError(holder.name);
  }

  return {
    list: () => organisations.list(),
    find: (id: string) => organisations.findById(id),
    search: (criteria: SearchCriteria) => deps.search.search(criteria),
    history: (id: string) => audit.listForRecord('organisation', id),

    /** The organisation if this viewer may see it; another provider's organisation is "not found". */
    async findVisible(viewer: Viewer, id: string): Promise<Organisation> {
      const organisation = await organisations.findById(id);
      if (!organisation || (viewer.role === 'provider' && viewer.organisationId !== organisation.id)) {
        throw new NotFoundError('Organisation not found');
      }
      return organisation;
    },

    likelyDuplicates: (
      details: Pick<OrganisationDetails, 'name' | 'registrationNumber'>,
      exceptId: string | null,
    ) =>
      organisations.findLikelyDuplicates(
        { registrationNumber: details.registrationNumber, normalisedName: normaliseName(details.name) },
        exceptId,
      ),

    /**
     * Creates the organisation unless it looks like one already registered (same normalised
     * name) and the person has not confirmed. The creation key makes a repeated submission of
     * the same form return the organisation it created the first time.
     */
    async create(
      actor: Actor,
      details: OrganisationDetails,
      options: { creationKey: string; allowLikelyDuplicates: boolean },
    ): Promise<CreateResult> {
      const normalisedName = normaliseName(details.name);
      try {
        return await db.transaction(async (trx) => {
          // Two people adding the same organisation at once: the second sees the first as a duplicate.
          await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', [`organisation:${normalisedName}`]);
          const repeated = await organisations.findByCreationKey(options.creationKey, trx);
          if (repeated) return { created: repeated };
          await registrationNumberTaken(details.registrationNumber, null, trx);
          const duplicates = await organisations.findLikelyDuplicates(
            { registrationNumber: null, normalisedName },
            null,
            trx,
          );
          if (duplicates.length > 0 && !options.allowLikelyDuplicates) return { duplicates };
          const created = await organisations.insert(
            { ...details, normalisedName, creationKey: options.creationKey },
            trx,
          );
          await audit.record(
            actor,
            {
              action: 'organisation.created',
              recordType: 'organisation',
              recordId: created.id,
              changes: createdFields(details),
            },
            trx,
          );
          return { created };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'organisations_registration_number_unique'))
          throw duplicateNumberError('Another organisation');
        throw error;
      }
    },

    /** Saves the given fields if the organisation is still at `version` (optimistic locking). */
    async update(
      actor: Actor,
      id: string,
      version: number,
      changes: Partial<OrganisationDetails>,
    ): Promise<void> {
      try {
        await db.transaction(async (trx) => {
          const before = await organisations.findById(id, trx);
          if (!before) throw new NotFoundError('Organisation not found');
          const changed = changedFields(before, changes);
          if (before.version !== version) throw conflictError();
          if (Object.keys(changed).length === 0) return;
          if (changes.registrationNumber !== undefined)
            await registrationNumberTaken(changes.registrationNumber, id, trx);
          const normalisedName = changes.name === undefined ? undefined : normaliseName(changes.name);
          if (!(await organisations.update(id, version, { ...changes, normalisedName }, trx)))
            throw conflictError();
          await audit.record(
            actor,
            { action: 'organisation.updated', recordType: 'organisation', recordId: id, changes: changed },
            trx,
          );
        });
      } catch (error) {
        if (isUniqueViolation(error, 'organisations_registration_number_unique'))
          throw duplicateNumberError('Another organisation');
        throw error;
      }
    },
  };
}

function conflictError() {
  return new ConflictError(
    'Someone else changed this organisation while you were editing. Your changes are shown below and have not been saved: check them against the saved details and save again.',
  );
}

/** A new record's audit entry: every field that has a value, from nothing to it. */
export function createdFields(details: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(details)
      .filter(([, value]) => value !== null && value !== undefined)
      .map(([field, value]) => [field, { from: null, to: value }]),
  );
}

export type OrganisationService = ReturnType<typeof createOrganisationService>;
