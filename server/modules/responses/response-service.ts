import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import { deadlineOf, type InvitationService } from '../invitations/invitation-service';
import type { ProviderInvitationService, ProviderUser } from '../invitations/provider-invitation-service';
import type { MailService } from '../mail/mail-service';
import type { QuestionnaireService } from '../questionnaires/questionnaire-service';
import { sectionIn, type Snapshot } from '../questionnaires/questionnaire-structure';
import { answerKey, itemsFor, type AnswerValue, type SavedAnswers } from './answer-items';
import { parseAnswers } from './answer-validation';
import {
  checkUploads,
  fileIds,
  type AttachmentService,
  type StoredUpload,
  type UploadedFile,
} from './attachment-service';
import type { ResponseRepository } from './response-repository';
import { createResponseLoader, isAmendable } from './response-loader';
import type { SectionContextRepository } from './section-context-repository';
import { createSectionReader } from './section-reader';
import { createStaffResponseOps } from './response-staff-service';
import { createVersionOps } from './response-versions-service';
import { createSubmissionOps } from './submission-service';

export type ResponseDeps = Parameters<typeof createResponseService>[0];

/** A provider's answers to the published questionnaire: saved section by section, then submitted. */
export function createResponseService(deps: {
  db: Knex;
  responses: ResponseRepository;
  sectionContexts: SectionContextRepository;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  questionnaires: QuestionnaireService;
  invitations: InvitationService;
  providerInvitations: ProviderInvitationService;
  mail: MailService;
  audit: AuditService;
  attachments: AttachmentService;
  baseUrl: string;
}) {
  const { db, responses } = deps;

  const { load, review } = createResponseLoader(deps);
  const readSectionContext = createSectionReader(deps);

  function sectionOf(snapshot: Snapshot, sectionId: string) {
    const section = sectionIn(snapshot, sectionId);
    if (!section) throw new NotFoundError('Section not found');
    return section;
  }

  async function writeSection(
    actor: Actor,
    context: Awaited<ReturnType<typeof load>>,
    sectionId: string,
    expectedVersion: number,
    complete: boolean,
    items: ReturnType<typeof itemsFor>,
    values: Map<string, AnswerValue>,
    stored: StoredUpload[],
  ) {
    await db.transaction(async (trx) => {
      const response = await responses.ensure(context.invitation.id, context.questionnaireVersion, trx);
      const status = complete ? 'completed' : 'in_progress';
      if (
        !(await responses.advanceSection(response.id, sectionId, expectedVersion, status, actor.userId!, trx))
      ) {
        throw new ConflictError(
          'Someone else from your organisation saved this section while you were editing it. Nothing you typed was lost: it is shown below. Save again to replace their answers with yours.',
        );
      }
      const fileValues = await deps.attachments.record(response.id, stored, actor.userId!, trx);
      const answers = items
        // A file question keeps its earlier file unless a new one was uploaded.
        .filter((item) => item.question.type !== 'file_upload' || fileValues.has(item.key))
        .map((item) => {
          const added = fileValues.get(item.key);
          const value = added
            ? [...fileIds(context.saved.get(item.key) ?? null), ...added]
            : (values.get(item.key) ?? null);
          return { questionId: item.question.id, areaId: item.area?.id ?? null, value };
        });
      const changed = await responses.saveAnswers(response.id, answers, actor.userId!, trx);
      // Changing a submitted response needs submitting again; the earlier submission is kept.
      const reopened = response.status === 'submitted' && changed > 0;
      await responses.update(
        response.id,
        { questionnaire_version: context.questionnaireVersion, ...(reopened ? { status: 'draft' } : {}) },
        trx,
      );
      await deps.invitations.recordResponseProgress(trx, context.invitation.id, 'in_progress');
      await deps.audit.record(
        actor,
        {
          action: 'response.section_saved',
          recordType: 'response',
          recordId: response.id,
          changes: { sectionId, complete, changed },
        },
        trx,
      );
    });
  }

  return {
    load,

    /** One section's page: its questions with the saved answers (section-reader.ts reads them). */
    async section(user: ProviderUser, exerciseId: string, sectionId: string) {
      const context = user.organisationId
        ? await readSectionContext(user.organisationId, exerciseId, sectionId)
        : undefined;
      if (!context) throw new NotFoundError('Exercise not found');
      if (!context.versionId) throw new NotFoundError('The questionnaire has not been published yet');
      const snapshot = await deps.questionnaires.publishedSnapshot(context.versionId);
      const section = sectionOf(snapshot, sectionId);
      const saved: SavedAnswers = new Map(
        context.answers.map(([questionId, areaId, value]) => [answerKey(questionId, areaId), value]),
      );
      return {
        exercise: { id: context.exerciseId, title: context.exerciseTitle },
        responseId: context.responseId,
        section,
        saved,
        items: itemsFor(section, snapshot, context.areas, saved),
        fileNames: new Map(context.fileNames),
        sectionVersion: context.sectionVersion,
        open: isAmendable(context.exerciseStatus, context.invitationStatus, deadlineOf(context, context)),
      };
    },

    /**
     * Saves one section. A stale section version means someone else from the organisation saved
     * it meanwhile: nothing is written and the conflict is reported with what was typed kept.
     */
    async saveSection(
      actor: Actor,
      user: ProviderUser,
      exerciseId: string,
      sectionId: string,
      expectedVersion: number,
      body: Record<string, unknown>,
      complete: boolean,
      files: UploadedFile[] = [],
    ) {
      const context = await load(user, exerciseId);
      if (!context.open) {
        throw new UserFacingError(
          'This questionnaire can no longer be changed: the deadline has passed or the exercise has closed',
        );
      }
      const section = sectionOf(context.snapshot, sectionId);
      const items = itemsFor(section, context.snapshot, context.areas, context.saved);
      const parsed = parseAnswers(items, body, complete);
      const uploads = await checkUploads(items, files, context.saved, complete);
      parsed.errors.push(...uploads.errors);
      if (parsed.errors.length > 0) return { parsed, saved: false as const };
      const stored = await deps.attachments.store(uploads.accepted);
      try {
        await writeSection(
          actor,
          context,
          sectionId,
          expectedVersion,
          complete,
          items,
          parsed.values,
          stored,
        );
      } catch (error) {
        await deps.attachments.discard(stored);
        throw error;
      }
      return { parsed, saved: true as const };
    },

    review,

    /** Takes one file off a file question's answer; the file itself stays in the history. */
    async removeFile(
      actor: Actor,
      user: ProviderUser,
      exerciseId: string,
      sectionId: string,
      fileId: string,
    ) {
      const context = await load(user, exerciseId);
      if (!context.open) throw new UserFacingError('This questionnaire can no longer be changed');
      const section = sectionOf(context.snapshot, sectionId);
      const item = itemsFor(section, context.snapshot, context.areas, context.saved).find(
        (candidate) =>
          candidate.question.type === 'file_upload' &&
          fileIds(context.saved.get(candidate.key) ?? null).includes(fileId),
      );
      if (!item || !context.response) throw new NotFoundError('File not found');
      const remaining = fileIds(context.saved.get(item.key) ?? null).filter((id) => id !== fileId);
      await db.transaction(async (trx) => {
        const answer = {
          questionId: item.question.id,
          areaId: item.area?.id ?? null,
          value: remaining.length ? remaining : null,
        };
        await responses.saveAnswers(context.response!.id, [answer], actor.userId!, trx);
        if (context.response!.status === 'submitted')
          await responses.update(context.response!.id, { status: 'draft' }, trx);
        await deps.audit.record(
          actor,
          {
            action: 'response.file_removed',
            recordType: 'response',
            recordId: context.response!.id,
            changes: { fileId },
          },
          trx,
        );
      });
    },

    ...createStaffResponseOps(deps),
    ...createVersionOps(deps, { load }),
    ...createSubmissionOps(deps, { review }),
  };
}

export type ResponseService = ReturnType<typeof createResponseService>;
