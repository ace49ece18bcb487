import type { Knex } from 'knex';
import type { ChangeSummary, Snapshot } from './questionnaire-structure';

export type Questionnaire = {
  id: string;
  exerciseId: string;
  version: number;
  publishedVersion: number | null;
  hasUnpublishedChanges: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export type QuestionnaireVersion = {
  id: string;
  questionnaireId: string;
  number: number;
  snapshot: Snapshot;
  changeSummary: ChangeSummary;
  publishedByName: string;
  publishedAt: Date;
};

const SELECT = [
  'id',
  'exercise_id as exerciseId',
  'version',
  'published_version as publishedVersion',
  'has_unpublished_changes as hasUnpublishedChanges',
  'created_at as createdAt',
  'updated_at as updatedAt',
];

const VERSION_SELECT = [
  'v.id',
  'v.questionnaire_id as questionnaireId',
  'v.number',
  'v.snapshot',
  'v.change_summary as changeSummary',
  'u.name as publishedByName',
  'v.published_at as publishedAt',
];

export function createQuestionnaireRepository(db: Knex) {
  const versions = (trx: Knex) =>
    trx('questionnaire_versions as v').join('users as u', 'u.id', 'v.published_by').select(VERSION_SELECT);

  return {
    /** With `lock`, later changes to the same questionnaire wait for this transaction. */
    async findByExercise(
      exerciseId: string,
      trx: Knex = db,
      lock = false,
    ): Promise<Questionnaire | undefined> {
      const query = trx('questionnaires')
        .where({ exercise_id: exerciseId })
        .first<Questionnaire | undefined>(SELECT);
      return lock ? query.forUpdate() : query;
    },

    /** Returns undefined when the exercise already has one (a double submit). */
    async insert(exerciseId: string, trx: Knex): Promise<string | undefined> {
      const rows = await trx('questionnaires')
        .insert({ exercise_id: exerciseId })
        .onConflict('exercise_id')
        .ignore()
        .returning<{ id: string }[]>('id');
      return rows[0]?.id;
    },

    /** Every change to the working copy moves the version on and marks it unpublished. */
    async touch(id: string, trx: Knex): Promise<void> {
      await trx('questionnaires')
        .where({ id })
        .update({ version: trx.raw('version + 1'), has_unpublished_changes: true, updated_at: trx.fn.now() });
    },

    async markPublished(id: string, number: number | null, trx: Knex): Promise<void> {
      await trx('questionnaires')
        .where({ id })
        .update({
          ...(number === null ? {} : { published_version: number }),
          version: trx.raw('version + 1'),
          has_unpublished_changes: false,
          updated_at: trx.fn.now(),
        });
    },

    async insertVersion(
      version: { questionnaireId: string; number: number; snapshot: Snapshot; changeSummary: ChangeSummary },
      userId: string,
      trx: Knex,
    ): Promise<void> {
      await trx('questionnaire_versions').insert({
        questionnaire_id: version.questionnaireId,
        number: version.number,
        snapshot: JSON.stringify(version.snapshot),
        change_summary: JSON.stringify(version.changeSummary),
        published_by: userId,
      });
    },

    async versions(questionnaireId: string): Promise<QuestionnaireVersion[]> {
      return versions(db).where('v.questionnaire_id', questionnaireId).orderBy('v.number', 'desc');
    },

    /** Which version of an exercise's questionnaire is published, without its snapshot. */
    async publishedVersionOf(
      exerciseId: string,
    ): Promise<{ id: string; number: number; publishedAt: Date } | undefined> {
      return db('questionnaires as q')
        .join('questionnaire_versions as v', (join) =>
          join.on('v.questionnaire_id', 'q.id').andOn('v.number', 'q.published_version'),
        )
        .where('q.exercise_id', exerciseId)
        .first<{ id: string; number: number; publishedAt: Date } | undefined>(
          'v.id',
          'v.number',
          'v.published_at as publishedAt',
        );
    },

    async snapshotOf(versionId: string): Promise<Snapshot | undefined> {
      const row = await db('questionnaire_versions')
        .where({ id: versionId })
        .first<{ snapshot: Snapshot } | undefined>('snapshot');
      return row?.snapshot;
    },

    async findVersion(questionnaireId: string, number: number, trx: Knex = db) {
      return versions(trx)
        .where({ 'v.questionnaire_id': questionnaireId, 'v.number': number })
        .first<QuestionnaireVersion | undefined>();
    },

    /** Other exercises' questionnaires that have questions, to copy from. */
    async copySources(
      exceptExerciseId: string,
    ): Promise<{ exerciseId: string; title: string; reference: string }[]> {
      return db('questionnaires as q')
        .join('exercises as e', 'e.id', 'q.exercise_id')
        .whereNot('q.exercise_id', exceptExerciseId)
        .whereExists(db('questions').whereRaw('questions.questionnaire_id = q.id').where('archived', false))
        .orderBy('e.title')
        .select('e.id as exerciseId', 'e.title', 'e.reference');
    },
  };
}

export type QuestionnaireRepository = ReturnType<typeof createQuestionnaireRepository>;
