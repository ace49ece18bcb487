import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type Visibility = 'all' | 'private';

export type Clarification = {
  id: string;
  exerciseId: string;
  organisationId: string | null;
  organisationName: string | null;
  question: string;
  askedAt: Date;
  publishedQuestion: string | null;
  answer: string | null;
  visibility: Visibility | null;
  answeredAt: Date | null;
  version: number;
};

export function createClarificationRepository(db: Knex) {
  const base = (trx: Knex) =>
    trx('clarifications as c')
      .leftJoin('organisations as o', 'o.id', 'c.organisation_id')
      .select(
        'c.id',
        'c.exercise_id as exerciseId',
        'c.organisation_id as organisationId',
        'o.name as organisationName',
        'c.question',
        'c.asked_at as askedAt',
        'c.published_question as publishedQuestion',
        'c.answer',
        'c.visibility',
        'c.answered_at as answeredAt',
        'c.version',
      );

  return {
    async listForExercise(exerciseId: string): Promise<Clarification[]> {
      return (await base(db)
        .where('c.exercise_id', exerciseId)
        .orderBy('c.asked_at', 'desc')) as Clarification[];
    },

    /** What one provider may read: answers published to everyone, and its own questions. */
    async listForProvider(exerciseId: string, organisationId: string): Promise<Clarification[]> {
      return (await base(db)
        .where('c.exercise_id', exerciseId)
        .where((query) => query.where('c.visibility', 'all').orWhere('c.organisation_id', organisationId))
        .orderBy('c.asked_at', 'desc')) as Clarification[];
    },

    async listPublished(exerciseId: string): Promise<Clarification[]> {
      return (await base(db)
        .where({ 'c.exercise_id': exerciseId, 'c.visibility': 'all' })
        .orderBy('c.answered_at')) as Clarification[];
    },

    async find(exerciseId: string, id: string, trx: Knex = db): Promise<Clarification | undefined> {
      if (!isUuid(id)) return undefined;
      return (await base(trx).where({ 'c.exercise_id': exerciseId, 'c.id': id }).first()) as
        Clarification | undefined;
    },

    async insert(
      row: { exerciseId: string; organisationId: string | null; askedBy: string; question: string },
      trx: Knex,
    ) {
      const [{ id }] = await trx('clarifications')
        .insert({
          exercise_id: row.exerciseId,
          organisation_id: row.organisationId,
          asked_by: row.askedBy,
          question: row.question,
        })
        .returning<{ id: string }[]>('id');
      return id;
    },

    async answer(
      id: string,
      expectedVersion: number,
      answer: { publishedQuestion: string; answer: string; visibility: Visibility; answeredBy: string },
      trx: Knex,
    ): Promise<boolean> {
      const updated = await trx('clarifications')
        .where({ id, version: expectedVersion })
        .update({
          published_question: answer.publishedQuestion,
          answer: answer.answer,
          visibility: answer.visibility,
          answered_by: answer.answeredBy,
          answered_at: trx.fn.now(),
          version: trx.raw('version + 1'),
        });
      return updated === 1;
    },
  };
}

export type ClarificationRepository = ReturnType<typeof createClarificationRepository>;
