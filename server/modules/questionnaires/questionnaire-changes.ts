import type { Knex } from 'knex';
import { NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import { assertEditable } from '../exercises/exercise-rules';
import type { ExerciseService } from '../exercises/exercise-service';
import type { QuestionRepository } from './question-repository';
import type { ChoiceOption } from './question-types';
import type { Questionnaire, QuestionnaireRepository } from './questionnaire-repository';
import {
  snapshotOf,
  structureProblem,
  type QuestionSettings,
  type Snapshot,
} from './questionnaire-structure';

export type ChangeDeps = {
  db: Knex;
  exercises: ExerciseService;
  questionnaires: QuestionnaireRepository;
  questions: QuestionRepository;
  audit: AuditService;
};

export const workingCopy = async (questions: QuestionRepository, questionnaireId: string, trx?: Knex) =>
  snapshotOf(await questions.sections(questionnaireId, trx), await questions.questions(questionnaireId, trx));

/**
 * One audited change to an exercise's questionnaire working copy: the exercise must be editable,
 * changes to one questionnaire run one at a time (row lock), the result must still be a valid
 * structure, and the questionnaire's version moves on so a publish confirmation can spot it.
 */
export function createChangeRunner(deps: ChangeDeps) {
  return async function change<T>(
    actor: Actor,
    exerciseId: string,
    action: string,
    work: (questionnaire: Questionnaire, trx: Knex) => Promise<{ result: T; changes: object }>,
  ): Promise<T> {
    assertEditable(await deps.exercises.find(exerciseId));
    return deps.db.transaction(async (trx) => {
      const questionnaire = await deps.questionnaires.findByExercise(exerciseId, trx, true);
      if (!questionnaire) throw new NotFoundError('Questionnaire not found');
      const { result, changes } = await work(questionnaire, trx);
      const problem = structureProblem(await workingCopy(deps.questions, questionnaire.id, trx));
      if (problem) throw new UserFacingError(problem.message, problem.field);
      await deps.questionnaires.touch(questionnaire.id, trx);
      await deps.audit.record(
        actor,
        {
          action,
          recordType: 'questionnaire',
          recordId: questionnaire.id,
          changes: { exerciseId, ...changes },
        },
        trx,
      );
      return result;
    });
  };
}

export type ChangeRunner = ReturnType<typeof createChangeRunner>;

/** Audit values people can read in a history table: options and conditions as text. */
function readable(key: string, value: unknown): unknown {
  if (key === 'options' && Array.isArray(value))
    return (value as ChoiceOption[]).map((option) => `${option.label} (${option.points})`).join('; ');
  if (key === 'shownWhen' || key === 'allowedFileTypes') return value === null ? null : JSON.stringify(value);
  return value;
}

/** The old -> new pairs of the settings that changed, compared by value (options are arrays). */
export function changedSettings(before: Partial<QuestionSettings>, after: Partial<QuestionSettings>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [key, value] of Object.entries(after)) {
    const old = before[key as keyof QuestionSettings];
    if (JSON.stringify(old) !== JSON.stringify(value))
      changes[key] = { from: readable(key, old), to: readable(key, value) };
  }
  return changes;
}

/** Inserts a structure into an empty questionnaire, giving each question a new id. */
export async function materialise(
  questions: QuestionRepository,
  questionnaireId: string,
  structure: Snapshot,
  trx: Knex,
): Promise<void> {
  const newIds = new Map<string, string>();
  for (const section of structure.sections) {
    const sectionId = await questions.insertSection(
      questionnaireId,
      { title: section.title, description: section.description },
      trx,
    );
    for (const { id, ...settings } of section.questions) {
      const condition = settings.shownWhen;
      const shownWhen =
        condition && 'questionId' in condition
          ? { questionId: newIds.get(condition.questionId) ?? condition.questionId, equals: condition.equals }
          : condition;
      newIds.set(
        id,
        await questions.insertQuestion(questionnaireId, sectionId, { ...settings, shownWhen }, trx),
      );
    }
  }
}
