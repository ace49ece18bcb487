import commonPasswords from 'fxa-common-password-list';

export const PASSWORD_MIN_LENGTH = 12;
export const PASSWORD_MAX_LENGTH = 256;

/**
 * GOV.UK and OWASP ASVS advice: length over complexity, no composition rules, refuse passwords
 * known from breaches and ones built from the user's own email.
 */
export function passwordProblem(password: string, email?: string): string | undefined {
  if (password.length < PASSWORD_MIN_LENGTH)
    return `Password must be ${PASSWORD_MIN_LENGTH} characters or more`;
  if (password.length > PASSWORD_MAX_LENGTH)
    return `Password must be ${PASSWORD_MAX_LENGTH} characters or fewer`;
  const lowered = password.toLowerCase();
  if (commonPasswords.test(lowered) || /^(.)\1+$/.test(password)) {
    return 'Password is too common. Choose a password that is hard to guess, such as three random words';
  }
  const localPart = email?.split('@')[0]?.toLowerCase();
  if (localPart && localPart.length >= 4 && lowered.includes(localPart)) {
    return 'Password must not contain your email address';
  }
  return undefined;
}
