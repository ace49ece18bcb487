import type { Knex } from 'knex';
import type { SnapshotSection } from '../../server/modules/questionnaires/questionnaire-structure';

export type SaveCounts = { versions: number; historyRows: number; markers: Map<string, string> };

/**
 * What the database holds for the load providers' saves of one section: the sum of the section's
 * versions (each save moves it on by one), the history rows of its first text question (each
 * save changes it), and that answer's current value per provider.
 */
export async function recordedSaves(
  db: Knex,
  exerciseId: string,
  section: SnapshotSection,
  emails: string[],
): Promise<SaveCounts> {
  const marked = section.questions.find((question) => ['short_text', 'long_text'].includes(question.type));
  if (!marked) throw new Error(`Section "${section.title}" has no text question`);
  const responses = db('responses as r')
    .join('invitations as i', 'i.id', 'r.invitation_id')
    .join('users as u', 'u.organisation_id', 'i.organisation_id')
    .where('i.exercise_id', exerciseId)
    .whereIn('u.email', emails);
  const [{ versions }] = await responses
    .clone()
    .join('section_progress as p', 'p.response_id', 'r.id')
    .where('p.section_id', section.id)
    .sum<{ versions: number | null }[]>({ versions: 'p.version' });
  const [{ count }] = await responses
    .clone()
    .join('answer_history as h', 'h.response_id', 'r.id')
    .where('h.question_id', marked.id)
    .count<{ count: number }[]>({ count: '*' });
  const markers = await responses
    .clone()
    .join('answers as a', 'a.response_id', 'r.id')
    .where('a.question_id', marked.id)
    .whereNull('a.area_id')
    .select<{ email: string; value: string }[]>('u.email', 'a.value');
  return {
    versions: Number(versions ?? 0),
    historyRows: count,
    markers: new Map(markers.map((row) => [row.email, row.value])),
  };
}
