import { z } from 'zod';
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
import type { QuestionSettings, ShownWhen } from './questionnaire-structure';

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default('');

export const version = z.coerce.number({ error: 'Reload the page and try again' }).int().min(1);

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

const checked = z.unknown().transform((value) => value === 'yes' || (Array.isArray(value) && value.includes('yes')));

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
  z.union([z.literal('').transform(() => null), wholeNumber(label, min, max)]).default(null);

const scaleLabel = (label: string) =>
  optionalText(label, 100).transform((value) => (value === '' ? null : value));

/** "Label | points" per line; points default to 0 and must be between 0 and 1. */
const optionsText = z
  .string({ error: 'Enter the options' })
  .default('')
  .transform((text, context): { label: string; points: number }[] => {
    const lines = text.split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
    const problem = (message: string) => {
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (lines.length < 2) return problem('Enter at least 2 options, one on each line');
    if (lines.length > 30) return problem('Enter 30 options or fewer');
    const parsed = lines.map((line) => {
      const bar = line.lastIndexOf('|');
      return bar < 0
        ? { label: line, pointsText: '' }
        : { label: line.slice(0, bar).trim(), pointsText: line.slice(bar + 1).trim() };
    });
    for (const [index, { label, pointsText }] of parsed.entries()) {
      const points = Number(pointsText || '0');
      if (!label) return problem(`Option ${index + 1} needs a label before the |`);
      if (label.length > 200) return problem(`Option ${index + 1} must be 200 characters or fewer`);
      if (!/^\d*\.?\d+$/.test(pointsText || '0') || points < 0 || points > 1)
        return problem(`Option ${index + 1}: points must be a number from 0 to 1, like 0.5`);
    }
    const labels = parsed.map(({ label }) => label.toLowerCase());
    if (new Set(labels).size !== labels.length) return problem('Each option must be different');
    return parsed.map(({ label, pointsText }) => ({ label, points: Number(pointsText || '0') }));
  });

const fileTypes = z
  .union([z.string(), z.array(z.string())], { error: 'Select at least one file type' })
  .transform((value) => [value].flat())
  .pipe(
    z
      .array(z.enum(FILE_TYPES.map((type) => type.value) as [string, ...string[]], { error: 'Select file types from the list' }))
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
      version: editing ? version : z.any().transform(() => 0),
      sectionId: z.uuid({ error: 'Choose a section from the list' }),
      label: z
        .string({ error: 'Enter the question' })
        .trim()
        .min(1, 'Enter the question')
        .max(500, 'The question must be 500 characters or fewer'),
      helpText: optionalText('Help text', 2000),
      required: checked,
      perArea: checked,
      wordLimit: type === 'long_text' ? optionalWholeNumber('Word limit', 1, 10000) : z.any().transform(() => null),
      options: ['single_choice', 'multiple_choice'].includes(type) ? optionsText : z.any().transform(() => []),
      scaleMin: type === 'scale' ? wholeNumber('Lowest value', 0, 100) : z.any().transform(() => null),
      scaleMax: type === 'scale' ? wholeNumber('Highest value', 1, 100) : z.any().transform(() => null),
      scaleMinLabel: type === 'scale' ? scaleLabel('Label for the lowest value') : z.any().transform(() => null),
      scaleMaxLabel: type === 'scale' ? scaleLabel('Label for the highest value') : z.any().transform(() => null),
      allowedFileTypes: type === 'file_upload' ? fileTypes : z.any().transform(() => null),
      maxFileMb: type === 'file_upload' ? wholeNumber('Largest file size', 1, MAX_FILE_MB) : z.any().transform(() => null),
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
        : z.any().transform(() => 0),
      shownWhen: AREA_TYPES.includes(type) ? z.any().transform(() => null) : condition,
    })
    .refine((values) => values.scaleMin === null || values.scaleMax === null || values.scaleMin < values.scaleMax, {
      path: ['scaleMax'],
      message: 'The highest value must be more than the lowest value',
    })
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

const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 40) || 'option';

/**
 * Answers store an option's value, so an option keeps its value while its label stays the same
 * (ignoring case); a new label gets a new value, unique within the question.
 */
export function withValues(options: { label: string; points: number }[], existing: ChoiceOption[]): ChoiceOption[] {
  const taken = new Set<string>();
  return options.map(({ label, points }) => {
    const kept = existing.find((option) => option.label.toLowerCase() === label.toLowerCase());
    let value = kept && !taken.has(kept.value) ? kept.value : slug(label);
    for (let n = 2; taken.has(value); n++) value = `${slug(label)}_${n}`;
    taken.add(value);
    return { value, label, points };
  });
}

export const canBeConditionSource = (type: QuestionType) => CONDITION_SOURCE_TYPES.includes(type);
