import { z } from 'zod';
import {
  formatPostcode,
  normaliseRegistrationNumber,
  normaliseWebsite,
  REGISTRATION_NUMBER_PATTERN,
} from './organisation-names';

/** Blank optional fields are stored as null; a field sent twice (an array) is refused. */
function optionalText(label: string, max: number) {
  return z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((value) => value || null);
}

function requiredText(missing: string, label: string, max: number) {
  return z
    .string({ error: missing })
    .trim()
    .min(1, missing)
    .max(max, `${label} must be ${max} characters or fewer`);
}

const fields = {
  name: requiredText('Enter the organisation’s name', 'Name', 200),
  registrationNumber: optionalText('Registration number', 30)
    .transform((value) => (value === null ? null : normaliseRegistrationNumber(value)))
    .refine((value) => value === null || REGISTRATION_NUMBER_PATTERN.test(value), {
      error:
        'Enter a Companies House number like 01234567 or SC123456, or a charity number like 1123456 or NIC100002',
    }),
  sector: z.enum(['public', 'private', 'voluntary'], { error: 'Select the sector' }),
  reach: z.enum(['local', 'regional', 'national'], { error: 'Select the reach' }),
  size: z.enum(['micro', 'sme', 'large'], { error: 'Select the size' }),
  website: optionalText('Website', 500).transform((value, context) => {
    if (value === null) return null;
    const website = normaliseWebsite(value);
    if (website === undefined) {
      context.addIssue({ code: 'custom', message: 'Enter a website address like https://www.example.org' });
      return z.NEVER;
    }
    return website;
  }),
  addressLine1: optionalText('Address line 1', 200),
  addressLine2: optionalText('Address line 2', 200),
  town: optionalText('Town or city', 100),
  postcode: optionalText('Postcode', 10).transform((value, context) => {
    if (value === null) return null;
    const postcode = formatPostcode(value);
    if (postcode === undefined) {
      context.addIssue({ code: 'custom', message: 'Enter a real UK postcode, like OX1 1ND' });
      return z.NEVER;
    }
    return postcode;
  }),
  notes: optionalText('Notes', 5000),
};

/** What staff and admins edit: everything. */
export const organisationSchema = z.object(fields);
export type OrganisationInput = z.infer<typeof organisationSchema>;

/** What a provider corrects about their own organisation; staff classify the rest. */
export const providerOrganisationSchema = z.object({
  name: fields.name,
  website: fields.website,
  addressLine1: fields.addressLine1,
  addressLine2: fields.addressLine2,
  town: fields.town,
  postcode: fields.postcode,
});
export type ProviderOrganisationInput = z.infer<typeof providerOrganisationSchema>;

export const ORGANISATION_FIELDS = [
  'name',
  'registrationNumber',
  'sector',
  'reach',
  'size',
  'website',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
  'notes',
] as const;
export const PROVIDER_EDITABLE_FIELDS = [
  'name',
  'website',
  'addressLine1',
  'addressLine2',
  'town',
  'postcode',
] as const;

export const versionSchema = z.object({
  version: z.coerce.number({ error: 'Reload the page and try again' }).int().min(1).max(2147483647),
});

/** The hidden key that makes a double-submitted "add" form create one record. */
export const creationKeySchema = z.object({
  creationKey: z.uuid({ error: 'Reload the page and try again' }),
  confirmDuplicate: z.literal('yes').optional().catch(undefined),
});
