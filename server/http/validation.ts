import { z } from 'zod';

export type FieldError = { text: string; href: string };
export type FormErrors = { list: FieldError[]; byField: Record<string, string> };

export const NO_ERRORS: FormErrors = { list: [], byField: {} };

/** PostgreSQL's integer: a version beyond it was not loaded from the database, and would fail there. */
const MAX_VERSION = 2_147_483_647;

/** The record version a form was loaded with, sent back for optimistic locking. */
export const formVersion = z.coerce
  .number({ error: 'Reload the page and try again' })
  .int()
  .min(1)
  .max(MAX_VERSION, 'Reload the page and try again');

/** Turns zod issues into the GOV.UK error summary (first message per field, in field order). */
export function formErrors(error: z.ZodError, fieldOrder: string[] = []): FormErrors {
  const byField: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? 'form');
    byField[field] ??= issue.message;
  }
  return errorsFrom(byField, fieldOrder);
}

export function fieldError(field: string, text: string): FormErrors {
  return errorsFrom({ [field]: text }, []);
}

function errorsFrom(byField: Record<string, string>, fieldOrder: string[]): FormErrors {
  const ordered = [
    ...fieldOrder.filter((field) => field in byField),
    ...Object.keys(byField).filter((f) => !fieldOrder.includes(f)),
  ];
  return { byField, list: ordered.map((field) => ({ text: byField[field], href: `#${field}` })) };
}

/** Keeps only the named string fields of a posted form, for re-displaying what was typed. */
export function typedValues<K extends string>(body: unknown, fields: readonly K[]): Record<K, string> {
  const source = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const values = {} as Record<K, string>;
  for (const field of fields) {
    const value = source[field];
    values[field] = typeof value === 'string' ? value : '';
  }
  return values;
}
