import type { Knex } from 'knex';
import { answerKey, type AnswerValue } from './answer-items';

export type Response = {
  id: string;
  invitationId: string;
  status: 'draft' | 'submitted';
  questionnaireVersion: number;
  submittedAt: Date | null;
  submissionCount: number;
  version: number;
};

export type StoredAnswer = { questionId: string; areaId: string | null; value: AnswerValue };
export type SectionProgress = {
  sectionId: string;
  status: 'in_progress' | 'completed';
  version: number;
};
export type AnswerChange = {
  questionId: string;
  areaId: string | null;
  oldValue: AnswerValue;
  newValue: AnswerValue;
  changedBy: string | null;
  changedByName: string | null;
  changedAt: Date;
};

const RESPONSE_COLUMNS = [
  'id',
  'invitation_id as invitationId',
  'status',
  'questionnaire_version as questionnaireVersion',
  'submitted_at as submittedAt',
  'submission_count as submissionCount',
  'version',
];

export function createResponseRepository(db: Knex) {
  return {
    async findByInvitation(invitationId: string, trx: Knex = db): Promise<Response | undefined> {
      return trx('responses')
        .where({ invitation_id: invitationId })
        .first<Response | undefined>(RESPONSE_COLUMNS);
    },

    /** The response for an invitation, created on first save; concurrent first saves create one. */
    async ensure(invitationId: string, questionnaireVersion: number, trx: Knex): Promise<Response> {
      await trx('responses')
        .insert({ invitation_id: invitationId, questionnaire_version: questionnaireVersion })
        .onConflict('invitation_id')
        .ignore();
      return trx('responses')
        .where({ invitation_id: invitationId })
        .forUpdate()
        .first<Response>(RESPONSE_COLUMNS);
    },

    async answers(responseId: string, trx: Knex = db): Promise<StoredAnswer[]> {
      return trx('answers')
        .where({ response_id: responseId })
        .select('question_id as questionId', 'area_id as areaId', 'value');
    },

    /**
     * Writes answers and, for each that changed, a history row with the earlier value; returns how
     * many changed. A few statements whatever the number of answers: a section can hold dozens.
     */
    async saveAnswers(
      responseId: string,
      answers: { questionId: string; areaId: string | null; value: AnswerValue }[],
      userId: string,
      trx: Knex,
    ): Promise<number> {
      if (answers.length === 0) return 0;
      const stored: StoredAnswer[] = await trx('answers')
        .where({ response_id: responseId })
        .whereIn('question_id', [...new Set(answers.map((answer) => answer.questionId))])
        .select('question_id as questionId', 'area_id as areaId', 'value');
      const before = new Map(stored.map((row) => [answerKey(row.questionId, row.areaId), row.value]));
      const changed = answers
        .map((answer) => ({
          ...answer,
          before: before.get(answerKey(answer.questionId, answer.areaId)) ?? null,
        }))
        .filter((answer) => JSON.stringify(answer.before) !== JSON.stringify(answer.value));
      if (changed.length === 0) return 0;
      await trx('answers')
        .insert(
          changed.map((answer) => ({
            response_id: responseId,
            question_id: answer.questionId,
            area_id: answer.areaId,
            value: JSON.stringify(answer.value),
            updated_by: userId,
          })),
        )
        // The unique index on answers, whose all-zero id stands for "no area" (migration 20261124000700).
        .onConflict(
          trx.raw("(response_id, question_id, coalesce(area_id, '00000000-0000-0000-0000-000000000000'))"),
        )
        .merge({ value: trx.raw('excluded.value'), updated_by: userId, updated_at: trx.fn.now() });
      await trx('answer_history').insert(
        changed.map((answer) => ({
          response_id: responseId,
          question_id: answer.questionId,
          area_id: answer.areaId,
          old_value: JSON.stringify(answer.before),
          new_value: JSON.stringify(answer.value),
          changed_by: userId,
        })),
      );
      return changed.length;
    },

    async progress(responseId: string, trx: Knex = db): Promise<SectionProgress[]> {
      return trx('section_progress')
        .where({ response_id: responseId })
        .select('section_id as sectionId', 'status', 'version');
    },

    /** Moves a section's version on, only if nobody else saved it since `expectedVersion` (0: never saved). */
    async advanceSection(
      responseId: string,
      sectionId: string,
      expectedVersion: number,
      status: SectionProgress['status'],
      userId: string,
      trx: Knex,
    ): Promise<boolean> {
      if (expectedVersion === 0) {
        const inserted = await trx('section_progress')
          .insert({ response_id: responseId, section_id: sectionId, status, updated_by: userId })
          .onConflict(['response_id', 'section_id'])
          .ignore()
          .returning('section_id');
        return inserted.length === 1;
      }
      const updated = await trx('section_progress')
        .where({ response_id: responseId, section_id: sectionId, version: expectedVersion })
        .update({ status, version: trx.raw('version + 1'), updated_by: userId, updated_at: trx.fn.now() });
      return updated === 1;
    },

    async update(id: string, changes: Record<string, unknown>, trx: Knex): Promise<void> {
      await trx('responses')
        .where({ id })
        .update({ ...changes, version: trx.raw('version + 1'), updated_at: trx.fn.now() });
    },

    async insertSubmission(
      submission: {
        responseId: string;
        number: number;
        questionnaireVersion: number;
        answers: unknown;
        userId: string;
      },
      trx: Knex,
    ): Promise<void> {
      await trx('response_submissions').insert({
        response_id: submission.responseId,
        number: submission.number,
        questionnaire_version: submission.questionnaireVersion,
        answers: JSON.stringify(submission.answers),
        submitted_by: submission.userId,
      });
    },

    /** Responses of an exercise answered against an earlier questionnaire version. */
    async answeredBefore(
      exerciseId: string,
      version: number,
      trx: Knex,
    ): Promise<{ id: string; invitationId: string }[]> {
      return trx('responses as r')
        .join('invitations as i', 'i.id', 'r.invitation_id')
        .where('i.exercise_id', exerciseId)
        .whereNot('i.status', 'withdrawn')
        .where('r.questionnaire_version', '<', version)
        .select('r.id', 'r.invitation_id as invitationId');
    },

    async history(responseId: string): Promise<AnswerChange[]> {
      return db('answer_history as h')
        .leftJoin('users as u', 'u.id', 'h.changed_by')
        .where('h.response_id', responseId)
        .orderBy('h.changed_at', 'desc')
        .orderBy('h.id', 'desc')
        .select(
          'h.question_id as questionId',
          'h.area_id as areaId',
          'h.old_value as oldValue',
          'h.new_value as newValue',
          'h.changed_by as changedBy',
          'u.name as changedByName',
          'h.changed_at as changedAt',
        );
    },
  };
}

export type ResponseRepository = ReturnType<typeof createResponseRepository>;
