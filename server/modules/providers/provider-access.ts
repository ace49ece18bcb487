import type { Request } from 'express';
import { signedInUser } from '../../http/auth';
import type { Role } from '../users/user-repository';
import type { Viewer } from './organisation-service';

/** Staff and admins manage the registry; viewers read it; providers correct their own organisation. */
export const MANAGERS: Role[] = ['staff', 'admin'];
export const READERS: Role[] = ['staff', 'admin', 'viewer'];
export const EDITORS: Role[] = ['staff', 'admin', 'provider'];
export const ANY_ROLE: Role[] = ['staff', 'admin', 'viewer', 'provider'];

export function viewerFrom(req: Request): Viewer {
  const user = signedInUser(req);
  return { role: user.role, organisationId: user.organisationId };
}

export const isManager = (req: Request) => MANAGERS.includes(signedInUser(req).role);

/** The page a success message is shown on, by what just happened (from the query string). */
const NOTICES: Record<string, string> = {
  created: 'Organisation added.',
  updated: 'Organisation details saved.',
  'contact-added': 'Contact added.',
  'contact-updated': 'Contact details saved.',
  'contact-removed': 'Contact removed.',
  'account-created': 'Provider account created. We have emailed the contact a link to choose a password.',
  'account-linked': 'The contact is now linked to their existing provider account.',
};

export function noticeFrom(query: unknown): string | undefined {
  const done = (query as Record<string, unknown>).done;
  return typeof done === 'string' ? NOTICES[done] : undefined;
}

/** A route parameter as a string ("" if absent), whatever the handler's inferred types. */
export function paramOf(req: Request, name: string): string {
  const value = (req.params as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : '';
}
