import { NOT_INTERESTED_REASONS } from '../questionnaires/question-types';
import { z } from 'zod';
import { formVersion } from '../../http/validation';

/** A checkbox group posts nothing, one string or several: always an array here. */
export const checkboxValues = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));

const uuidList = checkboxValues.pipe(z.array(z.uuid({ error: 'Select providers from the list' })).max(5000));

export const chooseOrganisationsSchema = z.object({
  organisationIds: uuidList.refine((ids) => ids.length > 0, 'Select at least one provider'),
});

/** Contacts are posted as "organisationId:contactId" so each stays tied to its organisation. */
export const sendSchema = z.object({
  organisationIds: uuidList.refine((ids) => ids.length > 0, 'Select at least one provider'),
  contacts: checkboxValues.pipe(
    z.array(z.string().regex(/^[0-9a-f-]{36}:[0-9a-f-]{36}$/i, 'Choose contacts from the list')).max(20000),
  ),
});

export const reasonSchema = z.object({
  reason: z
    .string({ error: 'Give a reason' })
    .trim()
    .min(1, 'Give a reason')
    .max(1000, 'Reason must be 1000 characters or fewer'),
  version: formVersion,
});

/** Declining uses the questionnaire's not-interested reasons, so the summary counts both together. */
export const DECLINE_REASONS = NOT_INTERESTED_REASONS.map(({ value, label }) => ({ value, label }));

export const declineSchema = z.object({
  reasons: checkboxValues
    .pipe(
      z.array(
        z
          .string()
          .refine(
            (value) => DECLINE_REASONS.some((reason) => reason.value === value),
            'Choose reasons from the list',
          ),
      ),
    )
    .refine((reasons) => reasons.length > 0, 'Select at least one reason'),
  reason: z
    .string({ error: 'Tell us more about why your organisation is not taking part' })
    .trim()
    .max(2000, 'Reason must be 2000 characters or fewer')
    .default(''),
  version: formVersion,
});

export const versionSchema = z.object({
  version: formVersion,
});
