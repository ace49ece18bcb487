import { NOT_INTERESTED_REASONS, optionsOf } from '../../server/modules/questionnaires/question-types';
import type { Snapshot } from '../../server/modules/questionnaires/questionnaire-structure';
import {
  itemsFor,
  type AnswerItem,
  type AnswerValue,
  type Area,
} from '../../server/modules/responses/answer-items';

/** A small deterministic generator, so every run of bench:data produces the same exercise. */
export function randomFrom(seed: number) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type Random = ReturnType<typeof randomFrom>;

/** Stated interest 0-4 in each area; earlier areas draw more interest, so the ranking means something. */
export function interestProfile(random: Random, areaCount: number): number[] {
  return Array.from({ length: areaCount }, (_, index) => {
    const popularity = 1 - index / (areaCount * 2);
    if (random() < 0.04 + 0.12 * (index / areaCount)) return 0;
    return Math.min(4, 1 + Math.floor(random() * 4 * popularity));
  });
}

const SENTENCES = [
  'We deliver comparable services for several county and district councils under long-term contracts.',
  'Staff would transfer under TUPE and we would seek admitted body status in the pension scheme.',
  'Our operating model combines a regional service centre with teams based in the communities served.',
  'We would want to understand the current cost base and the condition of the systems first.',
  'Savings would come from shared systems, fewer handoffs and purchasing across our client base.',
];

const text = (random: Random, sentences: number) =>
  Array.from({ length: sentences }, () => SENTENCES[Math.floor(random() * SENTENCES.length)]).join(' ');

const pick = <T>(random: Random, list: T[]) => list[Math.floor(random() * list.length)];

function valueFor(item: AnswerItem, interest: number[], areaIndex: Map<string, number>, random: Random) {
  const { question } = item;
  const choices = optionsOf(question).map((option) => option.value);
  switch (question.type) {
    case 'interest_matrix':
      return String(interest[areaIndex.get(item.area!.id)!]);
    case 'not_interested_reasons':
      return [pick(random, NOT_INTERESTED_REASONS).value];
    case 'multiple_choice': {
      const chosen = choices.filter(() => random() < 0.4);
      return chosen.length ? chosen : [choices[0]];
    }
    case 'single_choice':
    case 'yes_no':
      return pick(random, choices);
    case 'scale':
      return String((question.scaleMin ?? 1) + Math.floor(random() * 5));
    case 'number':
      return String(5 + Math.floor(random() * 5000));
    case 'currency':
      return (50_000 + Math.floor(random() * 50_000_000)).toFixed(2);
    case 'date':
      return `${1950 + Math.floor(random() * 70)}-0${1 + Math.floor(random() * 9)}-1${Math.floor(random() * 9)}`;
    case 'short_text':
      return 'An established provider of public services';
    case 'long_text':
      return text(random, 2 + Math.floor(random() * 3));
    default:
      return null;
  }
}

export type AnswerRow = { questionId: string; areaId: string | null; value: AnswerValue };

/**
 * One provider's answers, section by section, through the app's own itemsFor: per-area questions
 * only for areas it is interested in, reasons only for those it is not, as the pages would ask.
 */
export function answersFor(
  snapshot: Snapshot,
  areas: Area[],
  interest: number[],
  random: Random,
  sectionCount = snapshot.sections.length,
): { sectionIds: string[]; rows: AnswerRow[] } {
  const areaIndex = new Map(areas.map((area, index) => [area.id, index]));
  const saved = new Map<string, AnswerValue>();
  const rows: AnswerRow[] = [];
  const sections = snapshot.sections.slice(0, sectionCount);
  for (const section of sections) {
    for (const item of itemsFor(section, snapshot, areas, saved)) {
      const value = valueFor(item, interest, areaIndex, random);
      saved.set(item.key, value);
      if (value !== null) rows.push({ questionId: item.question.id, areaId: item.area?.id ?? null, value });
    }
  }
  return { sectionIds: sections.map((section) => section.id), rows };
}
