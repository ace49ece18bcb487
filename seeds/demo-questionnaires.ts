import type { Knex } from 'knex';
import { createQuestionRepository } from '../server/modules/questionnaires/question-repository';
import { materialise, workingCopy } from '../server/modules/questionnaires/questionnaire-changes';
import { createQuestionnaireRepository } from '../server/modules/questionnaires/questionnaire-repository';
import { diffSnapshots, type Snapshot } from '../server/modules/questionnaires/questionnaire-structure';
import { STANDARD_TEMPLATE } from '../server/modules/questionnaires/standard-template';

/**
 * A questionnaire of the given structure on an exercise, published as version 1, as staff would
 * have done; false when the exercise already has one.
 */
export async function publishQuestionnaire(
  trx: Knex,
  exerciseId: string,
  staffUserId: string,
  structure: Snapshot,
): Promise<boolean> {
  const questionnaires = createQuestionnaireRepository(trx);
  const questions = createQuestionRepository(trx);
  const id = await questionnaires.insert(exerciseId, trx);
  if (!id) return false;
  await materialise(questions, id, structure, trx);
  const snapshot = await workingCopy(questions, id, trx);
  await questionnaires.insertVersion(
    { questionnaireId: id, number: 1, snapshot, changeSummary: diffSnapshots(null, snapshot) },
    staffUserId,
    trx,
  );
  await questions.markAllPublished(id, trx);
  await questionnaires.markPublished(id, 1, trx);
  return true;
}

/** The standard questionnaire on an exercise, published as version 1. */
export async function seedDemoQuestionnaire(
  trx: Knex,
  exerciseId: string,
  staffUserId: string,
): Promise<void> {
  await publishQuestionnaire(trx, exerciseId, staffUserId, STANDARD_TEMPLATE);
}
