import type { Snapshot } from '../questionnaires/questionnaire-structure';
import { optionsOf, type QuestionType } from '../questionnaires/question-types';
import { answerScore } from './answer-scores';
import type { ScoredAnswer } from './scoring-model';

const CHOICE_TYPES: QuestionType[] = ['single_choice', 'multiple_choice'];

/** A per-area choice answer, such as the delivery models a provider would consider for an area. */
export type AreaChoice = { question: string; labels: string[] };

export type SubmittedAnswer = { questionId: string; areaId: string | null; value: string | string[] | null };

/**
 * Everything scoring needs from one submission, stored with it (JSON): the weighted answer
 * scores are summed per area ('' for exercise-wide questions), which is all Q uses.
 */
export type ScoringInputs = {
  interest: Record<string, number>;
  reasons: Record<string, string[]>;
  /** Left out when the summary is read without per-area choices. */
  choices?: Record<string, AreaChoice[]>;
  sums: Record<string, { weight: number; weighted: number }>;
};

export const NO_INPUTS: ScoringInputs = { interest: {}, reasons: {}, choices: {}, sums: {} };

export function scoringInputsFrom(answers: SubmittedAnswer[], snapshot: Snapshot | undefined): ScoringInputs {
  const inputs: ScoringInputs = { interest: {}, reasons: {}, choices: {}, sums: {} };
  if (!snapshot) return inputs;
  const questions = new Map(snapshot.sections.flatMap((section) => section.questions).map((q) => [q.id, q]));
  for (const answer of answers) {
    const question = questions.get(answer.questionId);
    if (!question || answer.value === null) continue;
    const chosen = Array.isArray(answer.value) ? answer.value : [answer.value];
    if (question.type === 'interest_matrix' && answer.areaId) {
      inputs.interest[answer.areaId] = Number(answer.value);
      continue;
    }
    if (question.type === 'not_interested_reasons' && answer.areaId) {
      inputs.reasons[answer.areaId] = chosen;
      continue;
    }
    const score = answerScore(question, answer.value);
    if (score !== undefined) {
      const sum = (inputs.sums[answer.areaId ?? ''] ??= { weight: 0, weighted: 0 });
      sum.weight += question.weight;
      sum.weighted += question.weight * score;
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
  const answers: ScoredAnswer[] = Object.entries(inputs.sums).map(([areaId, sum]) => ({
    areaId: areaId || null,
    weight: sum.weight,
    score: sum.weight > 0 ? sum.weighted / sum.weight : 0,
  }));
  return {
    interest: new Map(Object.entries(inputs.interest)),
    reasons: new Map(Object.entries(inputs.reasons)),
    choices: new Map(Object.entries(inputs.choices ?? {})),
    answers,
  };
}
