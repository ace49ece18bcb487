import path from 'node:path';
import type { Knex } from 'knex';
import { createFileStore } from '../../lib/file-store';
import { createAttachmentRepository } from './attachment-repository';
import { createAttachmentService } from './attachment-service';
import type { AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { ProviderInvitationService } from '../invitations/provider-invitation-service';
import type { MailService } from '../mail/mail-service';
import type { QuestionnaireService } from '../questionnaires/questionnaire-service';
import { createResponseRepository } from './response-repository';
import { createResponseService } from './response-service';
import { createSectionContextRepository } from './section-context-repository';

export { createResponseRoutes } from './response-routes';
export { createStaffResponseRoutes } from './staff-response-routes';

export function createResponseServices(deps: {
  db: Knex;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  questionnaires: QuestionnaireService;
  invitations: InvitationService;
  providerInvitations: ProviderInvitationService;
  mail: MailService;
  audit: AuditService;
  baseUrl: string;
  dataDir: string;
}) {
  const attachments = createAttachmentService({
    attachments: createAttachmentRepository(deps.db),
    store: createFileStore(path.join(deps.dataDir, 'uploads')),
  });
  return {
    responses: createResponseService({
      ...deps,
      responses: createResponseRepository(deps.db),
      sectionContexts: createSectionContextRepository(deps.db),
      attachments,
    }),
    attachments,
  };
}
