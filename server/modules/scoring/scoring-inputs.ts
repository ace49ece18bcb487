import type { Snapshot } from '../questionnaires/questionnaire-structure';
import { optionsOf, type QuestionType } from '../questionnaires/question-types';
import { answerScore } from './answer-scores';
import type { ScoredAnswer } from './scoring-model';

const CHOICE_TYPES: QuestionType[] = ['single_choice', 'multiple_choice'];

/** A per-area choice answer, such as the delivery models a provider would consider for an area. */
export type AreaChoice = { question: string; labels: string[] };

export type SubmittedAnswer = { questionId: string; areaId: string | null; value: string | string[] | null };

/** One area's inputs: stated interest (null if not given), summed weights and weighted scores, reasons. */
export type AreaInputs = [interest: number | null, weight: number, weighted: number, reasons: string[]];

/**
 * Everything scoring needs from one submission, stored with it as JSON. The weighted answer
 * scores are summed per area (exercise-wide ones apart), which is all Q uses; tuples keep it
 * small, as a large exercise's summary reads this for every provider. `format` changes when
 * the shape does, so inputs stored in an older shape are worked out again.
 */
export type ScoringInputs = {
  format: typeof FORMAT;
  wide: [weight: number, weighted: number];
  areas: Record<string, AreaInputs>;
  /** Stored in a column of their own, read only when the summary is asked for them. */
  choices?: Record<string, AreaChoice[]>;
};

const FORMAT = 3;

export const NO_INPUTS: ScoringInputs = { format: FORMAT, wide: [0, 0], areas: {} };

export const isCurrent = (inputs: ScoringInputs | null): inputs is ScoringInputs => inputs?.format === FORMAT;

export function scoringInputsFrom(answers: SubmittedAnswer[], snapshot: Snapshot | undefined): ScoringInputs {
  const inputs: ScoringInputs = { format: FORMAT, wide: [0, 0], areas: {} };
  if (!snapshot) return inputs;
  const areaOf = (areaId: string) => (inputs.areas[areaId] ??= [null, 0, 0, []]);
  const questions = new Map(snapshot.sections.flatMap((section) => section.questions).map((q) => [q.id, q]));
  for (const answer of answers) {
    const question = questions.get(answer.questionId);
    if (!question || answer.value === null) continue;
    const chosen = Array.isArray(answer.value) ? answer.value : [answer.value];
    if (question.type === 'interest_matrix' && answer.areaId) {
      areaOf(answer.areaId)[0] = Number(answer.value);
      continue;
    }
    if (question.type === 'not_interested_reasons' && answer.areaId) {
      areaOf(answer.areaId)[3] = chosen;
      continue;
    }
    const score = answerScore(question, answer.value);
    if (score !== undefined) {
      const sums = answer.areaId ? areaOf(answer.areaId) : inputs.wide;
      const [weightAt, weightedAt] = answer.areaId ? [1, 2] : [0, 1];
      sums[weightAt] = (sums[weightAt] as number) + question.weight;
      sums[weightedAt] = (sums[weightedAt] as number) + question.weight * score;
    }
    if (answer.areaId && CHOICE_TYPES.includes(question.type)) {
      const labels = optionsOf(question)
        .filter((option) => chosen.includes(option.value))
        .map((option) => option.label);
      ((inputs.choices ??= {})[answer.areaId] ??= []).push({ question: question.label, labels });
    }
  }
  return inputs;
}

/** The stored inputs in the shape the model takes; each area's sums stand for its answers. */
export function modelInputsFrom(inputs: ScoringInputs) {
  const interest = new Map<string, number>();
  const reasons = new Map<string, string[]>();
  const answers: ScoredAnswer[] = [];
  const [wideWeight, wideWeighted] = inputs.wide;
  if (wideWeight > 0) answers.push({ areaId: null, weight: wideWeight, score: wideWeighted / wideWeight });
  // Plain loops: this runs for every provider of an exercise on every summary.
  for (const areaId in inputs.areas) {
    const [stated, weight, weighted, notInterested] = inputs.areas[areaId];
    if (stated !== null) interest.set(areaId, stated);
    if (notInterested.length) reasons.set(areaId, notInterested);
    if (weight > 0) answers.push({ areaId, weight, score: weighted / weight });
  }
  return { interest, reasons, choices: new Map(Object.entries(inputs.choices ?? {})), answers };
}
