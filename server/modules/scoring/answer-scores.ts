import type { Snapshot, SnapshotQuestion } from '../questionnaires/questionnaire-structure';
import { optionsOf, SCORED_TYPES } from '../questionnaires/question-types';
import type { SubmissionRow } from './scoring-repository';

/** An answer's score in [0, 1] (DESIGN.md section 5), or undefined when it does not score. */
export function answerScore(question: SnapshotQuestion, value: string | string[] | null): number | undefined {
  if (value === null || !SCORED_TYPES.includes(question.type) || question.weight <= 0) return undefined;
  if (question.type === 'scale') {
    const min = question.scaleMin ?? 1;
    const max = question.scaleMax ?? 5;
    return max > min ? (Number(value) - min) / (max - min) : undefined;
  }
  const chosen = Array.isArray(value) ? value : [value];
  const points = optionsOf(question)
    .filter((option) => chosen.includes(option.value))
    .map((option) => option.points);
  // A multiple choice scores its best chosen option.
  return points.length ? Math.max(...points) : undefined;
}

export type ScoredAnswerLine = { question: string; answer: string; score: number; weight: number };

/**
 * The scored answers behind one provider's Q for one area (exercise-wide questions and those
 * asked for that area), with the answer as the provider saw it, so a reader can check the sum.
 */
export function scoredAnswersFor(
  submission: SubmissionRow,
  snapshot: Snapshot,
  areaId: string,
): ScoredAnswerLine[] {
  const questions = new Map(snapshot.sections.flatMap((section) => section.questions).map((q) => [q.id, q]));
  return submission.answers.flatMap((answer) => {
    const question = questions.get(answer.questionId);
    if (!question || answer.value === null || (answer.areaId !== null && answer.areaId !== areaId)) return [];
    const score = answerScore(question, answer.value);
    if (score === undefined) return [];
    const chosen = Array.isArray(answer.value) ? answer.value : [answer.value];
    const labels = optionsOf(question)
      .filter((option) => chosen.includes(option.value))
      .map((option) => option.label);
    return [
      {
        question: question.label,
        answer: labels.length ? labels.join(', ') : chosen.join(', '),
        score,
        weight: question.weight,
      },
    ];
  });
}
