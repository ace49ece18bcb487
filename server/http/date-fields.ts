import { isoDateFromParts, normaliseTime, partsFromIsoDate, type DateParts } from '../lib/dates';
import { typedValues } from './validation';

/** Reads a GOV.UK date input (`name-day`, `name-month`, `name-year`) from a posted form. */
export function datePartsFrom(body: unknown, name: string): DateParts {
  const values = typedValues(body, [`${name}-day`, `${name}-month`, `${name}-year`]);
  return { day: values[`${name}-day`], month: values[`${name}-month`], year: values[`${name}-year`] };
}

export type DateFieldResult = { isoDate: string | null; error?: string };

/** An optional date: all parts empty means none; otherwise it must be a real date. */
export function optionalDate(parts: DateParts, label: string): DateFieldResult {
  const empty = !parts.day.trim() && !parts.month.trim() && !parts.year.trim();
  if (empty) return { isoDate: null };
  const isoDate = isoDateFromParts(parts);
  return isoDate
    ? { isoDate }
    : { isoDate: null, error: `${label} must be a real date, for example 27 3 2027` };
}

export function requiredDate(parts: DateParts, label: string): DateFieldResult {
  const result = optionalDate(parts, label);
  if (!result.isoDate && !result.error) return { isoDate: null, error: `Enter ${label.toLowerCase()}` };
  return result;
}

export function timeFrom(value: string, label: string): { time?: string; error?: string } {
  if (!value.trim()) return { time: '12:00' };
  const time = normaliseTime(value);
  return time ? { time } : { error: `${label} must be a time on the 24-hour clock, like 09:30 or 17:00` };
}

export { partsFromIsoDate };
