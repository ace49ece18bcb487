import { z } from 'zod';
import { PASSWORD_MAX_LENGTH } from './password-policy';

const email = z
  .string({ error: 'Enter your email address' })
  .trim()
  .min(1, 'Enter your email address')
  .max(254, 'Email address must be 254 characters or fewer')
  .pipe(z.email({ error: 'Enter an email address in the correct format, like name@example.com' }));

export const signInSchema = z.object({
  email,
  password: z
    .string({ error: 'Enter your password' })
    .min(1, 'Enter your password')
    .max(PASSWORD_MAX_LENGTH, 'Enter a correct email address and password'),
});

export const forgotPasswordSchema = z.object({ email });

export const setPasswordSchema = z
  .object({
    password: z.string({ error: 'Enter a password' }).min(1, 'Enter a password'),
    confirmPassword: z.string({ error: 'Confirm your password' }).min(1, 'Confirm your password'),
  })
  .refine((values) => values.password === values.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  });
