import type { Contact, ContactDetails } from './contact-repository';
import type { ImportedOrganisation, ImportRow, ParsedImport, RejectedRow } from './import-parser';
import { normaliseName } from './organisation-names';
import type { Organisation } from './organisation-repository';

type Changes = Record<string, { from: unknown; to: unknown }>;

export type PlannedContact = { line: number; details: ContactDetails; existing?: Contact; changes: Changes };

export type PlannedOrganisation = {
  lines: number[];
  action: 'create' | 'update' | 'unchanged';
  details: ImportedOrganisation;
  existing?: Organisation;
  changes: Changes;
  contactsToAdd: PlannedContact[];
  contactsToUpdate: PlannedContact[];
  likelyDuplicates: { id: string; name: string }[];
};

export type ImportPlan = {
  organisations: PlannedOrganisation[];
  rejected: RejectedRow[];
  counts: { create: number; update: number; unchanged: number; rejected: number };
};

/** What the registry holds for the keys in the file, read in a few queries. */
export type RegistryLookup = {
  byRegistrationNumber(numbers: string[]): Promise<Organisation[]>;
  byNormalisedName(names: string[]): Promise<Organisation[]>;
  contactsByEmail(emails: string[]): Promise<Contact[]>;
};

/** Fields the file gives a value for that differ from the registry; a blank cell never clears a value. */
function changesBetween<T extends Record<string, unknown>>(existing: T, given: Partial<T>): Changes {
  const changes: Changes = {};
  for (const [field, value] of Object.entries(given)) {
    if (value !== null && value !== undefined && existing[field] !== value)
      changes[field] = { from: existing[field], to: value };
  }
  return changes;
}

type Group = { key: string; lines: number[]; details: ImportedOrganisation; rows: ImportRow[] };

/** Rows for one organisation (same registration number, else same normalised name) become one group. */
function groupRows(rows: ImportRow[], rejected: RejectedRow[]): Group[] {
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const { organisation } = row;
    const key = organisation.registrationNumber
      ? `number:${organisation.registrationNumber}`
      : `name:${normaliseName(organisation.name)}`;
    const group = groups.get(key);
    if (!group) {
      groups.set(key, { key, lines: [row.line], details: { ...organisation }, rows: [row] });
      continue;
    }
    const clash = Object.keys(changesBetween(group.details, organisation)).filter(
      (field) => group.details[field as keyof ImportedOrganisation] !== null,
    );
    if (clash.length > 0) {
      rejected.push({
        line: row.line,
        name: organisation.name,
        reasons: [
          `Different details (${clash.join(', ')}) for the same organisation as line ${group.lines[0]}`,
        ],
      });
      continue;
    }
    Object.assign(group.details, changesToValues(changesBetween(group.details, organisation)));
    group.lines.push(row.line);
    group.rows.push(row);
  }
  return [...groups.values()];
}

const changesToValues = (changes: Changes) =>
  Object.fromEntries(Object.entries(changes).map(([field, change]) => [field, change.to]));

/** Decides, for every organisation and contact in the file, what confirming would do. */
export async function planImport(parsed: ParsedImport, lookup: RegistryLookup): Promise<ImportPlan> {
  const rejected = [...parsed.rejected];
  const groups = groupRows(parsed.rows, rejected);
  const numbers = groups.flatMap((group) => group.details.registrationNumber ?? []);
  const names = groups.map((group) => normaliseName(group.details.name));
  const emails = parsed.rows.flatMap((row) => (row.contact ? [row.contact.email.toLowerCase()] : []));
  // One after another: inside a transaction they share a single connection anyway.
  const byNumber = await lookup.byRegistrationNumber(numbers);
  const byName = await lookup.byNormalisedName(names);
  const contacts = await lookup.contactsByEmail(emails);
  const contactByEmail = new Map(contacts.map((contact) => [contact.email.toLowerCase(), contact]));
  const matchedBy = new Map<string, number>();
  const contactLines = new Map<string, number>();
  const planned: PlannedOrganisation[] = [];

  for (const group of groups) {
    const { details } = group;
    const normalised = normaliseName(details.name);
    const sameName = byName.filter((organisation) => organisation.normalisedName === normalised);
    let existing: Organisation | undefined;
    if (details.registrationNumber) {
      existing = byNumber.find(
        (organisation) => organisation.registrationNumber === details.registrationNumber,
      );
    } else if (sameName.length > 1) {
      rejected.push(
        ...group.rows.map((row) =>
          rowRejection(
            row,
            `${sameName.length} organisations in the registry have this name: add the registration number to say which`,
          ),
        ),
      );
      continue;
    } else {
      existing = sameName[0];
    }
    const earlierLine = existing && matchedBy.get(existing.id);
    if (earlierLine !== undefined) {
      rejected.push(
        ...group.rows.map((row) => rowRejection(row, `Matches the same organisation as line ${earlierLine}`)),
      );
      continue;
    }
    if (existing) matchedBy.set(existing.id, group.lines[0]);

    const plan: PlannedOrganisation = {
      lines: group.lines,
      action: 'unchanged',
      details,
      existing,
      changes: existing ? changesBetween(existing, details) : {},
      contactsToAdd: [],
      contactsToUpdate: [],
      likelyDuplicates: existing
        ? []
        : sameName.map((organisation) => ({ id: organisation.id, name: organisation.name })),
    };
    for (const row of group.rows) {
      if (!row.contact) continue;
      const email = row.contact.email.toLowerCase();
      const earlier = contactLines.get(email);
      if (earlier !== undefined) {
        rejected.push(
          rowRejection(row, `Contact not imported: the same contact email is on line ${earlier}`),
        );
        continue;
      }
      contactLines.set(email, row.line);
      const known = contactByEmail.get(email);
      if (known && known.organisationId !== existing?.id) {
        rejected.push(
          rowRejection(row, 'Contact not imported: the email belongs to a contact of another organisation'),
        );
      } else if (known) {
        const changes = changesBetween(known, row.contact);
        if (Object.keys(changes).length > 0)
          plan.contactsToUpdate.push({ line: row.line, details: row.contact, existing: known, changes });
      } else {
        plan.contactsToAdd.push({ line: row.line, details: row.contact, changes: {} });
      }
    }
    const changed =
      Object.keys(plan.changes).length + plan.contactsToAdd.length + plan.contactsToUpdate.length > 0;
    plan.action = !existing ? 'create' : changed ? 'update' : 'unchanged';
    planned.push(plan);
  }
  rejected.sort((a, b) => a.line - b.line);
  const count = (action: PlannedOrganisation['action']) =>
    planned.filter((plan) => plan.action === action).length;
  return {
    organisations: planned,
    rejected,
    counts: {
      create: count('create'),
      update: count('update'),
      unchanged: count('unchanged'),
      rejected: rejected.length,
    },
  };
}

const rowRejection = (row: ImportRow, reason: string): RejectedRow => ({
  line: row.line,
  name: row.organisation.name,
  reasons: [reason],
});
