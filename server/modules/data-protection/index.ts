import path from 'node:path';
import type { Knex } from 'knex';
import { createFileStore } from '../../lib/file-store';
import type { AuditService } from '../audit/audit-service';
import type { ContactService } from '../providers/contact-service';
import type { OrganisationService } from '../providers/organisation-service';
import type { UserService } from '../users/user-service';
import { createRetentionRepository } from './retention-repository';
import { createRetentionService } from './retention-service';
import { createSubjectAccessRepository } from './subject-access-repository';
import { createSubjectAccessService } from './subject-access-service';

export { createSubjectAccessRoutes } from './subject-access-routes';

/** Retention of archived exercises' personal data, and subject access exports. */
export function createDataProtectionServices(deps: {
  db: Knex;
  audit: AuditService;
  organisations: OrganisationService;
  contacts: ContactService;
  users: UserService;
  dataDir: string;
}) {
  return {
    retention: createRetentionService({
      db: deps.db,
      retention: createRetentionRepository(),
      store: createFileStore(path.join(deps.dataDir, 'uploads')),
      audit: deps.audit,
    }),
    subjectAccess: createSubjectAccessService({
      ...deps,
      records: createSubjectAccessRepository(deps.db),
    }),
  };
}
