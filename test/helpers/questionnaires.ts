import type { Knex } from 'knex';
import { postForm } from './exercises';
import type { Agent } from './http';

export const questionnairePath = (exerciseId: string) => `/exercises/${exerciseId}/questionnaire`;

export const questionnaireOf = (db: Knex, exerciseId: string) =>
  db('questionnaires').where({ exercise_id: exerciseId }).first();

/** The working copy's questions in display order, archived ones included. */
export const questionsOf = (db: Knex, exerciseId: string) =>
  db('questions as q')
    .join('questionnaire_sections as s', 's.id', 'q.section_id')
    .join('questionnaires as n', 'n.id', 'q.questionnaire_id')
    .where('n.exercise_id', exerciseId)
    .orderBy(['s.position', 'q.position'])
    .select('q.*');

export async function createQuestionnaire(
  agent: Agent,
  exerciseId: string,
  source = 'template',
  copyFrom = '',
) {
  const path = questionnairePath(exerciseId);
  // The overview always has a form (sign out), also once the questionnaire exists.
  return postForm(agent, path, path, { source, copyFrom });
}

export async function addSection(agent: Agent, exerciseId: string, title: string, description = '') {
  const path = questionnairePath(exerciseId);
  return postForm(agent, `${path}/sections/new`, `${path}/sections`, { title, description });
}

export async function addQuestion(
  agent: Agent,
  exerciseId: string,
  sectionId: string,
  type: string,
  fields: Record<string, string | string[]> = {},
) {
  const path = questionnairePath(exerciseId);
  return postForm(agent, `${path}/questions/new?section=${sectionId}&type=${type}`, `${path}/questions`, {
    type,
    sectionId,
    label: 'A question',
    helpText: '',
    ...(fields as Record<string, string>),
  });
}

export async function publish(agent: Agent, db: Knex, exerciseId: string) {
  const path = `${questionnairePath(exerciseId)}/publish`;
  const { version } = await questionnaireOf(db, exerciseId);
  return postForm(agent, path, path, { version: String(version) });
}
