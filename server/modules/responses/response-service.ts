import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { ProviderInvitationService, ProviderUser } from '../invitations/provider-invitation-service';
import type { MailService } from '../mail/mail-service';
import type { QuestionnaireService } from '../questionnaires/questionnaire-service';
import type { ChangeSummary } from '../questionnaires/questionnaire-structure';
import { answerKey, itemsFor, type AnswerValue, type Area, type SavedAnswers } from './answer-items';
import { formatAnswer, itemLabel } from './answer-format';
import { parseAnswers } from './answer-validation';
import {
  checkUploads,
  fileIds,
  type AttachmentService,
  type StoredUpload,
  type UploadedFile,
} from './attachment-service';
import type { ResponseRepository } from './response-repository';

const AMENDABLE = ['invited', 'opened', 'in_progress', 'submitted'];

/** A provider's answers to the published questionnaire: saved section by section, then submitted. */
export function createResponseService(deps: {
  db: Knex;
  responses: ResponseRepository;
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

  /** Everything a provider's pages need, scoped to the provider's own organisation. */
  async function load(user: ProviderUser, exerciseId: string) {
    const invitation = await deps.providerInvitations.findOwn(user, exerciseId);
    const exercise = await deps.exercises.find(exerciseId);
    const published = await deps.questionnaires.latestPublished(exerciseId);
    if (!published) throw new NotFoundError('The questionnaire has not been published yet');
    const areas: Area[] = (await deps.areas.tree(exerciseId))
      .filter((area) => area.status === 'active')
      .map((area) => ({ id: area.id, name: area.name }));
    const response = await responses.findByInvitation(invitation.id);
    const saved: SavedAnswers = new Map(
      (response ? await responses.answers(response.id) : []).map((a) => [
        answerKey(a.questionId, a.areaId),
        a.value,
      ]),
    );
    const progress = response ? await responses.progress(response.id) : [];
    const deadline = invitation.deadlineExtendedTo ?? exercise.responsesCloseAt;
    const open =
      exercise.status === 'open' &&
      AMENDABLE.includes(invitation.status) &&
      (!deadline || deadline > new Date());
    return {
      invitation,
      exercise,
      snapshot: published.snapshot,
      questionnaireVersion: published.number,
      areas,
      response,
      saved,
      progress,
      deadline,
      open,
    };
  }

  /** Sections with what is missing, for the check-your-answers page and for submitting. */
  async function review(user: ProviderUser, exerciseId: string) {
    const context = await load(user, exerciseId);
    const sections = context.snapshot.sections.map((section) => {
      const items = itemsFor(section, context.snapshot, context.areas, context.saved);
      const missing = items.filter(
        (item) =>
          item.question.required &&
          item.question.type !== 'file_upload' &&
          (context.saved.get(item.key) ?? null) === null,
      );
      return {
        section,
        items,
        missing,
        status: context.progress.find((p) => p.sectionId === section.id)?.status ?? 'not_started',
      };
    });
    return { ...context, sections };
  }

  /** The submitted answers as plain lines for the email receipt. */
  function answerCopy(checked: Awaited<ReturnType<typeof review>>): string[] {
    return checked.sections.flatMap(({ section, items }) => [
      `${section.title}:`,
      ...items.map(
        (item) => `- ${itemLabel(item)}: ${formatAnswer(item, checked.saved.get(item.key) ?? null)}`,
      ),
    ]);
  }

  function sectionOf(snapshot: Awaited<ReturnType<typeof load>>['snapshot'], sectionId: string) {
    const section = snapshot.sections.find((candidate) => candidate.id === sectionId);
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
      let changed = 0;
      for (const item of items) {
        // A file question keeps its earlier file unless a new one was uploaded.
        if (item.question.type === 'file_upload' && !fileValues.has(item.key)) continue;
        const added = fileValues.get(item.key);
        const value = added
          ? [...fileIds(context.saved.get(item.key) ?? null), ...added]
          : (values.get(item.key) ?? null);
        const answer = { questionId: item.question.id, areaId: item.area?.id ?? null, value };
        if (await responses.saveAnswer(response.id, answer, actor.userId!, trx)) changed += 1;
      }
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

    async section(user: ProviderUser, exerciseId: string, sectionId: string) {
      const context = await load(user, exerciseId);
      const section = sectionOf(context.snapshot, sectionId);
      const progress = context.progress.find((p) => p.sectionId === sectionId);
      return {
        ...context,
        section,
        items: itemsFor(section, context.snapshot, context.areas, context.saved),
        sectionVersion: progress?.version ?? 0,
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
        await responses.saveAnswer(context.response!.id, answer, actor.userId!, trx);
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

    /** Staff read any response: answers as they stand, every change, every submission. */
    async forStaff(exerciseId: string, invitationId: string) {
      const invitation = await deps.invitations.find(exerciseId, invitationId);
      const exercise = await deps.exercises.find(exerciseId);
      const published = await deps.questionnaires.latestPublished(exerciseId);
      const areas: Area[] = (await deps.areas.tree(exerciseId))
        .filter((a) => a.status === 'active')
        .map((a) => ({ id: a.id, name: a.name }));
      const response = await responses.findByInvitation(invitation.id);
      const saved: SavedAnswers = new Map(
        (response ? await responses.answers(response.id) : []).map((a) => [
          answerKey(a.questionId, a.areaId),
          a.value,
        ]),
      );
      const sections = (published?.snapshot.sections ?? []).map((section) => ({
        section,
        items: itemsFor(section, published!.snapshot, areas, saved),
      }));
      return {
        invitation,
        exercise,
        response,
        saved,
        sections,
        history: response ? await responses.history(response.id) : [],
      };
    },

    async reopen(actor: Actor, exerciseId: string, invitationId: string, reason: string) {
      const invitation = await deps.invitations.find(exerciseId, invitationId);
      const exercise = await deps.exercises.find(exerciseId);
      await db.transaction(async (trx) => {
        const response = await responses.findByInvitation(invitation.id, trx);
        if (!response || response.status !== 'submitted')
          throw new UserFacingError('Only a submitted response can be reopened', 'reason');
        await responses.update(response.id, { status: 'draft' }, trx);
        await deps.invitations.recordResponseReopened(trx, invitation.id);
        await deps.audit.record(
          actor,
          { action: 'response.reopened', recordType: 'response', recordId: response.id, changes: { reason } },
          trx,
        );
        for (const contact of await deps.invitations.contactsOf(invitation.id)) {
          await deps.mail.queue(trx, contact.email, {
            subject: `Your response has been reopened: ${exercise.title}`,
            greeting: `Dear ${contact.name},`,
            paragraphs: [
              `The council has reopened your organisation’s response to ${exercise.title} so that it can be changed.`,
              `Reason: ${reason}`,
              'Make any changes and submit it again.',
            ],
            link: {
              text: 'Open your response',
              url: `${deps.baseUrl}/provider/exercises/${exerciseId}/response`,
            },
          });
        }
      });
    },

    /**
     * A new questionnaire version: every provider that answered an earlier one is told what changed
     * and asked to confirm or update its answers (in the publishing transaction).
     */
    async notifyRepublished(trx: Knex, exerciseId: string, version: number, summary: ChangeSummary) {
      const exercise = await deps.exercises.find(exerciseId);
      const changes = [
        ...summary.added.map((q) => `New question: ${q.label}`),
        ...summary.changed.map((q) => `Changed: ${q.label}`),
        ...summary.removed.map((q) => `Removed: ${q.label}`),
      ];
      for (const response of await responses.answeredBefore(exerciseId, version, trx)) {
        for (const contact of await deps.invitations.contactsOf(response.invitationId)) {
          await deps.mail.queue(trx, contact.email, {
            subject: `The questionnaire has changed: ${exercise.title}`,
            greeting: `Dear ${contact.name},`,
            paragraphs: [
              `The council has published version ${version} of the questionnaire for ${exercise.title}. Your answers are kept.`,
              ...changes.slice(0, 20),
              'Please check your answers, then either update them or confirm that they still stand.',
            ],
            link: {
              text: 'Check your response',
              url: `${deps.baseUrl}/provider/exercises/${exerciseId}/response`,
            },
          });
        }
      }
    },

    /** The provider confirms its answers stand for the current questionnaire version. */
    async confirmCurrentVersion(actor: Actor, user: ProviderUser, exerciseId: string) {
      const context = await load(user, exerciseId);
      if (!context.response || context.response.questionnaireVersion >= context.questionnaireVersion) return;
      await db.transaction(async (trx) => {
        await responses.update(
          context.response!.id,
          { questionnaire_version: context.questionnaireVersion },
          trx,
        );
        await deps.audit.record(
          actor,
          {
            action: 'response.version_confirmed',
            recordType: 'response',
            recordId: context.response!.id,
            changes: { version: context.questionnaireVersion },
          },
          trx,
        );
      });
    },

    async changesSinceAnswered(exerciseId: string, answeredVersion: number, currentVersion: number) {
      return answeredVersion < currentVersion
        ? deps.questionnaires.changesBetween(exerciseId, answeredVersion, currentVersion)
        : undefined;
    },

    async submit(actor: Actor, user: ProviderUser, exerciseId: string, expectedVersion: number) {
      const checked = await review(user, exerciseId);
      if (!checked.open)
        throw new UserFacingError(
          'This questionnaire can no longer be submitted: the deadline has passed or the exercise has closed',
        );
      const incomplete = checked.sections.filter((s) => s.status !== 'completed' || s.missing.length > 0);
      if (!checked.response || incomplete.length > 0) {
        throw new UserFacingError(
          `Complete every section before submitting: ${incomplete.map((s) => s.section.title).join(', ')}`,
          'submit',
        );
      }
      const response = checked.response;
      if (response.status === 'submitted') return;
      await db.transaction(async (trx) => {
        const locked = await responses.ensure(checked.invitation.id, checked.questionnaireVersion, trx);
        if (locked.version !== expectedVersion)
          throw new ConflictError(
            'Your organisation’s response changed since you checked it. Check your answers again.',
          );
        const number = locked.submissionCount + 1;
        const answers = (await responses.answers(locked.id, trx)).map(({ questionId, areaId, value }) => ({
          questionId,
          areaId,
          value,
        }));
        await responses.insertSubmission(
          {
            responseId: locked.id,
            number,
            questionnaireVersion: checked.questionnaireVersion,
            answers,
            userId: actor.userId!,
          },
          trx,
        );
        await responses.update(
          locked.id,
          { status: 'submitted', submitted_at: trx.fn.now(), submission_count: number },
          trx,
        );
        await deps.invitations.recordResponseProgress(trx, checked.invitation.id, 'submitted');
        await deps.audit.record(
          actor,
          {
            action: 'response.submitted',
            recordType: 'response',
            recordId: locked.id,
            changes: { submission: number },
          },
          trx,
        );
        for (const contact of await deps.invitations.contactsOf(checked.invitation.id)) {
          await deps.mail.queue(trx, contact.email, {
            subject: `Response received: ${checked.exercise.title}`,
            greeting: `Dear ${contact.name},`,
            paragraphs: [
              `Thank you. Your organisation’s response to ${checked.exercise.title} (${checked.exercise.reference}) was received. You can change it until the deadline; changes must be submitted again.`,
              'A copy of your answers:',
              ...answerCopy(checked),
            ],
            link: {
              text: 'See your response',
              url: `${deps.baseUrl}/provider/exercises/${exerciseId}/response`,
            },
          });
        }
      });
    },
  };
}

export type ResponseService = ReturnType<typeof createResponseService>;
