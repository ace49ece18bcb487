import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import { changedFields, type Actor, type AuditService } from '../audit/audit-service';
import type { UserService } from '../users/user-service';
import type { Contact, ContactDetails, ContactRepository } from './contact-repository';
import type { OrganisationRepository } from './organisation-repository';
import { createdFields, isUniqueViolation } from './organisation-service';

const EMAIL_TAKEN = 'This email address is already used by another contact in the registry';

/** Contacts of an organisation. Every change is audited on the organisation's own history. */
export function createContactService(deps: {
  db: Knex;
  contacts: ContactRepository;
  organisations: OrganisationRepository;
  users: Pick<UserService, 'findByEmail' | 'inviteProvider'>;
  audit: AuditService;
}) {
  const { db, contacts, organisations, audit } = deps;

  const record = (
    actor: Actor,
    organisationId: string,
    action: string,
    changes: Record<string, unknown>,
    trx: Knex,
  ) => audit.record(actor, { action, recordType: 'organisation', recordId: organisationId, changes }, trx);

  async function contactOrThrow(organisationId: string, id: string, trx: Knex) {
    const contact = await contacts.lockForUpdate(organisationId, id, trx);
    if (!contact) throw new NotFoundError('Contact not found');
    return contact;
  }

  async function assertEmailFree(email: string, exceptId: string | null, trx: Knex) {
    const holder = await contacts.findByEmail(email, trx);
    if (holder && holder.id !== exceptId) throw new UserFacingError(EMAIL_TAKEN, 'email');
  }

  /** Unique-index races (two people adding the same email at once) end as the same form error. */
  async function inTransaction<T>(work: (trx: Knex) => Promise<T>): Promise<T> {
    try {
      return await db.transaction(work);
    } catch (error) {
      if (isUniqueViolation(error, 'contacts_email_unique')) throw new UserFacingError(EMAIL_TAKEN, 'email');
      throw error;
    }
  }

  return {
    listForOrganisation: (organisationId: string) => contacts.listForOrganisation(organisationId),
    async find(organisationId: string, id: string): Promise<Contact> {
      const contact = await contacts.find(organisationId, id);
      if (!contact) throw new NotFoundError('Contact not found');
      return contact;
    },

    async add(actor: Actor, organisationId: string, details: ContactDetails, creationKey: string) {
      return inTransaction(async (trx) => {
        if (!(await organisations.findById(organisationId, trx)))
          throw new NotFoundError('Organisation not found');
        const repeated = await contacts.findByCreationKey(creationKey, trx);
        if (repeated) return repeated.id;
        await assertEmailFree(details.email, null, trx);
        const id = await contacts.insert(organisationId, { ...details, creationKey }, trx);
        await organisations.touch(organisationId, trx);
        await record(
          actor,
          organisationId,
          'contact.added',
          { contactId: id, ...createdFields(details) },
          trx,
        );
        return id;
      });
    },

    async update(actor: Actor, organisationId: string, id: string, version: number, changes: ContactDetails) {
      await inTransaction(async (trx) => {
        const before = await contactOrThrow(organisationId, id, trx);
        if (before.version !== version)
          throw new ConflictError(
            'Someone else changed this contact while you were editing. Your changes are shown below and have not been saved: check them and save again.',
          );
        const changed = changedFields(before, changes);
        if (Object.keys(changed).length === 0) return;
        if (changed.email) await assertEmailFree(changes.email, id, trx);
        await contacts.update(id, version, changes, trx);
        await organisations.touch(organisationId, trx);
        await record(actor, organisationId, 'contact.updated', { contactId: id, ...changed }, trx);
      });
    },

    /** Removing a contact leaves any provider account in place: administrators disable accounts. */
    async remove(actor: Actor, organisationId: string, id: string) {
      await db.transaction(async (trx) => {
        const contact = await contacts.lockForUpdate(organisationId, id, trx);
        if (!contact) {
          // Another organisation's contact is not found through this one's URL; a double submit
          // finds the contact already gone and has nothing more to do.
          if (await contacts.exists(id, trx)) throw new NotFoundError('Contact not found');
          return;
        }
        await contacts.delete(id, trx);
        await organisations.touch(organisationId, trx);
        await record(
          actor,
          organisationId,
          'contact.removed',
          { contactId: id, name: { from: contact.name, to: null }, email: { from: contact.email, to: null } },
          trx,
        );
      });
    },

    /**
     * Creates an invited provider account for the contact and emails the invitation in the same
     * transaction. An existing provider account of the same organisation is linked instead; any
     * other existing account with the email is refused.
     */
    async giveAccount(
      actor: Actor,
      organisationId: string,
      id: string,
      next?: string,
    ): Promise<'created' | 'linked'> {
      return db.transaction(async (trx) => {
        const contact = await contactOrThrow(organisationId, id, trx);
        if (contact.userId) return 'linked'; // A double submit: the first one did it.
        const existing = await deps.users.findByEmail(contact.email, trx);
        if (existing) {
          if (existing.role !== 'provider' || existing.organisationId !== organisationId) {
            throw new UserFacingError(
              'Someone else already has an account with this email address. Ask an administrator to check it.',
              'account',
            );
          }
          await contacts.linkUser(id, existing.id, trx);
          await record(
            actor,
            organisationId,
            'contact.account_linked',
            { contactId: id, userId: existing.id },
            trx,
          );
          return 'linked';
        }
        const user = await deps.users.inviteProvider(
          trx,
          actor,
          { email: contact.email, name: contact.name, organisationId },
          next,
        );
        await contacts.linkUser(id, user.id, trx);
        await record(
          actor,
          organisationId,
          'contact.account_created',
          { contactId: id, userId: user.id, email: contact.email },
          trx,
        );
        return 'created';
      });
    },
  };
}

export type ContactService = ReturnType<typeof createContactService>;
