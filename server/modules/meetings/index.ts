import { Router } from 'express';
import type { Knex } from 'knex';
import type { AuditService } from '../audit/audit-service';
import type { ClarificationService } from '../clarifications/clarification-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { MailService } from '../mail/mail-service';
import type { UserService } from '../users/user-service';
import { createMeetingChangeRoutes } from './meeting-change-routes';
import { createMeetingLogRoutes } from './meeting-log-routes';
import { createMeetingLogService } from './meeting-log-service';
import { createMeetingNotesRepository } from './meeting-notes-repository';
import { createMeetingRepository } from './meeting-repository';
import { createMeetingRoutes } from './meeting-routes';
import { createMeetingService } from './meeting-service';
import { createProviderMeetingRoutes } from './provider-meeting-routes';
import { createProviderMeetingService } from './provider-meeting-service';

export function createMeetingServices(deps: {
  db: Knex;
  audit: AuditService;
  mail: MailService;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  invitations: InvitationService;
  clarifications: ClarificationService;
  users: UserService;
  baseUrl: string;
}) {
  const meetings = createMeetingRepository(deps.db);
  return {
    meetings: createMeetingService({ ...deps, meetings }),
    meetingLog: createMeetingLogService({ ...deps, meetings, notes: createMeetingNotesRepository(deps.db) }),
    providerMeetings: createProviderMeetingService({ ...deps, meetings }),
  };
}

export type MeetingServices = ReturnType<typeof createMeetingServices>;

export function createMeetingsRouter(
  services: MeetingServices & { exercises: ExerciseService; invitations: InvitationService },
) {
  const router = Router();
  router.use(createMeetingRoutes(services));
  router.use(createMeetingChangeRoutes(services));
  router.use(createMeetingLogRoutes(services));
  router.use(createProviderMeetingRoutes(services));
  return router;
}
