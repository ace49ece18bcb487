import { z } from 'zod';
import { formVersion } from '../../http/validation';
import {
  AREA_TYPES,
  CONDITION_SOURCE_TYPES,
  FILE_TYPES,
  MAX_FILE_MB,
  NOT_INTERESTED_REASONS,
  QUESTION_TYPES,
  SCORED_TYPES,
  type ChoiceOption,
  type QuestionType,
} from './question-types';
import { optionsText, withValues } from './question-options';
import type { QuestionSettings, ShownWhen } from './questionnaire-structure';

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default('');

export const version = formVersion;

export const createSchema = z
  .object({
    source: z.enum(['empty', 'template', 'copy'], { error: 'Choose how to start the questionnaire' }),
    copyFrom: z.union([z.literal(''), z.uuid({ error: 'Choose an exercise from the list' })]).default(''),
  })
  .refine((values) => values.source !== 'copy' || values.copyFrom, {
    path: ['copyFrom'],
    message: 'Choose the exercise to copy the questionnaire from',
  });

export const sectionSchema = z.object({
  title: z
    .string({ error: 'Enter a title for the section' })
    .trim()
    .min(1, 'Enter a title for the section')
    .max(200, 'Title must be 200 characters or fewer'),
  description: optionalText('Description', 2000),
});

export const questionTypeSchema = z.enum(QUESTION_TYPES, { error: 'Choose the type of question' });

/** A setting this type does not have: whatever is posted, it is stored as this value. */
const fixed = <T>(value: T) =>
  z
    .unknown()
    .transform((): T => value)
    .default(value as never);

/** An unticked checkbox sends nothing at all. */
const checked = z
  .unknown()
  .transform((value) => value === 'yes' || (Array.isArray(value) && value.includes('yes')))
  .default(false);

const wholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} must be a whole number` })
    .trim()
    .min(1, `Enter ${label.toLowerCase()}`)
    .pipe(
      z.coerce
        .number<string>({ error: `${label} must be a whole number` })
        .int(`${label} must be a whole number`)
        .min(min, `${label} must be between ${min} and ${max}`)
        .max(max, `${label} must be between ${min} and ${max}`),
    );

const optionalWholeNumber = (label: string, min: number, max: number) =>
  z
    .string({ error: `${label} must be a whole number` })
    .default('')
    .transform((value, context) => {
      if (!value.trim()) return null;
      const parsed = wholeNumber(label, min, max).safeParse(value);
      if (parsed.success) return parsed.data;
      context.addIssue({ code: 'custom', message: parsed.error.issues[0].message });
      return z.NEVER;
    });

const scaleLabel = (label: string) =>
  optionalText(label, 100).transform((value) => (value === '' ? null : value));

const fileTypes = z
  .union([z.string(), z.array(z.string())], { error: 'Select at least one file type' })
  .transform((value) => [value].flat())
  .pipe(
    z
      .array(
        z.enum(FILE_TYPES.map((type) => type.value) as [string, ...string[]], {
          error: 'Select file types from the list',
        }),
      )
      .min(1, 'Select at least one file type'),
  );

const condition = z
  .string()
  .default('')
  .transform((value, context): ShownWhen | null => {
    if (!value) return null;
    if (value === 'interested') return { interestInArea: true };
    const [questionId, equals] = value.split('::');
    if (!z.uuid().safeParse(questionId).success || !equals) {
      context.addIssue({ code: 'custom', message: 'Choose when the question is shown from the list' });
      return z.NEVER;
    }
    return { questionId, equals };
  });

/** One schema per type: the common fields plus the settings that type has. */
export function questionSchemaFor(type: QuestionType, editing = false) {
  return z
    .object({
      version: editing ? version : fixed(0),
      sectionId: z.uuid({ error: 'Choose a section from the list' }),
      label: z
        .string({ error: 'Enter the question' })
        .trim()
        .min(1, 'Enter the question')
        .max(500, 'The question must be 500 characters or fewer'),
      helpText: optionalText('Help text', 2000),
      required: checked,
      perArea: checked,
      wordLimit: type === 'long_text' ? optionalWholeNumber('Word limit', 1, 10000) : fixed(null),
      options: ['single_choice', 'multiple_choice'].includes(type) ? optionsText : fixed([]),
      scaleMin: type === 'scale' ? wholeNumber('Lowest value', 0, 100) : fixed(null),
      scaleMax: type === 'scale' ? wholeNumber('Highest value', 1, 100) : fixed(null),
      scaleMinLabel: type === 'scale' ? scaleLabel('Label for the lowest value') : fixed(null),
      scaleMaxLabel: type === 'scale' ? scaleLabel('Label for the highest value') : fixed(null),
      allowedFileTypes: type === 'file_upload' ? fileTypes : fixed(null),
      maxFileMb: type === 'file_upload' ? wholeNumber('Largest file size', 1, MAX_FILE_MB) : fixed(null),
      weight: SCORED_TYPES.includes(type)
        ? z
            .string({ error: 'Weight must be a number' })
            .trim()
            .default('0')
            .transform((value) => value || '0')
            .pipe(
              z.coerce
                .number<string>({ error: 'Weight must be a number, like 1 or 0.5' })
                .min(0, 'Weight must be between 0 and 100')
                .max(100, 'Weight must be between 0 and 100'),
            )
        : fixed(0),
      shownWhen: AREA_TYPES.includes(type) ? fixed(null) : condition,
    })
    .refine(
      (values) => values.scaleMin === null || values.scaleMax === null || values.scaleMin < values.scaleMax,
      {
        path: ['scaleMax'],
        message: 'The highest value must be more than the lowest value',
      },
    )
    .transform(({ sectionId, options, version: expectedVersion, ...values }) => ({
      sectionId,
      version: expectedVersion,
      settings: (existing: ChoiceOption[]): QuestionSettings => ({
        ...values,
        type,
        perArea: AREA_TYPES.includes(type) ? false : values.perArea,
        options: type === 'not_interested_reasons' ? NOT_INTERESTED_REASONS : withValues(options, existing),
      }),
    }));
}

export const QUESTION_FIELDS = [
  'sectionId',
  'label',
  'helpText',
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
] as const;

export const canBeConditionSource = (type: QuestionType) => CONDITION_SOURCE_TYPES.includes(type);
