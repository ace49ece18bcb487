import { z } from 'zod';

const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} must be text` })
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .optional()
    .transform((value) => value || null);

/** Permissive: digits, spaces, + ( ) - . and 7 to 15 digits, so "01865 792422 ext. 4" fails but most real numbers pass. */
const PHONE_CHARACTERS = /^[0-9 +()\-.]+$/;

export const contactSchema = z.object({
  name: z
    .string({ error: 'Enter the contact’s name' })
    .trim()
    .min(1, 'Enter the contact’s name')
    .max(200, 'Name must be 200 characters or fewer'),
  jobRole: optionalText('Job role', 200),
  email: z
    .string({ error: 'Enter an email address' })
    .trim()
    .min(1, 'Enter an email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' })),
  phone: optionalText('Phone number', 30).refine(
    (value) => {
      if (value === null) return true;
      const digits = value.replace(/\D/g, '').length;
      return PHONE_CHARACTERS.test(value) && digits >= 7 && digits <= 15;
    },
    { error: 'Enter a phone number, like 01865 792422 or +44 7700 900982' },
  ),
});

export type ContactInput = z.infer<typeof contactSchema>;

export const CONTACT_FIELDS = ['name', 'jobRole', 'email', 'phone'] as const;
