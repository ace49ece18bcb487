import type { Snapshot, SnapshotQuestion, SnapshotSection } from '../questionnaires/questionnaire-structure';
import { oncePerObject } from '../../lib/once-per-object';

/** An answer as stored: text, a list of chosen values, or null when left empty. */
export type AnswerValue = string | string[] | null;

export type Area = { id: string; name: string };

/** One thing a provider answers on a page: a question, or a question for one service area. */
export type AnswerItem = { question: SnapshotQuestion; area: Area | null; key: string };

export type SavedAnswers = Map<string, AnswerValue>;

export const answerKey = (questionId: string, areaId: string | null) =>
  areaId ? `${questionId}.${areaId}` : questionId;
/** Form field names may not contain dots for every browser and parser: use underscores. */
export const fieldName = (key: string) => `a_${key.replace(/[.-]/g, '_')}`;

/** Looked up once per snapshot: published snapshots are cached and never change, and every section page asks. */
const matrixQuestion = oncePerObject((snapshot: Snapshot): SnapshotQuestion | undefined =>
  snapshot.sections.flatMap((section) => section.questions).find((q) => q.type === 'interest_matrix'),
);

/** Each area's stated interest (0-4), from the saved matrix answers; undefined until answered. */
export function interestByArea(
  snapshot: Snapshot,
  areas: Area[],
  saved: SavedAnswers,
): Map<string, number | undefined> {
  const matrix = matrixQuestion(snapshot);
  return new Map(
    areas.map((area) => {
      const value = matrix ? saved.get(answerKey(matrix.id, area.id)) : undefined;
      return [area.id, typeof value === 'string' ? Number(value) : undefined];
    }),
  );
}

/**
 * Whether a section's items depend on the service areas and the provider's interest in them: it
 * asks the interest matrix, reasons for no interest or a question per area, or shows a question
 * only to providers interested in some area.
 */
export function sectionDependsOnAreas(section: SnapshotSection): boolean {
  return section.questions.some(
    (question) =>
      question.type === 'interest_matrix' ||
      question.type === 'not_interested_reasons' ||
      question.perArea ||
      (question.shownWhen !== null && 'interestInArea' in question.shownWhen),
  );
}

/**
 * What a section's page is worked out from (see itemsFor): the saved answers to its own
 * questions and to those its conditions name, and, when it depends on the areas, the areas and
 * the interest matrix's answers.
 */
export function inputsOfSection(
  snapshot: Snapshot,
  section: SnapshotSection,
): { questionIds: string[]; areas: boolean } {
  const ids = new Set(section.questions.map((question) => question.id));
  for (const { shownWhen } of section.questions)
    if (shownWhen && 'questionId' in shownWhen) ids.add(shownWhen.questionId);
  const areas = sectionDependsOnAreas(section);
  const matrix = areas ? matrixQuestion(snapshot) : undefined;
  if (matrix) ids.add(matrix.id);
  return { questionIds: [...ids], areas };
}

/**
 * What the provider is asked in a section, given what it has saved so far. Conditions are
 * evaluated on saved answers, so a question that depends on an answer in the same section
 * appears once that answer is saved ("Save and come back later" or "Save and continue").
 */
export function itemsFor(
  section: SnapshotSection,
  snapshot: Snapshot,
  areas: Area[],
  saved: SavedAnswers,
): AnswerItem[] {
  const interest = interestByArea(snapshot, areas, saved);
  const interested = areas.filter((area) => (interest.get(area.id) ?? 0) >= 1);
  const notInterested = areas.filter((area) => interest.get(area.id) === 0);
  const items: AnswerItem[] = [];
  for (const question of section.questions) {
    const condition = question.shownWhen;
    if (condition && 'questionId' in condition && saved.get(condition.questionId) !== condition.equals)
      continue;
    if (condition && 'interestInArea' in condition && !question.perArea && interested.length === 0) continue;
    const perArea = (list: Area[]) =>
      list.map((area) => ({ question, area, key: answerKey(question.id, area.id) }));
    if (question.type === 'interest_matrix') items.push(...perArea(areas));
    else if (question.type === 'not_interested_reasons') items.push(...perArea(notInterested));
    else if (question.perArea) items.push(...perArea(interested));
    else items.push({ question, area: null, key: answerKey(question.id, null) });
  }
  return items;
}
