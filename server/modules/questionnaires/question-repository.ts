import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';
import type { Question, QuestionSettings, Section } from './questionnaire-structure';

const SECTION_SELECT = [
  'id',
  'questionnaire_id as questionnaireId',
  'title',
  'description',
  'position',
  'archived',
  'version',
];

const QUESTION_COLUMNS: Record<keyof Question, string> = {
  id: 'id',
  questionnaireId: 'questionnaire_id',
  sectionId: 'section_id',
  position: 'position',
  type: 'type',
  label: 'label',
  helpText: 'help_text',
  required: 'required',
  perArea: 'per_area',
  wordLimit: 'word_limit',
  options: 'options',
  scaleMin: 'scale_min',
  scaleMax: 'scale_max',
  scaleMinLabel: 'scale_min_label',
  scaleMaxLabel: 'scale_max_label',
  allowedFileTypes: 'allowed_file_types',
  maxFileMb: 'max_file_mb',
  weight: 'weight',
  shownWhen: 'shown_when',
  archived: 'archived',
  wasPublished: 'was_published',
  version: 'version',
};

const QUESTION_SELECT = Object.entries(QUESTION_COLUMNS).map(([key, column]) => `${column} as ${key}`);

export type QuestionChanges = Partial<
  QuestionSettings & Pick<Question, 'sectionId' | 'position' | 'archived'>
>;

/** jsonb values go in as JSON text: pg would otherwise send a JS array as a PostgreSQL array. */
function toColumns(changes: QuestionChanges): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(changes).map(([key, value]) => [
      QUESTION_COLUMNS[key as keyof Question],
      key === 'options' || key === 'shownWhen' ? (value === null ? null : JSON.stringify(value)) : value,
    ]),
  );
}

export function createQuestionRepository(db: Knex) {
  const nextPosition = async (trx: Knex, table: string, where: Record<string, string>) => {
    const [{ last }] = await trx(table).where(where).max<{ last: number | null }[]>({ last: 'position' });
    return (last ?? 0) + 1;
  };

  return {
    async sections(questionnaireId: string, trx: Knex = db): Promise<Section[]> {
      return trx('questionnaire_sections')
        .where({ questionnaire_id: questionnaireId })
        .orderBy('position')
        .select(SECTION_SELECT);
    },

    async findSection(questionnaireId: string, sectionId: string, trx: Knex = db) {
      if (!isUuid(sectionId)) return undefined;
      return trx('questionnaire_sections')
        .where({ id: sectionId, questionnaire_id: questionnaireId, archived: false })
        .first<Section | undefined>(SECTION_SELECT);
    },

    async insertSection(
      questionnaireId: string,
      section: { title: string; description: string },
      trx: Knex,
    ): Promise<string> {
      const position = await nextPosition(trx, 'questionnaire_sections', {
        questionnaire_id: questionnaireId,
      });
      const [{ id }] = await trx('questionnaire_sections')
        .insert({ questionnaire_id: questionnaireId, ...section, position })
        .returning<{ id: string }[]>('id');
      return id;
    },

    async updateSection(
      id: string,
      expectedVersion: number | null,
      changes: Partial<Pick<Section, 'title' | 'description' | 'position' | 'archived'>>,
      trx: Knex,
    ): Promise<boolean> {
      const query = trx('questionnaire_sections').where({ id });
      if (expectedVersion !== null) query.where({ version: expectedVersion });
      // Only edits move the version on: reordering must not invalidate someone's open edit form.
      const updated = await query.update({
        ...changes,
        ...(expectedVersion === null ? {} : { version: trx.raw('version + 1') }),
        updated_at: trx.fn.now(),
      });
      return updated === 1;
    },

    async deleteSection(id: string, trx: Knex): Promise<void> {
      await trx('questionnaire_sections').where({ id }).delete();
    },

    async questions(questionnaireId: string, trx: Knex = db): Promise<Question[]> {
      return trx('questions')
        .where({ questionnaire_id: questionnaireId })
        .orderBy(['section_id', 'position'])
        .select(QUESTION_SELECT);
    },

    async findQuestion(questionnaireId: string, questionId: string, trx: Knex = db) {
      if (!isUuid(questionId)) return undefined;
      return trx('questions')
        .where({ id: questionId, questionnaire_id: questionnaireId, archived: false })
        .first<Question | undefined>(QUESTION_SELECT);
    },

    async insertQuestion(
      questionnaireId: string,
      sectionId: string,
      settings: QuestionSettings,
      trx: Knex,
    ): Promise<string> {
      const position = await nextPosition(trx, 'questions', { section_id: sectionId });
      const [{ id }] = await trx('questions')
        .insert({ ...toColumns({ ...settings, sectionId, position }), questionnaire_id: questionnaireId })
        .returning<{ id: string }[]>('id');
      return id;
    },

    async nextQuestionPosition(sectionId: string, trx: Knex): Promise<number> {
      return nextPosition(trx, 'questions', { section_id: sectionId });
    },

    /** With an expected version, applies only if nobody changed the question since it was loaded. */
    async updateQuestion(
      id: string,
      expectedVersion: number | null,
      changes: QuestionChanges,
      trx: Knex,
    ): Promise<boolean> {
      const query = trx('questions').where({ id });
      if (expectedVersion !== null) query.where({ version: expectedVersion });
      const updated = await query.update({
        ...toColumns(changes),
        ...(expectedVersion === null ? {} : { version: trx.raw('version + 1') }),
        updated_at: trx.fn.now(),
      });
      return updated === 1;
    },

    async deleteQuestion(id: string, trx: Knex): Promise<void> {
      await trx('questions').where({ id }).delete();
    },

    async markAllPublished(questionnaireId: string, trx: Knex): Promise<void> {
      await trx('questions')
        .where({ questionnaire_id: questionnaireId, archived: false })
        .update({ was_published: true });
    },
  };
}

export type QuestionRepository = ReturnType<typeof createQuestionRepository>;
