import type { FormErrors } from '../../http/validation';
import { NO_ERRORS } from '../../http/validation';
import { isReadOnly } from '../exercises/exercise-rules';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { User } from '../users/user-repository';
import { CONDITION_SOURCE_TYPES, optionsOf, TYPE_LABELS } from './question-types';
import type { Questionnaire } from './questionnaire-repository';
import { describeCondition, questionsIn, type ShownWhen, type Snapshot } from './questionnaire-structure';
import type { QuestionnaireService } from './questionnaire-service';

export function statusText(questionnaire: Questionnaire | undefined): string {
  if (!questionnaire) return 'Not started';
  if (!questionnaire.publishedVersion) return 'Draft';
  return questionnaire.hasUnpublishedChanges
    ? `Published version ${questionnaire.publishedVersion} with unpublished changes`
    : `Published version ${questionnaire.publishedVersion}`;
}

/** Each question with what the overview and preview say about it: its type and when it is shown. */
export function describedSections(snapshot: Snapshot) {
  const all = questionsIn(snapshot);
  return snapshot.sections.map((section) => ({
    ...section,
    questions: section.questions.map((question) => ({
      ...question,
      typeLabel: TYPE_LABELS[question.type],
      conditionText: describeCondition(question.shownWhen, all),
    })),
  }));
}

/** The choices for "when is this question shown": always, interested providers, or an earlier answer. */
export function conditionChoices(snapshot: Snapshot, beforeQuestionId?: string) {
  const all = questionsIn(snapshot);
  const end = beforeQuestionId ? all.findIndex((question) => question.id === beforeQuestionId) : -1;
  const earlier = end >= 0 ? all.slice(0, end) : all;
  return [
    { value: '', text: 'Always' },
    { value: 'interested', text: 'Only to providers interested in at least one service area' },
    ...earlier
      .filter((question) => CONDITION_SOURCE_TYPES.includes(question.type))
      .flatMap((question) =>
        optionsOf(question).map((option) => ({
          value: `${question.id}::${option.value}`,
          text: `When the answer to “${question.label}” is “${option.label}”`,
        })),
      ),
  ];
}

export const encodeCondition = (shownWhen: ShownWhen | null) =>
  !shownWhen
    ? ''
    : 'interestInArea' in shownWhen
      ? 'interested'
      : `${shownWhen.questionId}::${shownWhen.equals}`;

export function createQuestionnairePageData(deps: {
  exercises: ExerciseService;
  areas: ServiceAreaService;
  questionnaires: QuestionnaireService;
}) {
  return {
    async overview(exerciseId: string, user: User, errors: FormErrors = NO_ERRORS, notice?: string) {
      const exercise = await deps.exercises.find(exerciseId);
      const questionnaire = await deps.questionnaires.find(exerciseId);
      const canWrite = user.role === 'staff';
      const canEdit = canWrite && !isReadOnly(exercise);
      const base = { title: 'Questionnaire', exercise, errors, notice, canWrite, canEdit };
      if (!questionnaire) return { ...base, questionnaire: null, statusText: statusText(undefined) };
      const [snapshot, versions, history] = await Promise.all([
        deps.questionnaires.workingCopy(exerciseId),
        deps.questionnaires.versions(questionnaire.id),
        deps.questionnaires.history(questionnaire.id),
      ]);
      return {
        ...base,
        questionnaire,
        statusText: statusText(questionnaire),
        sections: describedSections(snapshot),
        questionCount: questionsIn(snapshot).length,
        versions,
        history,
      };
    },

    /** What the provider will see: the structure, with the exercise's active service areas. */
    async preview(exerciseId: string, snapshot: Snapshot) {
      const exercise = await deps.exercises.find(exerciseId);
      const areas = (await deps.areas.tree(exerciseId))
        .filter((area) => area.status === 'active')
        .map((area) => ({ id: area.id, name: area.name }));
      return { exercise, areas, sections: describedSections(snapshot) };
    },
  };
}

export type QuestionnairePageData = ReturnType<typeof createQuestionnairePageData>;
