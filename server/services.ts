import path from 'node:path';
import type { Knex } from 'knex';
import pg from 'pg';
import type { Config } from './config';
import type { Logger } from './lib/logger';
import { createMailTransport, type MailTransport } from './lib/mail-transport';
import { createAuditRepository } from './modules/audit/audit-repository';
import { createAuditService } from './modules/audit/audit-service';
import { createAuthService } from './modules/auth/auth-service';
import { createTokenRepository } from './modules/auth/token-repository';
import { createTokenService } from './modules/auth/token-service';
import { createExerciseServices } from './modules/exercises';
import { createClarificationServices } from './modules/clarifications';
import { createDataProtectionServices } from './modules/data-protection';
import type { ScopeChangeListener } from './modules/exercises/service-area-service';
import type { PublishListener } from './modules/questionnaires/questionnaire-service';
import { createInvitationServices } from './modules/invitations';
import { createResponseServices } from './modules/responses';
import { createScoringServices } from './modules/scoring';
import { createReportServices } from './modules/reports';
import { createQuestionnaireServices } from './modules/questionnaires';
import { createMailService } from './modules/mail/mail-service';
import { createMeetingServices } from './modules/meetings';
import { createMailWorker } from './modules/mail/mail-worker';
import { createOutboxRepository } from './modules/mail/outbox-repository';
import { createContactRepository } from './modules/providers/contact-repository';
import { createContactService } from './modules/providers/contact-service';
import { createImportRepository } from './modules/providers/import-repository';
import { createImportService } from './modules/providers/import-service';
import { createOrganisationRepository } from './modules/providers/organisation-repository';
import { createOrganisationSearch } from './modules/providers/organisation-search';
import { createOrganisationService } from './modules/providers/organisation-service';
import { createUserRepository } from './modules/users/user-repository';
import { createUserService } from './modules/users/user-service';

/** Composition root: database -> repositories -> services. Tests build the same graph. */
export function createServices(
  config: Config,
  database: { db: Knex; url: string },
  logger: Logger,
  transport?: MailTransport,
) {
  const { db } = database;
  // connect-pg-simple needs a pg.Pool; knex's pool is not one, so sessions get a small pool of their own.
  const sessionPool = new pg.Pool({ connectionString: database.url, max: 5 });
  sessionPool.on('error', (error) => logger.error({ err: error }, 'session pool error'));
  const audit = createAuditService(createAuditRepository(db));
  const outbox = createOutboxRepository(db);
  const mail = createMailService(outbox, { orgName: config.orgName });
  const tokens = createTokenService({ tokens: createTokenRepository(db), mail, baseUrl: config.baseUrl });
  const users = createUserService({ db, users: createUserRepository(db), tokens, audit });
  const auth = createAuthService({
    db,
    users,
    tokens,
    audit,
    lockoutAttempts: config.lockoutAttempts,
    lockoutMinutes: config.lockoutMinutes,
  });
  const organisationRepository = createOrganisationRepository(db);
  const contactRepository = createContactRepository(db);
  const organisations = createOrganisationService({
    db,
    organisations: organisationRepository,
    search: createOrganisationSearch(db),
    audit,
  });
  const contacts = createContactService({
    db,
    contacts: contactRepository,
    organisations: organisationRepository,
    users,
    audit,
  });
  const providerImports = createImportService({
    db,
    imports: createImportRepository(db),
    organisations: organisationRepository,
    contacts: contactRepository,
    audit,
  });
  // Adding a service area to an open exercise tells its invitees; invitations are built after exercises.
  const scopeChangeListeners: ScopeChangeListener[] = [];
  const exerciseServices = createExerciseServices({
    db,
    audit,
    organisations,
    onScopeChange: async (...change) => {
      for (const listener of scopeChangeListeners) await listener(...change);
    },
  });
  const invitationServices = createInvitationServices({
    db,
    audit,
    mail,
    exercises: exerciseServices.exercises,
    areas: exerciseServices.areas,
    contacts,
    baseUrl: config.baseUrl,
  });
  scopeChangeListeners.push((...change) => invitationServices.invitations.notifyScopeChange(...change));
  // Providers who answered are told when a new questionnaire version is published.
  const republishListeners: PublishListener[] = [];
  const questionnaireServices = createQuestionnaireServices({
    db,
    audit,
    exercises: exerciseServices.exercises,
    areas: exerciseServices.areas,
    onRepublished: async (...published) => {
      for (const listener of republishListeners) await listener(...published);
    },
  });
  const responseServices = createResponseServices({
    db,
    exercises: exerciseServices.exercises,
    areas: exerciseServices.areas,
    questionnaires: questionnaireServices.questionnaires,
    ...invitationServices,
    mail,
    audit,
    baseUrl: config.baseUrl,
    dataDir: config.dataDir,
  });
  republishListeners.push((...published) => responseServices.responses.notifyRepublished(...published));
  const clarificationServices = createClarificationServices({
    db,
    exercises: exerciseServices.exercises,
    ...invitationServices,
    mail,
    audit,
    baseUrl: config.baseUrl,
  });
  const meetingServices = createMeetingServices({
    db,
    audit,
    mail,
    ...exerciseServices,
    ...invitationServices,
    ...clarificationServices,
    users,
    baseUrl: config.baseUrl,
    dataDir: config.dataDir,
  });
  const scoringServices = createScoringServices({ db, exercises: exerciseServices.exercises });
  const mailWorker = createMailWorker({
    outbox,
    transport:
      transport ??
      createMailTransport({ smtpUrl: config.smtpUrl, outboxDir: path.join(config.dataDir, 'outbox') }),
    from: config.mailFrom,
    pollMs: config.mailPollMs,
    logger,
  });
  return {
    config,
    db,
    sessionPool,
    logger,
    audit,
    mail,
    mailWorker,
    tokens,
    users,
    auth,
    organisations,
    contacts,
    providerImports,
    ...exerciseServices,
    ...invitationServices,
    ...clarificationServices,
    ...meetingServices,
    ...questionnaireServices,
    ...responseServices,
    ...createDataProtectionServices({ db, audit, organisations, contacts, users, dataDir: config.dataDir }),
    ...scoringServices,
    ...createReportServices({ ...scoringServices, ...meetingServices, ...clarificationServices, audit }),
  };
}

export type Services = ReturnType<typeof createServices>;
