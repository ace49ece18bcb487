import type { QuestionSettings, SnapshotQuestion } from './questionnaire-structure';
import type { QuestionType } from './question-types';

const DEFAULTS: Omit<QuestionSettings, 'type' | 'label'> = {
  helpText: '',
  required: false,
  perArea: false,
  wordLimit: null,
  options: [],
  scaleMin: null,
  scaleMax: null,
  scaleMinLabel: null,
  scaleMaxLabel: null,
  allowedFileTypes: null,
  maxFileMb: null,
  weight: 0,
  shownWhen: null,
};

/** A question for a snapshot written in code (the standard template, generated data), with every setting not given left at its default. */
export const snapshotQuestion = (
  id: string,
  type: QuestionType,
  label: string,
  extra: Partial<QuestionSettings> = {},
): SnapshotQuestion => ({ id, type, label, ...DEFAULTS, ...extra });
