import type { Knex } from 'knex';
import type { AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { ProviderInvitationService } from '../invitations/provider-invitation-service';
import type { MailService } from '../mail/mail-service';
import { createClarificationRepository } from './clarification-repository';
import { createClarificationService } from './clarification-service';

export { createClarificationRoutes } from './clarification-routes';
export { createInformationLogRoutes } from './information-log';

export function createClarificationServices(deps: {
  db: Knex;
  exercises: ExerciseService;
  invitations: InvitationService;
  providerInvitations: ProviderInvitationService;
  mail: MailService;
  audit: AuditService;
  baseUrl: string;
}) {
  return {
    clarifications: createClarificationService({
      ...deps,
      clarifications: createClarificationRepository(deps.db),
    }),
  };
}
