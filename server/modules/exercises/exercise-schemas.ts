import { z } from 'zod';
import { formVersion } from '../../http/validation';

const text = (what: string, name: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${name} must be ${max} characters or fewer`);

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .default('');

export const version = formVersion;

export const detailsSchema = z.object({
  title: text('a title', 'Title', 200),
  reference: text('a reference', 'Reference', 40).regex(/^[A-Za-z0-9][A-Za-z0-9/._-]*$/, {
    message: 'Reference must only include letters, numbers, full stops, hyphens, underscores and slashes',
  }),
  purpose: text('the purpose of the exercise', 'Purpose', 5000),
  contactName: text('the name of the contact', 'Contact name', 120),
  contactEmail: z
    .string({ error: 'Enter the contact’s email address' })
    .trim()
    .min(1, 'Enter the contact’s email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' })),
});

export const noticeSchema = z.object({
  processDescription: optionalText('Description of the process', 10000),
  version,
});

const decimal = (label: string, min: number, max: number) =>
  z.coerce
    .number({ error: `${label} must be a number` })
    .min(min, `${label} must be between ${min} and ${max}`)
    .max(max, `${label} must be between ${min} and ${max}`);

export const settingsSchema = z
  .object({
    interestWeight: decimal('Interest weight', 0, 100),
    meetingWeight: decimal('Meeting weight', 0, 1),
    interestThreshold: decimal('Interest threshold', 0, 100),
    depthModerate: z.coerce
      .number({ error: 'Moderate depth must be a whole number' })
      .int('Moderate depth must be a whole number')
      .min(2, 'Moderate depth must be 2 or more')
      .max(999),
    depthStrong: z.coerce
      .number({ error: 'Strong depth must be a whole number' })
      .int('Strong depth must be a whole number')
      .min(3)
      .max(1000, 'Strong depth must be 1000 or fewer'),
    version,
  })
  .refine((values) => values.depthStrong > values.depthModerate, {
    path: ['depthStrong'],
    message: 'Strong depth must be more than moderate depth',
  });

const RETENTION_RANGE = 'Retention period must be between 1 and 120 months';

export const retentionSchema = z.object({
  retentionMonths: z
    .string({ error: 'Retention period must be a whole number of months' })
    .trim()
    .min(1, 'Enter how many months to keep personal data after archiving')
    .regex(/^\d{1,3}$/, 'Retention period must be a whole number of months')
    .transform(Number)
    .pipe(z.number().min(1, RETENTION_RANGE).max(120, RETENTION_RANGE)),
  version,
});

export const statusSchema = z.object({
  status: z.enum(['draft', 'open', 'closed', 'archived'], { error: 'Choose what to do' }),
  reason: optionalText('Reason', 1000),
  version,
});

export const eventSchema = z.object({
  title: text('a title for the event', 'Title', 200),
  place: text('where the event takes place', 'Place', 300),
  details: optionalText('Details', 2000),
});

export const conflictSchema = z.discriminatedUnion(
  'declaration',
  [
    z.object({ declaration: z.literal('none') }),
    z.object({
      declaration: z.literal('conflict'),
      organisationId: z.uuid({ error: 'Select the provider the conflict is with' }),
      description: text('a description of the conflict', 'Description', 2000),
    }),
  ],
  { error: 'Select whether you have a conflict of interest' },
);

export const areaSchema = z.object({
  name: text('a name for the service area', 'Name', 150),
  description: optionalText('Description', 2000),
  parentId: z.union([z.literal(''), z.uuid({ error: 'Choose a service area from the list' })]).default(''),
  reason: optionalText('Reason', 1000),
});

export const areaEditSchema = z.object({
  name: text('a name for the service area', 'Name', 150),
  description: optionalText('Description', 2000),
  version,
});
