/** The kinds of question a questionnaire can hold (DESIGN.md section 4). */
export const QUESTION_TYPES = [
  'short_text',
  'long_text',
  'number',
  'currency',
  'date',
  'single_choice',
  'multiple_choice',
  'yes_no',
  'scale',
  'file_upload',
  'interest_matrix',
  'not_interested_reasons',
] as const;

export type QuestionType = (typeof QUESTION_TYPES)[number];

export const TYPE_LABELS: Record<QuestionType, string> = {
  short_text: 'Short text',
  long_text: 'Long text',
  number: 'Number',
  currency: 'Amount of money (£)',
  date: 'Date',
  single_choice: 'Single choice',
  multiple_choice: 'Multiple choice',
  yes_no: 'Yes or no',
  scale: 'Scale',
  file_upload: 'File upload',
  interest_matrix: 'Interest in each service area',
  not_interested_reasons: 'Reasons for not being interested',
};

export const TYPE_HINTS: Record<QuestionType, string> = {
  short_text: 'One line of text, such as a name',
  long_text: 'Paragraphs of text, with an optional word limit',
  number: 'A whole or decimal number',
  currency: 'An amount in pounds and pence',
  date: 'A day, month and year',
  single_choice: 'Choose one option from a list; options can score points',
  multiple_choice: 'Choose any options from a list; options can score points',
  yes_no: 'Yes scores 1, no scores 0',
  scale: 'A number on a scale, such as 1 to 5, with labels at each end',
  file_upload: 'Attach a document of the allowed types',
  interest_matrix:
    'One row per service area, rated from 0 (not interested) to 4 (very high); one per questionnaire',
  not_interested_reasons: 'Asked for each service area the provider is not interested in, with fixed reasons',
};

/** Types whose answers score: the option's points, yes 1 / no 0, or the position on the scale. */
export const SCORED_TYPES: QuestionType[] = ['single_choice', 'multiple_choice', 'yes_no', 'scale'];

/** Types an answer to which can decide whether a later question is shown. */
export const CONDITION_SOURCE_TYPES: QuestionType[] = ['single_choice', 'yes_no'];

/** Types that are asked once per service area by their nature, so per_area does not apply. */
export const AREA_TYPES: QuestionType[] = ['interest_matrix', 'not_interested_reasons'];

/** Interest scale I used by the matrix and scoring (DESIGN.md section 5). */
export const INTEREST_SCALE = [
  { value: '0', label: 'Not interested' },
  { value: '1', label: 'Low' },
  { value: '2', label: 'Medium' },
  { value: '3', label: 'High' },
  { value: '4', label: 'Very high' },
];

export type ChoiceOption = { value: string; label: string; points: number };

export const NOT_INTERESTED_REASONS: ChoiceOption[] = [
  { value: 'contract_size', label: 'Contract size', points: 0 },
  { value: 'tupe_pensions_risk', label: 'TUPE or pensions risk', points: 0 },
  { value: 'contract_length', label: 'Contract length', points: 0 },
  { value: 'lotting_bundling', label: 'Lotting or bundling of services', points: 0 },
  { value: 'geography', label: 'Geography', points: 0 },
  { value: 'capability_capacity', label: 'Capability or capacity', points: 0 },
  { value: 'other', label: 'Other', points: 0 },
];

export const YES_NO_OPTIONS: ChoiceOption[] = [
  { value: 'yes', label: 'Yes', points: 1 },
  { value: 'no', label: 'No', points: 0 },
];

export const FILE_TYPES = [
  { value: 'pdf', label: 'PDF' },
  { value: 'docx', label: 'Word document (DOCX)' },
  { value: 'xlsx', label: 'Excel spreadsheet (XLSX)' },
  { value: 'odt', label: 'OpenDocument text (ODT)' },
  { value: 'ods', label: 'OpenDocument spreadsheet (ODS)' },
  { value: 'csv', label: 'CSV' },
  { value: 'png', label: 'PNG image' },
  { value: 'jpg', label: 'JPEG image' },
];

/** Uploads are limited to 20 MB in server/http/multipart.ts; a question may only ask for less. */
export const MAX_FILE_MB = 20;

/** The answer options of a question: its own for choices, fixed ones otherwise. */
export function optionsOf(question: { type: QuestionType; options: ChoiceOption[] }): ChoiceOption[] {
  if (question.type === 'yes_no') return YES_NO_OPTIONS;
  if (question.type === 'not_interested_reasons') return NOT_INTERESTED_REASONS;
  return question.options;
}
