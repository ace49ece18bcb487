import { deepFreeze } from '../../lib/deep-freeze';
import { oncePerObject } from '../../lib/once-per-object';
import type { Snapshot } from '../questionnaires/questionnaire-structure';
import { optionsOf, type QuestionType } from '../questionnaires/question-types';
import { answerScore } from './answer-scores';
import type { ScoredAnswer } from './scoring-model';

const CHOICE_TYPES: QuestionType[] = ['single_choice', 'multiple_choice'];

/** A per-area choice answer, such as the delivery models a provider would consider for an area. */
export type AreaChoice = { question: string; labels: string[] };

/**
 * A per-area choice answer as positions in the published snapshot it answered, which never
 * changes: [question among the snapshot's choice questions, ...chosen options]. Labels are
 * looked up when shown, so a large exercise's summary holds numbers, not thousands of copies of
 * the same wording.
 */
type ChoiceCode = number[];

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
  choices?: Record<string, ChoiceCode[]>;
};

const FORMAT = 4;

export const NO_INPUTS: ScoringInputs = { format: FORMAT, wide: [0, 0], areas: {} };

export const isCurrent = (inputs: ScoringInputs | null): inputs is ScoringInputs => inputs?.format === FORMAT;

/** A snapshot's choice questions with their positions, and the per-area choices read back so far. */
const choiceTableOf = oncePerObject((snapshot: Snapshot) => {
  const questions = snapshot.sections
    .flatMap((section) => section.questions)
    .filter((question) => CHOICE_TYPES.includes(question.type));
  return {
    questions,
    positions: new Map(questions.map((question, index) => [question, index])),
    decoded: new Map<string, AreaChoice[]>(),
  };
});

export function scoringInputsFrom(answers: SubmittedAnswer[], snapshot: Snapshot | undefined): ScoringInputs {
  const inputs: ScoringInputs = { format: FORMAT, wide: [0, 0], areas: {} };
  if (!snapshot) return inputs;
  const areaOf = (areaId: string) => (inputs.areas[areaId] ??= [null, 0, 0, []]);
  const questions = new Map(snapshot.sections.flatMap((section) => section.questions).map((q) => [q.id, q]));
  const { positions } = choiceTableOf(snapshot);
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
    const position = positions.get(question);
    if (answer.areaId && position !== undefined) {
      const options = optionsOf(question).flatMap((option, index) =>
        chosen.includes(option.value) ? [index] : [],
      );
      ((inputs.choices ??= {})[answer.areaId] ??= []).push([position, ...options]);
    }
  }
  return inputs;
}

/** An area's choices in words, one frozen list shared by every provider who answered alike. */
function areaChoicesFrom(codes: ChoiceCode[], snapshot: Snapshot): AreaChoice[] {
  const { questions, decoded } = choiceTableOf(snapshot);
  const key = codes.join('|');
  let choices = decoded.get(key);
  if (!choices) {
    choices = deepFreeze(
      codes.map(([position, ...chosen]) => {
        const question = questions[position];
        const options = optionsOf(question);
        return { question: question.label, labels: chosen.map((index) => options[index].label) };
      }),
    );
    decoded.set(key, choices);
  }
  return choices;
}

/**
 * The stored inputs in the shape the model takes; each area's sums stand for its answers. The
 * snapshot is the one the submission answered, in which its choices are positions.
 */
export function modelInputsFrom(inputs: ScoringInputs, snapshot: Snapshot | undefined) {
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
  const choices = new Map<string, AreaChoice[]>();
  if (snapshot)
    for (const areaId in inputs.choices)
      choices.set(areaId, areaChoicesFrom(inputs.choices[areaId], snapshot));
  return { interest, reasons, choices, answers };
}
