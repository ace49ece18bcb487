import { NotFoundError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ContactService } from '../providers/contact-service';
import type { OrganisationService } from '../providers/organisation-service';
import type { UserService } from '../users/user-service';
import type { Person, SubjectAccessRepository } from './subject-access-repository';

/**
 * Subject access: everything the portal holds about one provider contact, as one JSON document.
 * The account is listed field by field so that a password hash or token can never slip in.
 */
export function createSubjectAccessService(deps: {
  records: SubjectAccessRepository;
  organisations: OrganisationService;
  contacts: ContactService;
  users: UserService;
  audit: AuditService;
}) {
  return {
    /** Throws NotFoundError unless the contact belongs to the organisation. Audited. */
    async exportContact(actor: Actor, organisationId: string, contactId: string) {
      const organisation = await deps.organisations.find(organisationId);
      if (!organisation) throw new NotFoundError('Organisation not found');
      const contact = await deps.contacts.find(organisation.id, contactId);
      const user = contact.userId ? await deps.users.find(contact.userId) : undefined;
      const person: Person = {
        contactId: contact.id,
        userId: user?.id ?? null,
        emails: [...new Set([contact.email, user?.email].filter((email): email is string => !!email))],
      };
      const { records } = deps;
      const [invitations, answersSaved, answerChanges, submissions, files, clarifications, meetings] =
        await Promise.all([
          records.invitations(person),
          records.answersSaved(person),
          records.answerChanges(person),
          records.submissions(person),
          records.files(person),
          records.clarifications(person),
          records.meetings(person),
        ]);
      const [emails, auditEventsByThem, auditEventsAboutThem] = await Promise.all([
        records.emails(person),
        records.auditEventsByThem(person),
        records.auditEventsAboutThem(person),
      ]);
      await deps.audit.record(actor, {
        action: 'contact.data_exported',
        recordType: 'organisation',
        recordId: organisationId,
        changes: { contactId: contact.id, contactName: contact.name },
      });
      return {
        exportedAt: new Date(),
        contact: {
          id: contact.id,
          name: contact.name,
          jobRole: contact.jobRole,
          email: contact.email,
          phone: contact.phone,
          organisation: { id: organisation.id, name: organisation.name },
        },
        account: user
          ? {
              id: user.id,
              email: user.email,
              name: user.name,
              role: user.role,
              status: user.status,
              lastSignedInAt: user.lastSignedInAt,
              lockedUntil: user.lockedUntil,
              createdAt: user.createdAt,
            }
          : null,
        invitations,
        responses: { answersSaved, answerChanges, submissions, files },
        clarifications,
        meetings,
        emails,
        auditEventsByThem,
        auditEventsAboutThem,
      };
    },
  };
}

export type SubjectAccessService = ReturnType<typeof createSubjectAccessService>;
