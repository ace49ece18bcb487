import type { Knex } from 'knex';

export type Person = { contactId: string; userId: string | null; emails: string[] };

/**
 * Everything stored about one person across the modules' tables, read for a subject access
 * request. Read-only; each query says which link makes a row theirs. It reads other modules'
 * tables directly, as a read model like the scoring one: no module's service has a reason to
 * offer "everything about this person", and the answer must cover every table that holds it.
 */
export function createSubjectAccessRepository(db: Knex) {
  const exerciseColumns = ['e.reference as exerciseReference', 'e.title as exerciseTitle'];
  const byUser = <T>(userId: string | null, query: () => Promise<T[]>): Promise<T[]> =>
    userId ? query() : Promise.resolve([]);
  const responsesOf = (table: string) =>
    db(`${table} as t`)
      .join('responses as r', 'r.id', 't.response_id')
      .join('invitations as i', 'i.id', 'r.invitation_id')
      .join('exercises as e', 'e.id', 'i.exercise_id');

  return {
    /** Invitations the person was sent, as one of their organisation's named contacts. */
    invitations: (person: Person) =>
      db('invitation_contacts as ic')
        .join('invitations as i', 'i.id', 'ic.invitation_id')
        .join('exercises as e', 'e.id', 'i.exercise_id')
        .where('ic.contact_id', person.contactId)
        .orderBy('i.invited_at')
        .select(
          ...exerciseColumns,
          'i.status',
          'i.invited_at as invitedAt',
          'i.declined_reason as declinedReason',
        ),

    /** Answers whose current value they saved last. */
    answersSaved: (person: Person) =>
      byUser(person.userId, () =>
        responsesOf('answers')
          .leftJoin('questions as q', 'q.id', 't.question_id')
          .leftJoin('service_areas as sa', 'sa.id', 't.area_id')
          .where('t.updated_by', person.userId)
          .orderBy('t.updated_at')
          .select(
            ...exerciseColumns,
            'q.label as question',
            'sa.name as serviceArea',
            't.value',
            't.updated_at as savedAt',
          ),
      ),

    /** Each change to an answer they made, with the value before and after. */
    answerChanges: (person: Person) =>
      byUser(person.userId, () =>
        responsesOf('answer_history')
          .leftJoin('questions as q', 'q.id', 't.question_id')
          .leftJoin('service_areas as sa', 'sa.id', 't.area_id')
          .where('t.changed_by', person.userId)
          .orderBy('t.changed_at')
          .select(
            ...exerciseColumns,
            'q.label as question',
            'sa.name as serviceArea',
            't.old_value as oldValue',
            't.new_value as newValue',
            't.changed_at as changedAt',
          ),
      ),

    submissions: (person: Person) =>
      byUser(person.userId, () =>
        responsesOf('response_submissions')
          .where('t.submitted_by', person.userId)
          .orderBy('t.submitted_at')
          .select(...exerciseColumns, 't.number', 't.submitted_at as submittedAt'),
      ),

    /** Files they uploaded to a response: what is known about each, not the content. */
    files: (person: Person) =>
      byUser(person.userId, () =>
        responsesOf('attachments')
          .where('t.uploaded_by', person.userId)
          .orderBy('t.uploaded_at')
          .select(
            ...exerciseColumns,
            't.original_name as name',
            't.file_type as type',
            't.size_bytes as sizeBytes',
            't.sha256',
            't.uploaded_at as uploadedAt',
          ),
      ),

    clarifications: (person: Person) =>
      byUser(person.userId, () =>
        db('clarifications as c')
          .join('exercises as e', 'e.id', 'c.exercise_id')
          .where('c.asked_by', person.userId)
          .orderBy('c.asked_at')
          .select(
            ...exerciseColumns,
            'c.question',
            'c.asked_at as askedAt',
            'c.answer',
            'c.visibility',
            'c.answered_at as answeredAt',
          ),
      ),

    /** Meetings they were listed as attending, with the notes kept of them. */
    async meetings(person: Person) {
      const meetings = await db('meeting_contacts as mc')
        .join('meetings as m', 'm.id', 'mc.meeting_id')
        .join('exercises as e', 'e.id', 'm.exercise_id')
        .where('mc.contact_id', person.contactId)
        .orderBy('m.starts_at')
        .select(
          'm.id',
          ...exerciseColumns,
          'm.starts_at as startsAt',
          'm.ends_at as endsAt',
          'm.place',
          'm.status',
          'm.agenda',
          'm.attended',
          'm.summary',
          'm.provider_message as providerMessage',
        );
      const actions = await db('meeting_actions')
        .whereIn(
          'meeting_id',
          meetings.map((meeting: { id: string }) => meeting.id),
        )
        .orderBy('created_at')
        .select('meeting_id as meetingId', 'description', 'owner', 'due_on as dueOn', 'done');
      return meetings.map(({ id, ...meeting }: { id: string }) => ({
        ...meeting,
        actions: actions
          .filter((action: { meetingId: string }) => action.meetingId === id)
          .map(({ meetingId: _meeting, ...action }: { meetingId: string }) => action),
      }));
    },

    /** Emails to any of their addresses: what and when, not the bodies (see docs/data-protection.md). */
    emails: (person: Person) =>
      db('email_outbox')
        .where((query) => {
          for (const email of person.emails) query.orWhereRaw('lower(to_address) = lower(?)', [email]);
        })
        .orderBy('created_at')
        .select('to_address as to', 'subject', 'status', 'created_at as queuedAt', 'sent_at as sentAt'),

    /** What they did, as the audit log recorded it: signed in, or tried to with their email. */
    auditEventsByThem: (person: Person) =>
      db('audit_events')
        .where((query) => {
          for (const email of person.emails) query.orWhereRaw('lower(actor_label) = lower(?)', [email]);
          if (person.userId) query.orWhere('actor_user_id', person.userId);
        })
        .orderBy('id')
        .select(
          'action',
          'record_type as recordType',
          'record_id as recordId',
          'changes',
          'ip',
          'created_at as at',
        ),

    /** Changes others made to their contact record or their account. */
    auditEventsAboutThem: (person: Person) =>
      db('audit_events')
        .where((query) => {
          query
            .where({ record_type: 'organisation' })
            .whereRaw("changes ->> 'contactId' = ?", [person.contactId]);
          if (person.userId) query.orWhere({ record_type: 'user', record_id: person.userId });
        })
        .orderBy('id')
        .select(
          'action',
          'actor_label as actor',
          'record_type as recordType',
          'record_id as recordId',
          'changes',
          'created_at as at',
        ),
  };
}

export type SubjectAccessRepository = ReturnType<typeof createSubjectAccessRepository>;
