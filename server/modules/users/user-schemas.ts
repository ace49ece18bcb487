import { z } from 'zod';
import { formVersion } from '../../http/validation';

const staffRole = z.enum(['admin', 'staff', 'viewer'], { error: 'Select a role' });

export const inviteUserSchema = z.object({
  name: z
    .string({ error: 'Enter the person’s full name' })
    .trim()
    .min(1, 'Enter the person’s full name')
    .max(120, 'Name must be 120 characters or fewer'),
  email: z
    .string({ error: 'Enter an email address' })
    .trim()
    .min(1, 'Enter an email address')
    .max(254, 'Email address must be 254 characters or fewer')
    .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' })),
  role: staffRole,
});

const version = formVersion;

export const changeRoleSchema = z.object({ role: staffRole, version });
export const changeStatusSchema = z.object({
  status: z.enum(['active', 'disabled'], { error: 'Choose enable or disable' }),
  version,
});

export const ROLE_LABELS = {
  admin: 'Administrator',
  staff: 'Procurement staff',
  viewer: 'Viewer (read only)',
  provider: 'Provider',
} as const;
