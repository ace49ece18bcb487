import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { ConflictError, NotFoundError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ContactRepository } from './contact-repository';
import { parseImportFile } from './import-parser';
import { planImport, type PlannedOrganisation, type RegistryLookup } from './import-planner';
import type { ImportRepository, ImportSummary } from './import-repository';
import { normaliseName } from './organisation-names';
import type { OrganisationRepository } from './organisation-repository';
import { createdFields } from './organisation-service';

const valuesOf = (changes: Record<string, { to: unknown }>) =>
  Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.to]));

const registryChanged = () =>
  new ConflictError(
    'Someone changed the registry while the import was running. Nothing was imported: try again.',
  );

/**
 * CSV imports in two steps: upload (parse, validate, store) and confirm (re-plan against the
 * registry as it is now and apply everything in one transaction, or nothing).
 */
export function createImportService(deps: {
  db: Knex;
  imports: ImportRepository;
  organisations: OrganisationRepository;
  contacts: ContactRepository;
  audit: AuditService;
}) {
  const { db, imports, organisations, contacts, audit } = deps;

  const lookupIn = (trx: Knex): RegistryLookup => ({
    byRegistrationNumber: (numbers) => organisations.findManyBy('registration_number', numbers, trx),
    byNormalisedName: (names) => organisations.findManyBy('normalised_name', names, trx),
    contactsByEmail: (emails) => contacts.findManyByEmail(emails, trx),
  });

  async function apply(actor: Actor, importId: string, plan: PlannedOrganisation, trx: Knex) {
    const { details } = plan;
    let organisationId = plan.existing?.id;
    const record = (action: string, changes: Record<string, unknown>) =>
      audit.record(
        actor,
        { action, recordType: 'organisation', recordId: organisationId, changes: { importId, ...changes } },
        trx,
      );
    if (!plan.existing) {
      const created = await organisations.insert(
        { ...details, notes: null, normalisedName: normaliseName(details.name) },
        trx,
      );
      organisationId = created.id;
      await record('organisation.created', createdFields(details));
    } else if (Object.keys(plan.changes).length > 0) {
      const changes = valuesOf(plan.changes);
      const normalisedName = typeof changes.name === 'string' ? normaliseName(changes.name) : undefined;
      if (
        !(await organisations.update(
          plan.existing.id,
          plan.existing.version,
          { ...changes, normalisedName },
          trx,
        ))
      )
        throw registryChanged();
      await record('organisation.imported', plan.changes);
    } else {
      await organisations.touch(plan.existing.id, trx);
    }
    for (const contact of plan.contactsToAdd) {
      const contactId = await contacts.insert(organisationId!, contact.details, trx);
      await record('contact.added', { contactId, ...createdFields(contact.details) });
    }
    for (const contact of plan.contactsToUpdate) {
      const { id, version } = contact.existing!;
      if (!(await contacts.update(id, version, valuesOf(contact.changes), trx))) throw registryChanged();
      await record('contact.updated', { contactId: id, ...contact.changes });
    }
  }

  return {
    /** Parses and stores an upload; a file the import cannot use throws ImportFileError. */
    async upload(actor: Actor, userId: string, file: { name: string; content: Buffer }): Promise<string> {
      const parsed = parseImportFile(file.content);
      const fileSha256 = createHash('sha256').update(file.content).digest('hex');
      return db.transaction(async (trx) => {
        const id = await imports.insert({ userId, fileName: file.name, fileSha256, parsed }, trx);
        await audit.record(
          actor,
          {
            action: 'provider_import.uploaded',
            recordType: 'provider_import',
            recordId: id,
            changes: {
              fileName: file.name,
              sha256: fileSha256,
              rows: parsed.rows.length,
              rejected: parsed.rejected.length,
            },
          },
          trx,
        );
        return id;
      });
    },

    /** The upload and what confirming it would do now. Only its uploader may see it. */
    async preview(userId: string, id: string) {
      const upload = await imports.find(id, userId);
      if (!upload) throw new NotFoundError('Import not found');
      const plan = upload.status === 'pending' ? await planImport(upload.parsed, lookupIn(db)) : undefined;
      const importedBefore = await imports.lastAppliedWithHash(upload.fileSha256, upload.id);
      return { upload, plan, importedBefore };
    },

    /** Applies the upload once: a second confirmation returns the first one's summary. */
    async confirm(actor: Actor, userId: string, id: string): Promise<ImportSummary> {
      return db.transaction(async (trx) => {
        const upload = await imports.lockForUpdate(id, userId, trx);
        if (!upload) throw new NotFoundError('Import not found');
        if (upload.status === 'applied' && upload.summary) return upload.summary;
        // One import at a time, so two files cannot both create the same organisation.
        await trx.raw('SELECT pg_advisory_xact_lock(hashtext(?))', ['provider-import']);
        const plan = await planImport(upload.parsed, lookupIn(trx));
        for (const organisation of plan.organisations) {
          if (organisation.action !== 'unchanged') await apply(actor, id, organisation, trx);
        }
        const summary: ImportSummary = {
          created: plan.counts.create,
          updated: plan.counts.update,
          unchanged: plan.counts.unchanged,
          rejected: plan.counts.rejected,
        };
        await imports.markApplied(id, summary, trx);
        await audit.record(
          actor,
          {
            action: 'provider_import.applied',
            recordType: 'provider_import',
            recordId: id,
            changes: { fileName: upload.fileName, ...summary },
          },
          trx,
        );
        return summary;
      });
    },
  };
}

export type ImportService = ReturnType<typeof createImportService>;
