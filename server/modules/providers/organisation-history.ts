import type { AuditEvent } from '../audit/audit-repository';

const ACTIONS: Record<string, string> = {
  'organisation.created': 'Organisation added',
  'organisation.updated': 'Details changed',
  'organisation.imported': 'Changed by a CSV import',
  'contact.added': 'Contact added',
  'contact.updated': 'Contact changed',
  'contact.removed': 'Contact removed',
  'contact.account_created': 'Provider account created',
  'contact.account_linked': 'Contact linked to an existing account',
  'contact.data_exported': 'Data held about a contact downloaded (subject access)',
};

const FIELDS: Record<string, string> = {
  name: 'Name',
  registrationNumber: 'Registration number',
  sector: 'Sector',
  reach: 'Reach',
  size: 'Size',
  website: 'Website',
  addressLine1: 'Address line 1',
  addressLine2: 'Address line 2',
  town: 'Town or city',
  postcode: 'Postcode',
  notes: 'Notes',
  jobRole: 'Job role',
  email: 'Email',
  phone: 'Phone',
};

const shown = (value: unknown) =>
  value === null || value === undefined || value === ''
    ? '(blank)'
    : typeof value === 'string'
      ? value
      : JSON.stringify(value);

/** "Name: Old Ltd → New Ltd" lines for the fields an audit event changed, as plain text. */
export function describeChanges(changes: Record<string, unknown>): string[] {
  return Object.entries(changes)
    .filter(([field]) => field in FIELDS)
    .map(([field, change]) => {
      const { from, to } = (change ?? {}) as { from?: unknown; to?: unknown };
      return `${FIELDS[field]}: ${shown(from)} → ${shown(to)}`;
    });
}

export function historyRows(events: AuditEvent[]) {
  return events.map((event) => ({
    when: event.createdAt,
    who: event.actorLabel,
    what: ACTIONS[event.action] ?? event.action,
    changes: describeChanges(event.changes ?? {}),
  }));
}
