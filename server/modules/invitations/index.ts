import { Router } from 'express';
import type { Knex } from 'knex';
import type { AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { MailService } from '../mail/mail-service';
import type { ContactService } from '../providers/contact-service';
import type { OrganisationService } from '../providers/organisation-service';
import { createInvitationActionRoutes } from './invitation-actions-routes';
import { createInvitationRepository } from './invitation-repository';
import { createInvitationRoutes } from './invitation-routes';
import { createInvitationService } from './invitation-service';
import { createProviderInvitationRoutes } from './provider-invitation-routes';
import { createProviderInvitationService } from './provider-invitation-service';

export function createInvitationServices(deps: {
  db: Knex;
  audit: AuditService;
  mail: MailService;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  contacts: ContactService;
  baseUrl: string;
}) {
  const repository = createInvitationRepository(deps.db);
  return {
    invitations: createInvitationService({ ...deps, invitations: repository }),
    providerInvitations: createProviderInvitationService({ ...deps, invitations: repository }),
  };
}

export type InvitationServices = ReturnType<typeof createInvitationServices>;

export function createInvitationsRouter(
  services: InvitationServices & {
    exercises: ExerciseService;
    organisations: OrganisationService;
    contacts: ContactService;
    audit: AuditService;
    questionnaires: { latestPublished(exerciseId: string): Promise<unknown> };
  },
) {
  const router = Router();
  router.use(createInvitationRoutes(services));
  router.use(createInvitationActionRoutes(services));
  router.use(createProviderInvitationRoutes(services));
  return router;
}
