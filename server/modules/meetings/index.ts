import path from 'node:path';
import { Router } from 'express';
import { createFileStore } from '../../lib/file-store';
import { createMeetingFileRepository } from './meeting-file-repository';
import { createMeetingFileRoutes } from './meeting-file-routes';
import { createMeetingFileService } from './meeting-file-service';
import type { Knex } from 'knex';
import type { AuditService } from '../audit/audit-service';
import type { ClarificationService } from '../clarifications/clarification-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { ProviderInvitationService } from '../invitations/provider-invitation-service';
import type { MailService } from '../mail/mail-service';
import type { UserService } from '../users/user-service';
import { createCalendarRoutes } from './calendar-routes';
import { createMeetingCalendarRepository } from './meeting-calendar-repository';
import { createMeetingCalendarService } from './meeting-calendar-service';
import { createMeetingClarificationRoutes } from './meeting-clarification-routes';
import { createMeetingChangeRoutes } from './meeting-change-routes';
import { createMeetingLogRoutes } from './meeting-log-routes';
import { createMeetingLogService } from './meeting-log-service';
import { createMeetingNotesRepository } from './meeting-notes-repository';
import { createMeetingRepository } from './meeting-repository';
import { createMeetingRoutes } from './meeting-routes';
import { createMeetingService } from './meeting-service';
import { createProviderMeetingRoutes } from './provider-meeting-routes';
import { createSlotRepository } from './slot-repository';
import { createSlotRoutes } from './slot-routes';
import { createSlotService } from './slot-service';
import { createProviderMeetingService } from './provider-meeting-service';

export function createMeetingServices(deps: {
  db: Knex;
  audit: AuditService;
  mail: MailService;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  invitations: InvitationService;
  providerInvitations: ProviderInvitationService;
  clarifications: ClarificationService;
  users: UserService;
  baseUrl: string;
  dataDir: string;
}) {
  const meetingRecords = createMeetingRepository(deps.db);
  const meetings = createMeetingService({ ...deps, meetings: meetingRecords });
  return {
    meetings,
    meetingFiles: createMeetingFileService({
      db: deps.db,
      files: createMeetingFileRepository(deps.db),
      store: createFileStore(path.join(deps.dataDir, 'uploads')),
      meetings,
      audit: deps.audit,
    }),
    meetingCalendar: createMeetingCalendarService({
      ...deps,
      meetings: meetingRecords,
      calendar: createMeetingCalendarRepository(deps.db),
    }),
    meetingSlots: createSlotService({
      ...deps,
      slots: createSlotRepository(deps.db),
      meetingRecords,
      meetings,
    }),
    meetingLog: createMeetingLogService({
      ...deps,
      meetings: meetingRecords,
      notes: createMeetingNotesRepository(deps.db),
    }),
    providerMeetings: createProviderMeetingService({ ...deps, meetings: meetingRecords }),
  };
}

export type MeetingServices = ReturnType<typeof createMeetingServices>;

export function createMeetingsRouter(
  services: MeetingServices & { exercises: ExerciseService; invitations: InvitationService },
) {
  const router = Router();
  // Before the meeting routes, so /meetings/slots is not read as a meeting id.
  router.use(createSlotRoutes(services));
  router.use(createCalendarRoutes(services));
  router.use(createMeetingRoutes(services));
  router.use(createMeetingChangeRoutes(services));
  router.use(createMeetingLogRoutes(services));
  router.use(createMeetingClarificationRoutes(services));
  router.use(createMeetingFileRoutes(services));
  router.use(createProviderMeetingRoutes(services));
  return router;
}
