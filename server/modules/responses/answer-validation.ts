import { isoDateFromParts } from '../../lib/dates';
import { INTEREST_SCALE, NOT_INTERESTED_REASONS, optionsOf } from '../questionnaires/question-types';
import { fieldName, type AnswerItem, type AnswerValue } from './answer-items';

export type ParsedAnswers = {
  values: Map<string, AnswerValue>;
  typed: Record<string, string | string[]>;
  errors: { field: string; text: string }[];
};

const asString = (value: unknown) => (typeof value === 'string' ? value : '');
const asList = (value: unknown) =>
  Array.isArray(value)
    ? value.filter((v): v is string => typeof v === 'string')
    : typeof value === 'string'
      ? [value]
      : [];
const words = (text: string) => text.trim().split(/\s+/).filter(Boolean).length;

const label = (item: AnswerItem) =>
  item.area ? `${item.question.label} (${item.area.name})` : item.question.label;

function allowedValues(item: AnswerItem): string[] {
  if (item.question.type === 'interest_matrix') return INTEREST_SCALE.map((option) => option.value);
  if (item.question.type === 'not_interested_reasons')
    return NOT_INTERESTED_REASONS.map((option) => option.value);
  return optionsOf(item.question).map((option) => option.value);
}

/**
 * Reads and checks the posted answers of a section. With `complete`, required questions must be
 * answered (Save and continue); without it, only what was typed is checked (Save and come back later).
 */
export function parseAnswers(
  items: AnswerItem[],
  body: Record<string, unknown>,
  complete: boolean,
): ParsedAnswers {
  const parsed: ParsedAnswers = { values: new Map(), typed: {}, errors: [] };
  for (const item of items) {
    const { question } = item;
    const field = fieldName(item.key);
    const fail = (text: string) => parsed.errors.push({ field, text });
    let value: AnswerValue = null;
    switch (question.type) {
      case 'multiple_choice':
      case 'not_interested_reasons': {
        const chosen = asList(body[field]);
        parsed.typed[field] = chosen;
        if (chosen.some((v) => !allowedValues(item).includes(v)))
          fail(`Choose from the options for ${label(item)}`);
        else value = chosen.length ? chosen : null;
        break;
      }
      case 'date': {
        const parts = {
          day: asString(body[`${field}-day`]),
          month: asString(body[`${field}-month`]),
          year: asString(body[`${field}-year`]),
        };
        Object.assign(parsed.typed, {
          [`${field}-day`]: parts.day,
          [`${field}-month`]: parts.month,
          [`${field}-year`]: parts.year,
        });
        if (parts.day || parts.month || parts.year) {
          const iso = isoDateFromParts(parts);
          if (iso) value = iso;
          else fail(`${label(item)} must be a real date, for example 27 3 2027`);
        }
        break;
      }
      case 'file_upload':
        // Files arrive separately (see attachment-service); the typed-in form has nothing to check.
        continue;
      default: {
        const text = asString(body[field]).trim();
        parsed.typed[field] = asString(body[field]);
        if (!text) break;
        const problem = checkText(item, text);
        if (problem) fail(problem);
        else value = normalise(item, text);
      }
    }
    const failed = parsed.errors.some((error) => error.field === field);
    if (!failed && value === null && complete && question.required) {
      fail(
        question.type === 'interest_matrix'
          ? `Choose your interest in ${item.area?.name}`
          : `Answer “${label(item)}”`,
      );
    }
    if (!failed) parsed.values.set(item.key, value);
  }
  return parsed;
}

function checkText(item: AnswerItem, text: string): string | undefined {
  const { question } = item;
  const name = label(item);
  switch (question.type) {
    case 'short_text':
      return text.length > 500 ? `${name} must be 500 characters or fewer` : undefined;
    case 'long_text':
      if (text.length > 20000) return `${name} must be 20,000 characters or fewer`;
      return question.wordLimit && words(text) > question.wordLimit
        ? `${name} must be ${question.wordLimit} words or fewer`
        : undefined;
    case 'number':
      return /^-?\d{1,12}(\.\d{1,4})?$/.test(text.replace(/,/g, ''))
        ? undefined
        : `${name} must be a number, like 25 or 12.5`;
    case 'currency':
      return /^\d{1,12}(\.\d{1,2})?$/.test(text.replace(/[£,\s]/g, ''))
        ? undefined
        : `${name} must be an amount in pounds, like 1500 or 1500.50`;
    case 'scale': {
      const n = Number(text);
      const min = question.scaleMin ?? 1;
      const max = question.scaleMax ?? 5;
      return Number.isInteger(n) && n >= min && n <= max
        ? undefined
        : `Choose a number from ${min} to ${max} for ${name}`;
    }
    default:
      return allowedValues(item).includes(text) ? undefined : `Choose one of the options for ${name}`;
  }
}

function normalise(item: AnswerItem, text: string): string {
  if (item.question.type === 'number') return text.replace(/,/g, '');
  if (item.question.type === 'currency') return Number(text.replace(/[£,\s]/g, '')).toFixed(2);
  return text;
}
