import type { Response } from 'express';
import { typedValues, type FormErrors } from '../../http/validation';
import type { Exercise } from '../exercises/exercise-repository';
import {
  AREA_TYPES,
  FILE_TYPES,
  MAX_FILE_MB,
  NOT_INTERESTED_REASONS,
  SCORED_TYPES,
  TYPE_HINTS,
  TYPE_LABELS,
  type QuestionType,
} from './question-types';
import { conditionChoices, encodeCondition } from './questionnaire-page-data';
import { QUESTION_FIELDS } from './questionnaire-schemas';
import type { Question, Snapshot } from './questionnaire-structure';

export type QuestionValues = Record<
  Exclude<(typeof QUESTION_FIELDS)[number], 'allowedFileTypes'> | 'version',
  string
> & {
  required: boolean;
  perArea: boolean;
  allowedFileTypes: string[];
};

const isChecked = (value: unknown) => value === 'yes' || (Array.isArray(value) && value.includes('yes'));

/** What was typed, kept for showing the form again; never the request body itself. */
export function typedQuestionValues(body: unknown): QuestionValues {
  const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const fileTypes = [source.allowedFileTypes]
    .flat()
    .filter((value): value is string => typeof value === 'string');
  return {
    ...typedValues(body, [
      ...QUESTION_FIELDS.filter((field) => field !== 'allowedFileTypes'),
      'version',
    ] as const),
    allowedFileTypes: fileTypes,
    required: isChecked(source.required),
    perArea: isChecked(source.perArea),
  };
}

export function blankQuestionValues(type: QuestionType, sectionId: string): QuestionValues {
  return {
    sectionId,
    label: '',
    helpText: '',
    wordLimit: '',
    options: '',
    scaleMin: type === 'scale' ? '1' : '',
    scaleMax: type === 'scale' ? '5' : '',
    scaleMinLabel: '',
    scaleMaxLabel: '',
    allowedFileTypes: type === 'file_upload' ? ['pdf', 'docx'] : [],
    maxFileMb: type === 'file_upload' ? '10' : '',
    weight: '0',
    shownWhen: '',
    version: '',
    required: type === 'interest_matrix',
    perArea: false,
  };
}

export function questionValues(question: Question): QuestionValues {
  const text = (value: number | string | null) => (value === null ? '' : String(value));
  return {
    sectionId: question.sectionId,
    label: question.label,
    helpText: question.helpText,
    wordLimit: text(question.wordLimit),
    options:
      question.type === 'single_choice' || question.type === 'multiple_choice'
        ? question.options.map((option) => `${option.label} | ${option.points}`).join('\n')
        : '',
    scaleMin: text(question.scaleMin),
    scaleMax: text(question.scaleMax),
    scaleMinLabel: text(question.scaleMinLabel),
    scaleMaxLabel: text(question.scaleMaxLabel),
    allowedFileTypes: question.allowedFileTypes ?? [],
    maxFileMb: text(question.maxFileMb),
    weight: String(question.weight),
    shownWhen: encodeCondition(question.shownWhen),
    version: String(question.version),
    required: question.required,
    perArea: question.perArea,
  };
}

/** The add and change forms share one page; the type decides which settings it shows. */
export function renderQuestionForm(
  res: Response,
  page: {
    exercise: Exercise;
    structure: Snapshot;
    type: QuestionType;
    values: QuestionValues;
    errors: FormErrors;
    questionId?: string;
  },
) {
  const { structure, type, questionId } = page;
  res.renderPage('questionnaires/question-form', {
    ...page,
    questionId: questionId ?? null,
    title: questionId ? 'Change the question' : `Add a question: ${TYPE_LABELS[type].toLowerCase()}`,
    typeLabel: TYPE_LABELS[type],
    typeHint: TYPE_HINTS[type],
    sections: structure.sections.map((section) => ({ value: section.id, text: section.title })),
    conditions: conditionChoices(structure, questionId),
    scored: SCORED_TYPES.includes(type),
    areaType: AREA_TYPES.includes(type),
    fileTypes: FILE_TYPES,
    maxFileMb: MAX_FILE_MB,
    notInterestedReasons: NOT_INTERESTED_REASONS,
  });
}
