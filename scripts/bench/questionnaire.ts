import type { Knex } from 'knex';
import type { Snapshot } from '../../server/modules/questionnaires/questionnaire-structure';
import type { ChoiceOption } from '../../server/modules/questionnaires/question-types';
import { snapshotQuestion } from '../../server/modules/questionnaires/snapshot-question';
import { publishQuestionnaire } from '../../seeds/demo-questionnaires';

const q = snapshotQuestion;

const options = (...labels: string[]): ChoiceOption[] =>
  labels.map((label, index) => ({
    value: `option_${index + 1}`,
    label,
    points: Math.round((1 - index / labels.length) * 100) / 100,
  }));

const scale = { scaleMin: 1, scaleMax: 5, scaleMinLabel: 'Not at all', scaleMaxLabel: 'Fully' };

/** Five exercise-wide questions of every common type for one topic; two of them score. */
function topic(id: string, title: string): Snapshot['sections'][number] {
  return {
    id,
    title,
    description: `Your views on ${title.toLowerCase()}.`,
    questions: [
      q(`${id}-summary`, 'short_text', `${title}: in one line`, { required: true }),
      q(`${id}-detail`, 'long_text', `${title}: describe your approach`, { wordLimit: 300 }),
      q(`${id}-ready`, 'yes_no', `${title}: do you have this in place today?`, { required: true, weight: 1 }),
      q(`${id}-level`, 'single_choice', `${title}: how mature is your offer?`, {
        weight: 1,
        options: options('Established', 'Growing', 'New', 'Planned'),
      }),
      q(`${id}-confidence`, 'scale', `${title}: how confident are you?`, { ...scale }),
    ],
  };
}

/**
 * The bench questionnaire: 30 exercise-wide questions in six sections, the interest matrix with
 * its reasons, and 5 questions asked for each service area a provider is interested in.
 */
export const BENCH_STRUCTURE: Snapshot = {
  sections: [
    {
      id: 'organisation',
      title: 'About your organisation',
      description: 'Tell us who you are.',
      questions: [
        q('org-name', 'short_text', 'Name of your organisation', { required: true }),
        q('org-type', 'single_choice', 'What type of organisation are you?', {
          required: true,
          options: options('Private company', 'Public body', 'Voluntary or community organisation', 'Mutual'),
        }),
        q('org-turnover', 'currency', 'Annual turnover in your last financial year'),
        q('org-staff', 'number', 'How many people do you employ?'),
        q('org-founded', 'date', 'When was your organisation founded?'),
      ],
    },
    {
      id: 'interest',
      title: 'Interest in each service area',
      description: 'Tell us how interested you would be in delivering each service area in scope.',
      questions: [
        q('interest', 'interest_matrix', 'How interested would you be in delivering each service area?', {
          required: true,
        }),
        q('not-interested', 'not_interested_reasons', 'Why are you not interested in this service area?'),
      ],
    },
    {
      id: 'areas',
      title: 'Each service area you are interested in',
      description: 'Asked for every service area you rated 1 or more.',
      questions: [
        q('models', 'multiple_choice', 'Which delivery models would you consider?', {
          required: true,
          perArea: true,
          weight: 1,
          options: options('Outsourcing', 'Partnership or joint venture', 'Shared service', 'Mutual'),
        }),
        q('start', 'single_choice', 'How soon could you start?', {
          perArea: true,
          weight: 1,
          options: options('Within 3 months', '3 to 6 months', '6 to 12 months', 'Over 12 months'),
        }),
        q('fit', 'scale', 'How well does this area fit your services?', {
          perArea: true,
          weight: 1,
          ...scale,
        }),
        q('similar', 'yes_no', 'Do you run this service for another public body?', { perArea: true }),
        q('approach', 'long_text', 'How would you run this service?', { perArea: true, wordLimit: 200 }),
      ],
    },
    topic('capacity', 'Capacity and timescales'),
    topic('tupe', 'TUPE and pensions'),
    topic('social-value', 'Local presence and social value'),
    topic('lotting', 'Lotting and contract length'),
    topic('risks', 'Savings and risks'),
  ],
};

/** Creates the working copy from the structure and publishes it as version 1, as staff would. */
export async function publishBenchQuestionnaire(db: Knex, exerciseId: string, staffUserId: string) {
  await db.transaction(async (trx) => {
    if (!(await publishQuestionnaire(trx, exerciseId, staffUserId, BENCH_STRUCTURE)))
      throw new Error('The bench exercise already has a questionnaire');
  });
  const published = await db('questionnaire_versions as v')
    .join('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .where({ 'q.exercise_id': exerciseId, 'v.number': 1 })
    .first<{ snapshot: Snapshot }>('v.snapshot');
  return published.snapshot;
}
