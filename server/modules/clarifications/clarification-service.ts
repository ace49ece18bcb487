import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { InvitationService } from '../invitations/invitation-service';
import type { ProviderInvitationService, ProviderUser } from '../invitations/provider-invitation-service';
import type { MailService } from '../mail/mail-service';
import { newQuestionEmail, privateAnswerEmail, publishedEmail } from './clarification-emails';
import type { ClarificationRepository, Visibility } from './clarification-repository';

/**
 * Clarification questions and answers. Equal treatment: an answer of general interest is
 * published to every invitee without saying who asked; one about the asker only stays private.
 */
export function createClarificationService(deps: {
  db: Knex;
  clarifications: ClarificationRepository;
  exercises: ExerciseService;
  invitations: InvitationService;
  providerInvitations: ProviderInvitationService;
  mail: MailService;
  audit: AuditService;
  baseUrl: string;
}) {
  const { db, clarifications, audit } = deps;
  const record = (actor: Actor, id: string, action: string, changes: Record<string, unknown>, trx: Knex) =>
    audit.record(actor, { action, recordType: 'clarification', recordId: id, changes }, trx);

  async function publishToEveryone(trx: Knex, exercise: { id: string; title: string; reference: string }) {
    for (const contact of await deps.invitations.recipients(exercise.id)) {
      await deps.mail.queue(trx, contact.email, publishedEmail(exercise, contact.name, deps.baseUrl));
    }
  }

  return {
    listForStaff: (exerciseId: string) => clarifications.listForExercise(exerciseId),
    listPublished: (exerciseId: string) => clarifications.listPublished(exerciseId),

    async listForProvider(user: ProviderUser, exerciseId: string) {
      const invitation = await deps.providerInvitations.findOwn(user, exerciseId);
      return clarifications.listForProvider(exerciseId, invitation.organisationId);
    },

    async find(exerciseId: string, id: string) {
      const clarification = await clarifications.find(exerciseId, id);
      if (!clarification) throw new NotFoundError('Clarification not found');
      return clarification;
    },

    async ask(actor: Actor, user: ProviderUser, exerciseId: string, question: string): Promise<void> {
      const invitation = await deps.providerInvitations.findOwn(user, exerciseId);
      const exercise = await deps.exercises.find(exerciseId);
      if (exercise.status !== 'open')
        throw new UserFacingError('This exercise is not taking questions', 'question');
      if (exercise.questionsCloseAt && exercise.questionsCloseAt < new Date()) {
        throw new UserFacingError('The deadline for clarification questions has passed', 'question');
      }
      await db.transaction(async (trx) => {
        const id = await clarifications.insert(
          { exerciseId, organisationId: invitation.organisationId, askedBy: actor.userId!, question },
          trx,
        );
        await record(actor, id, 'clarification.asked', { exerciseId }, trx);
        await deps.mail.queue(trx, exercise.contactEmail, newQuestionEmail(exercise, deps.baseUrl));
      });
    },

    async answer(
      actor: Actor,
      exerciseId: string,
      id: string,
      version: number,
      input: { publishedQuestion: string; answer: string; visibility: Visibility },
    ): Promise<void> {
      const exercise = await deps.exercises.find(exerciseId);
      await db.transaction(async (trx) => {
        const clarification = await clarifications.find(exerciseId, id, trx);
        if (!clarification) throw new NotFoundError('Clarification not found');
        if (clarification.answer !== null)
          throw new UserFacingError('This question has already been answered', 'answer');
        if (input.visibility === 'private' && !clarification.organisationId) {
          throw new UserFacingError('Only a provider’s own question can be answered privately', 'visibility');
        }
        if (!(await clarifications.answer(id, version, { ...input, answeredBy: actor.userId! }, trx))) {
          throw new ConflictError('Someone else answered this question first.');
        }
        await record(actor, id, 'clarification.answered', { visibility: input.visibility, exerciseId }, trx);
        if (input.visibility === 'all') await publishToEveryone(trx, exercise);
        else {
          for (const contact of await deps.invitations.recipients(
            exerciseId,
            clarification.organisationId!,
          )) {
            await deps.mail.queue(
              trx,
              contact.email,
              privateAnswerEmail(exercise, contact.name, deps.baseUrl),
            );
          }
        }
      });
    },

    /** Staff publish a clarification nobody asked in writing, e.g. a point raised at a meeting. */
    async publish(
      actor: Actor,
      exerciseId: string,
      input: { question: string; answer: string },
    ): Promise<void> {
      const exercise = await deps.exercises.find(exerciseId);
      if (exercise.status !== 'open')
        throw new UserFacingError('Clarifications can be published while the exercise is open', 'question');
      await db.transaction(async (trx) => {
        const id = await clarifications.insert(
          { exerciseId, organisationId: null, askedBy: actor.userId!, question: input.question },
          trx,
        );
        await clarifications.answer(
          id,
          1,
          {
            publishedQuestion: input.question,
            answer: input.answer,
            visibility: 'all',
            answeredBy: actor.userId!,
          },
          trx,
        );
        await record(actor, id, 'clarification.published', { exerciseId }, trx);
        await publishToEveryone(trx, exercise);
      });
    },
  };
}

export type ClarificationService = ReturnType<typeof createClarificationService>;
