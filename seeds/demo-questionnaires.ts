import type { Knex } from 'knex';
import { createQuestionRepository } from '../server/modules/questionnaires/question-repository';
import { materialise, workingCopy } from '../server/modules/questionnaires/questionnaire-changes';
import { createQuestionnaireRepository } from '../server/modules/questionnaires/questionnaire-repository';
import { diffSnapshots } from '../server/modules/questionnaires/questionnaire-structure';
import { STANDARD_TEMPLATE } from '../server/modules/questionnaires/standard-template';

/** The standard questionnaire on an exercise, published as version 1, as staff would have done. */
export async function seedDemoQuestionnaire(
  trx: Knex,
  exerciseId: string,
  staffUserId: string,
): Promise<void> {
  const questionnaires = createQuestionnaireRepository(trx);
  const questions = createQuestionRepository(trx);
  const id = await questionnaires.insert(exerciseId, trx);
  if (!id) return;
  await materialise(questions, id, STANDARD_TEMPLATE, trx);
  const snapshot = await workingCopy(questions, id, trx);
  await questionnaires.insertVersion(
    { questionnaireId: id, number: 1, snapshot, changeSummary: diffSnapshots(null, snapshot) },
    staffUserId,
    trx,
  );
  await questions.markAllPublished(id, trx);
  await questionnaires.markPublished(id, 1, trx);
}
