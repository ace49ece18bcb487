import type { Knex } from 'knex';
import type { Snapshot } from '../server/modules/questionnaires/questionnaire-structure';
import { optionsOf } from '../server/modules/questionnaires/question-types';
import { itemsFor, type AnswerItem, type AnswerValue } from '../server/modules/responses/answer-items';

/** Interest 0-4 in Oxfordshire's four areas, in order: most interest in back office, as the report found. */
export const DEMO_INTEREST_PROFILES = [
  [4, 3, 0, 0],
  [3, 4, 1, 0],
  [4, 2, 0, 1],
  [1, 0, 3, 4],
  [3, 3, 2, 2],
];

const TEXT = [
  'We run similar services for three other county councils and would bring a tested operating model.',
  'We would want to understand the current cost base and the condition of the systems before committing.',
  'Local staff would transfer under TUPE; we have done this many times and protect pension rights.',
];

function demoValue(
  item: AnswerItem,
  interest: number[],
  areaIndex: Map<string, number>,
  seed: number,
): AnswerValue {
  const { question } = item;
  const options = optionsOf(question);
  switch (question.type) {
    case 'interest_matrix':
      return String(interest[areaIndex.get(item.area!.id) ?? 0] ?? 0);
    case 'not_interested_reasons':
      return [seed % 2 ? 'capability_capacity' : 'contract_size'];
    // Providers keen enough to answer mostly give the answers that score well, each its own mix.
    case 'multiple_choice': {
      const ranked = [...options].sort((a, b) => b.points - a.points);
      const turn = seed + (item.area ? (areaIndex.get(item.area.id) ?? 0) : 0);
      const first = turn % Math.min(3, ranked.length);
      return ranked.slice(first, first + 1 + (turn % 2)).map((option) => option.value);
    }
    case 'single_choice':
    case 'yes_no':
      return [...options].sort((a, b) => b.points - a.points)[0]?.value ?? null;
    case 'scale':
      return String(question.scaleMax ?? 5);
    case 'number':
      return String(20 + seed * 15);
    case 'currency':
      return (150000 + seed * 50000).toFixed(2);
    case 'date':
      return '2027-04-01';
    case 'file_upload':
      return null;
    default:
      return question.type === 'short_text' ? 'See our answers below' : TEXT[seed % TEXT.length];
  }
}

/**
 * Answers for demo invitations. `sections` limits how far a response got (a draft in progress);
 * without it the response is complete and submitted.
 */
export async function seedDemoResponse(
  trx: Knex,
  demo: {
    exerciseId: string;
    invitationId: string;
    userId: string;
    interest: number[];
    seed: number;
    sections?: number;
  },
) {
  const version = await trx('questionnaire_versions as v')
    .join('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .where('q.exercise_id', demo.exerciseId)
    .orderBy('v.number', 'desc')
    .first<{ number: number; snapshot: Snapshot }>('v.number', 'v.snapshot');
  const areas = await trx('service_areas')
    .where({ exercise_id: demo.exerciseId, status: 'active' })
    .whereNull('parent_id')
    .orderBy('position')
    .select<{ id: string; name: string }[]>('id', 'name');
  const areaIndex = new Map(areas.map((area, index) => [area.id, index]));
  const submitted = demo.sections === undefined;
  const [{ id: responseId }] = await trx('responses')
    .insert({
      invitation_id: demo.invitationId,
      status: submitted ? 'submitted' : 'draft',
      questionnaire_version: version.number,
      submitted_at: submitted ? trx.raw("now() - interval '2 days'") : null,
      submission_count: submitted ? 1 : 0,
    })
    .returning<{ id: string }[]>('id');
  const saved = new Map<string, AnswerValue>();
  const rows: { question_id: string; area_id: string | null; value: string }[] = [];
  for (const section of version.snapshot.sections.slice(
    0,
    demo.sections ?? version.snapshot.sections.length,
  )) {
    for (const item of itemsFor(section, version.snapshot, areas, saved)) {
      const value = demoValue(item, demo.interest, areaIndex, demo.seed);
      saved.set(item.key, value);
      if (value !== null)
        rows.push({
          question_id: item.question.id,
          area_id: item.area?.id ?? null,
          value: JSON.stringify(value),
        });
    }
    await trx('section_progress').insert({
      response_id: responseId,
      section_id: section.id,
      status: 'completed',
      updated_by: demo.userId,
    });
  }
  if (rows.length > 0)
    await trx('answers').insert(
      rows.map((row) => ({ ...row, response_id: responseId, updated_by: demo.userId })),
    );
  if (submitted) {
    await trx('response_submissions').insert({
      response_id: responseId,
      number: 1,
      questionnaire_version: version.number,
      answers: JSON.stringify(
        rows.map((row) => ({
          questionId: row.question_id,
          areaId: row.area_id,
          value: JSON.parse(row.value) as unknown,
        })),
      ),
      submitted_by: demo.userId,
    });
  }
}
