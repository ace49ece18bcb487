import {
  CONDITION_SOURCE_TYPES,
  optionsOf,
  TYPE_LABELS,
  type ChoiceOption,
  type QuestionType,
} from './question-types';

/** Either "only when an earlier single choice or yes/no answer is X", or "only for interested providers". */
export type ShownWhen = { questionId: string; equals: string } | { interestInArea: true };

export type QuestionSettings = {
  type: QuestionType;
  label: string;
  helpText: string;
  required: boolean;
  perArea: boolean;
  wordLimit: number | null;
  options: ChoiceOption[];
  scaleMin: number | null;
  scaleMax: number | null;
  scaleMinLabel: string | null;
  scaleMaxLabel: string | null;
  allowedFileTypes: string[] | null;
  maxFileMb: number | null;
  weight: number;
  shownWhen: ShownWhen | null;
};

export type Question = QuestionSettings & {
  id: string;
  questionnaireId: string;
  sectionId: string;
  position: number;
  archived: boolean;
  wasPublished: boolean;
  version: number;
};

export type Section = {
  id: string;
  questionnaireId: string;
  title: string;
  description: string;
  position: number;
  archived: boolean;
  version: number;
};

export type SnapshotQuestion = QuestionSettings & { id: string };
export type SnapshotSection = {
  id: string;
  title: string;
  description: string;
  questions: SnapshotQuestion[];
};
/** The frozen structure providers answer against: sections and their questions, in order. */
export type Snapshot = { sections: SnapshotSection[] };

export const SETTING_KEYS: (keyof QuestionSettings)[] = [
  'type',
  'label',
  'helpText',
  'required',
  'perArea',
  'wordLimit',
  'options',
  'scaleMin',
  'scaleMax',
  'scaleMinLabel',
  'scaleMaxLabel',
  'allowedFileTypes',
  'maxFileMb',
  'weight',
  'shownWhen',
];

const SETTING_NAMES: Record<keyof QuestionSettings, string> = {
  type: 'type',
  label: 'question',
  helpText: 'help text',
  required: 'required',
  perArea: 'asked for each area',
  wordLimit: 'word limit',
  options: 'options',
  scaleMin: 'scale',
  scaleMax: 'scale',
  scaleMinLabel: 'scale labels',
  scaleMaxLabel: 'scale labels',
  allowedFileTypes: 'file types',
  maxFileMb: 'file size limit',
  weight: 'weight',
  shownWhen: 'when it is shown',
};

export const settingsOf = (question: QuestionSettings): QuestionSettings =>
  Object.fromEntries(SETTING_KEYS.map((key) => [key, question[key]])) as QuestionSettings;

/** The working copy as a snapshot: archived sections and questions left out, everything in order. */
export function snapshotOf(sections: Section[], questions: Question[]): Snapshot {
  const byPosition = <T extends { position: number }>(a: T, b: T) => a.position - b.position;
  return {
    sections: sections
      .filter((section) => !section.archived)
      .sort(byPosition)
      .map((section) => ({
        id: section.id,
        title: section.title,
        description: section.description,
        questions: questions
          .filter((question) => question.sectionId === section.id && !question.archived)
          .sort(byPosition)
          .map((question) => ({ id: question.id, ...settingsOf(question) })),
      })),
  };
}

export const questionsIn = (snapshot: Snapshot) => snapshot.sections.flatMap((section) => section.questions);

export const sectionIn = (snapshot: Snapshot, sectionId: string) =>
  snapshot.sections.find((section) => section.id === sectionId);

/**
 * What is wrong with a structure, if anything: a condition must name an earlier single choice or
 * yes/no question and one of its answers; a questionnaire has at most one interest matrix.
 */
export function structureProblem(
  snapshot: Snapshot,
): { questionId: string; field: string; message: string } | undefined {
  const earlier = new Map<string, SnapshotQuestion>();
  const all = new Set(questionsIn(snapshot).map((question) => question.id));
  let matrices = 0;
  for (const question of questionsIn(snapshot)) {
    if (question.type === 'interest_matrix' && ++matrices > 1) {
      return {
        questionId: question.id,
        field: 'type',
        message: 'A questionnaire can only have one interest matrix',
      };
    }
    const condition = question.shownWhen;
    if (condition && 'questionId' in condition) {
      const problem = (message: string) => ({ questionId: question.id, field: 'shownWhen', message });
      const source = earlier.get(condition.questionId);
      if (!source && !all.has(condition.questionId)) {
        return problem(
          `“${question.label}” depends on the answer to a question that is not in the questionnaire. Change when “${question.label}” is shown first.`,
        );
      }
      if (!source) return problem(`“${question.label}” can only depend on the answer to an earlier question`);
      if (!CONDITION_SOURCE_TYPES.includes(source.type))
        return problem(`“${question.label}” can only depend on a single choice or yes or no question`);
      if (!optionsOf(source).some((option) => option.value === condition.equals))
        return problem(`“${question.label}” depends on an answer that “${source.label}” does not offer`);
    }
    earlier.set(question.id, question);
  }
  return undefined;
}

export type ChangeSummary = {
  added: { id: string; label: string }[];
  changed: { id: string; label: string; what: string[] }[];
  removed: { id: string; label: string }[];
  sections: string[];
};

export const isEmptySummary = (summary: ChangeSummary) =>
  !summary.added.length && !summary.changed.length && !summary.removed.length && !summary.sections.length;

/** What changed between two published structures, question by stable id. */
export function diffSnapshots(from: Snapshot | null, to: Snapshot): ChangeSummary {
  const before = new Map(questionsIn(from ?? { sections: [] }).map((q) => [q.id, q]));
  const after = questionsIn(to);
  const sectionOf = (snapshot: Snapshot | null) =>
    new Map(
      (snapshot?.sections ?? []).flatMap((section) => section.questions.map((q) => [q.id, section.id])),
    );
  const [sectionBefore, sectionAfter] = [sectionOf(from), sectionOf(to)];
  const summary: ChangeSummary = { added: [], changed: [], removed: [], sections: [] };
  for (const question of after) {
    const old = before.get(question.id);
    if (!old) {
      summary.added.push({ id: question.id, label: question.label });
      continue;
    }
    const what = new Set(
      SETTING_KEYS.filter((key) => JSON.stringify(old[key]) !== JSON.stringify(question[key])).map(
        (key) => SETTING_NAMES[key],
      ),
    );
    if (sectionBefore.get(question.id) !== sectionAfter.get(question.id)) what.add('section');
    if (what.size) summary.changed.push({ id: question.id, label: question.label, what: [...what] });
  }
  const afterIds = new Set(after.map((question) => question.id));
  for (const [id, question] of before) {
    if (!afterIds.has(id)) summary.removed.push({ id, label: question.label });
  }
  const oldSections = new Map((from?.sections ?? []).map((section) => [section.id, section]));
  for (const section of to.sections) {
    const old = oldSections.get(section.id);
    if (!from) continue;
    if (!old) summary.sections.push(`Section added: ${section.title}`);
    else if (old.title !== section.title || old.description !== section.description)
      summary.sections.push(`Section changed: ${section.title}`);
  }
  const newIds = new Set(to.sections.map((section) => section.id));
  for (const section of from?.sections ?? []) {
    if (!newIds.has(section.id)) summary.sections.push(`Section removed: ${section.title}`);
  }
  const order = (snapshot: Snapshot) => JSON.stringify(snapshot.sections.map((s) => s.id));
  if (from && order(from) !== order(to) && !summary.sections.length)
    summary.sections.push('Sections reordered');
  return summary;
}

/** How a condition reads on the overview and preview pages. */
export function describeCondition(shownWhen: ShownWhen | null, questions: SnapshotQuestion[]): string {
  if (!shownWhen) return '';
  if ('interestInArea' in shownWhen) return 'Shown only to providers interested in at least one service area';
  const source = questions.find((question) => question.id === shownWhen.questionId);
  const option = source ? optionsOf(source).find((o) => o.value === shownWhen.equals) : undefined;
  return source
    ? `Shown only when the answer to “${source.label}” is “${option?.label ?? shownWhen.equals}”`
    : 'Shown only when an earlier answer matches';
}

export const typeLabel = (type: QuestionType) => TYPE_LABELS[type];
