import type { Response } from 'supertest';

export const ROLES = ['anonymous', 'outsider', 'rival', 'viewer', 'admin', 'staff', 'provider'] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who each role signs in as. The provider is Meridian; the rival is another organisation invited
 * to the same exercise (Vantage), the outsider one that is not invited to it (Keystone).
 */
export const ACCOUNTS: Record<Exclude<Role, 'anonymous'>, string> = {
  outsider: 'owen.price@keystone-mutual.test',
  rival: 'raj.chauhan@vantage-ict.test',
  viewer: 'viewer@demo.test',
  admin: 'admin@demo.test',
  staff: 'staff@demo.test',
  provider: 'helen.marsh@meridian-business.test',
};

export type Outcome = 'allowed' | 'forbidden' | 'notFound' | 'signIn';
type Rule = Record<Role, Outcome>;

/** The guard's answer to roles outside `allowed`; `overrides` for roles that get past it but not to the record. */
function rule(allowed: Role[], overrides: Partial<Rule> = {}): Rule {
  const outcome = (role: Role): Outcome =>
    overrides[role] ?? (allowed.includes(role) ? 'allowed' : role === 'anonymous' ? 'signIn' : 'forbidden');
  return Object.fromEntries(ROLES.map((role) => [role, outcome(role)])) as Rule;
}

const SIGNED_IN: Role[] = ['outsider', 'rival', 'viewer', 'admin', 'staff', 'provider'];

export const RULES = {
  /** Anyone, signed in or not. */
  public: rule([...ROLES]),
  /** Any signed-in role; the anonymous visitor is sent to sign in. */
  signedIn: rule(SIGNED_IN),
  adminOnly: rule(['admin']),
  staffOnly: rule(['staff']),
  viewerOnly: rule(['viewer']),
  /** Staff and admins manage (the provider registry, the sent emails). */
  managers: rule(['staff', 'admin']),
  /** Staff, admins and viewers read exercises and everything in them. */
  readers: rule(['staff', 'admin', 'viewer']),
  /** Every provider, each seeing only its own organisation's records. */
  providers: rule(['provider', 'rival', 'outsider']),
  /** A provider invited to the exercise; another provider not invited to it is told it does not exist. */
  providerInvited: rule(['provider', 'rival'], { outsider: 'notFound' }),
  /** A record of the provider's own organisation; any other organisation's provider gets 404. */
  providerOwn: rule(['provider'], { rival: 'notFound', outsider: 'notFound' }),
  /** An organisation page: managers and its own providers change it; others' providers get 404. */
  organisationEditors: rule(['staff', 'admin', 'provider'], { rival: 'notFound', outsider: 'notFound' }),
  /** An organisation page: readers and its own providers see it; others' providers get 404. */
  organisationReaders: rule(['staff', 'admin', 'viewer', 'provider'], {
    rival: 'notFound',
    outsider: 'notFound',
  }),
  /** An import preview belongs to the member of staff who uploaded it; another manager gets 404. */
  importUploader: rule(['staff'], { admin: 'notFound' }),
} satisfies Record<string, Rule>;

export type RuleName = keyof typeof RULES;

/** What a response means for access, judged the way a person using the portal would see it. */
export function outcomeOf(method: string, response: Response): Outcome | `unexpected ${number}` {
  const { status } = response;
  if (status >= 300 && status < 400) {
    return response.headers.location === '/sign-in' ? 'signIn' : 'allowed';
  }
  if (status === 403) {
    // Every POST carries a valid token, so a 403 must be the role guard, not CSRF.
    return response.text.includes('Your form has expired') ? 'unexpected 403' : 'forbidden';
  }
  if (status === 404) return 'notFound';
  if (status >= 200 && status < 300) return 'allowed';
  // A POST that reached the handler and was refused for its (empty) input or a rule.
  if (method === 'POST' && [400, 409, 422].includes(status)) return 'allowed';
  return `unexpected ${status}`;
}
