import { formatDate } from '../../lib/format';
import { INTEREST_SCALE, optionsOf } from '../questionnaires/question-types';
import type { AnswerItem, AnswerValue } from './answer-items';

/** An answer as a person reads it: option labels rather than codes, dates and money spelt out. */
export function formatAnswer(
  item: AnswerItem,
  value: AnswerValue,
  fileNames = new Map<string, string>(),
): string {
  if (value === null || (Array.isArray(value) && value.length === 0)) return 'Not answered';
  const { question } = item;
  if (question.type === 'file_upload') {
    return (Array.isArray(value) ? value : [value])
      .map((id) => fileNames.get(id) ?? 'File uploaded')
      .join(', ');
  }
  const labelOf = (code: string) =>
    (question.type === 'interest_matrix' ? INTEREST_SCALE : optionsOf(question)).find((o) => o.value === code)
      ?.label ?? code;
  if (Array.isArray(value)) return value.map(labelOf).join(', ');
  switch (question.type) {
    case 'currency':
      return `£${Number(value).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
    case 'date':
      return formatDate(value);
    case 'single_choice':
    case 'yes_no':
    case 'interest_matrix':
      return labelOf(value);
    default:
      return value;
  }
}

export function itemLabel(item: AnswerItem): string {
  if (item.question.type === 'interest_matrix') return `Interest in ${item.area?.name ?? ''}`;
  if (item.question.type === 'not_interested_reasons')
    return `Why not interested in ${item.area?.name ?? ''}`;
  return item.area ? `${item.area.name}: ${item.question.label}` : item.question.label;
}
