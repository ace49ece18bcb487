import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import { changedFields, type Actor } from '../audit/audit-service';
import type { QuestionRepository } from './question-repository';
import { changedSettings, createChangeRunner, type ChangeDeps } from './questionnaire-changes';
import { settingsOf, type QuestionSettings } from './questionnaire-structure';

export type SectionInput = { title: string; description: string };

const SECTION_CONFLICT = 'Someone else changed this section while you were editing. Check it and try again.';
const QUESTION_CONFLICT =
  'Someone else changed this question while you were editing. Check it and try again.';

/** Swaps an item with its neighbour in display order; false when it is already at that end. */
async function swapWithNeighbour<T extends { id: string; position: number }>(
  items: T[],
  id: string,
  direction: 'up' | 'down',
  setPosition: (id: string, position: number) => Promise<unknown>,
): Promise<boolean> {
  const ordered = [...items].sort((a, b) => a.position - b.position);
  const index = ordered.findIndex((item) => item.id === id);
  const neighbour = ordered[direction === 'up' ? index - 1 : index + 1];
  if (index < 0 || !neighbour) return false;
  await setPosition(ordered[index].id, neighbour.position);
  await setPosition(neighbour.id, ordered[index].position);
  return true;
}

/** Changes to the working copy's sections and questions; each one audited and checked. */
export function createQuestionService(deps: ChangeDeps) {
  const { questions } = deps;
  const change = createChangeRunner(deps);

  const sectionOrThrow = async (repo: QuestionRepository, questionnaireId: string, id: string, trx: Knex) => {
    const section = await repo.findSection(questionnaireId, id, trx);
    if (!section) throw new NotFoundError('Section not found');
    return section;
  };
  const questionOrThrow = async (questionnaireId: string, id: string, trx: Knex) => {
    const question = await questions.findQuestion(questionnaireId, id, trx);
    if (!question) throw new NotFoundError('Question not found');
    return question;
  };

  return {
    addSection: (actor: Actor, exerciseId: string, input: SectionInput) =>
      change(actor, exerciseId, 'questionnaire.section_added', async (questionnaire, trx) => {
        const id = await questions.insertSection(questionnaire.id, input, trx);
        return { result: id, changes: { sectionId: id, ...input } };
      }),

    editSection: (
      actor: Actor,
      exerciseId: string,
      sectionId: string,
      version: number,
      input: SectionInput,
    ) =>
      change(actor, exerciseId, 'questionnaire.section_updated', async (questionnaire, trx) => {
        const section = await sectionOrThrow(questions, questionnaire.id, sectionId, trx);
        if (!(await questions.updateSection(sectionId, version, input, trx)))
          throw new ConflictError(SECTION_CONFLICT);
        return { result: undefined, changes: { sectionId, ...changedFields(section, input) } };
      }),

    moveSection: (actor: Actor, exerciseId: string, sectionId: string, direction: 'up' | 'down') =>
      change(actor, exerciseId, 'questionnaire.section_moved', async (questionnaire, trx) => {
        const section = await sectionOrThrow(questions, questionnaire.id, sectionId, trx);
        const active = (await questions.sections(questionnaire.id, trx)).filter((s) => !s.archived);
        await swapWithNeighbour(active, sectionId, direction, (id, position) =>
          questions.updateSection(id, null, { position }, trx),
        );
        return { result: undefined, changes: { sectionId, title: section.title, direction } };
      }),

    /** Only an empty section goes; one that held published questions is archived with them. */
    removeSection: (actor: Actor, exerciseId: string, sectionId: string) =>
      change(actor, exerciseId, 'questionnaire.section_removed', async (questionnaire, trx) => {
        const section = await sectionOrThrow(questions, questionnaire.id, sectionId, trx);
        const inSection = (await questions.questions(questionnaire.id, trx)).filter(
          (q) => q.sectionId === sectionId,
        );
        if (inSection.some((question) => !question.archived)) {
          throw new UserFacingError(
            `Remove or move the questions in “${section.title}” before removing the section`,
            `section-${sectionId}`,
          );
        }
        if (inSection.length) await questions.updateSection(sectionId, null, { archived: true }, trx);
        else await questions.deleteSection(sectionId, trx);
        return { result: undefined, changes: { sectionId, title: section.title } };
      }),

    addQuestion: (actor: Actor, exerciseId: string, sectionId: string, settings: QuestionSettings) =>
      change(actor, exerciseId, 'questionnaire.question_added', async (questionnaire, trx) => {
        await sectionOrThrow(questions, questionnaire.id, sectionId, trx);
        if (settings.type === 'interest_matrix') {
          const existing = await questions.questions(questionnaire.id, trx);
          if (existing.some((question) => question.type === 'interest_matrix' && !question.archived))
            throw new UserFacingError('A questionnaire can only have one interest matrix', 'type');
        }
        const id = await questions.insertQuestion(questionnaire.id, sectionId, settings, trx);
        return { result: id, changes: { questionId: id, sectionId, ...changedSettings({}, settings) } };
      }),

    /** The type of a question is fixed: answers already given would not fit another type. */
    editQuestion: (
      actor: Actor,
      exerciseId: string,
      questionId: string,
      version: number,
      sectionId: string,
      settings: QuestionSettings,
    ) =>
      change(actor, exerciseId, 'questionnaire.question_updated', async (questionnaire, trx) => {
        const question = await questionOrThrow(questionnaire.id, questionId, trx);
        if (settings.type !== question.type)
          throw new UserFacingError(
            'The type of a question cannot be changed. Add a new question instead.',
            'type',
          );
        const moved = sectionId !== question.sectionId;
        if (moved) await sectionOrThrow(questions, questionnaire.id, sectionId, trx);
        const placement = moved
          ? { sectionId, position: await questions.nextQuestionPosition(sectionId, trx) }
          : {};
        if (!(await questions.updateQuestion(questionId, version, { ...settings, ...placement }, trx)))
          throw new ConflictError(QUESTION_CONFLICT);
        const changes = changedSettings(settingsOf(question), settings);
        return { result: undefined, changes: { questionId, ...changes, ...(moved ? { sectionId } : {}) } };
      }),

    moveQuestion: (actor: Actor, exerciseId: string, questionId: string, direction: 'up' | 'down') =>
      change(actor, exerciseId, 'questionnaire.question_moved', async (questionnaire, trx) => {
        const question = await questionOrThrow(questionnaire.id, questionId, trx);
        const siblings = (await questions.questions(questionnaire.id, trx)).filter(
          (other) => other.sectionId === question.sectionId && !other.archived,
        );
        await swapWithNeighbour(siblings, questionId, direction, (id, position) =>
          questions.updateQuestion(id, null, { position }, trx),
        );
        return { result: undefined, changes: { questionId, label: question.label, direction } };
      }),

    /** A question that was ever published may have answers: it is archived, never deleted. */
    removeQuestion: (actor: Actor, exerciseId: string, questionId: string) =>
      change(actor, exerciseId, 'questionnaire.question_removed', async (questionnaire, trx) => {
        const question = await questionOrThrow(questionnaire.id, questionId, trx);
        if (question.wasPublished) await questions.updateQuestion(questionId, null, { archived: true }, trx);
        else await questions.deleteQuestion(questionId, trx);
        return {
          result: undefined,
          changes: { questionId, label: question.label, archived: question.wasPublished },
        };
      }),
  };
}

export type QuestionService = ReturnType<typeof createQuestionService>;
