import type { Knex } from 'knex';

export type DueExercise = { id: string; reference: string; retentionMonths: number; archivedAt: Date };

export type RetentionCounts = {
  responseFilesDeleted: number;
  meetingFilesDeleted: number;
  draftResponsesDeleted: number;
  answerChangesDeleted: number;
  answersAnonymised: number;
  submissionsAnonymised: number;
  invitationContactsRemoved: number;
  meetingContactsRemoved: number;
  meetingsAnonymised: number;
  meetingActionsAnonymised: number;
  clarificationsAnonymised: number;
};

/** What replaces free text that exists to name people (who attended, who owns an action). */
export const REMOVED_TEXT = 'Removed under the data retention policy';

/**
 * The one place that writes across modules' tables on purpose: applying the retention period
 * must be a single transaction over every table that holds an exercise's personal data, with the
 * exercise row locked, so that it happens completely, once, or not at all.
 */
export function createRetentionRepository() {
  const invitationIds = (trx: Knex, exerciseId: string) =>
    trx('invitations').where({ exercise_id: exerciseId }).select('id');
  const responseIds = (trx: Knex, exerciseId: string) =>
    trx('responses').whereIn('invitation_id', invitationIds(trx, exerciseId)).select('id');
  const meetingIds = (trx: Knex, exerciseId: string) =>
    trx('meetings').where({ exercise_id: exerciseId }).select('id');

  return {
    /**
     * The next archived exercise whose retention period has passed, locked for this transaction.
     * SKIP LOCKED: a second process running the job at the same moment takes another one or none.
     */
    async claimDue(trx: Knex, skip: string[]): Promise<DueExercise | undefined> {
      return trx('exercises')
        .where({ status: 'archived' })
        .whereNotIn('id', skip)
        .whereNull('retention_applied_at')
        .whereRaw('archived_at + make_interval(months => retention_months) <= now()')
        .orderBy('archived_at')
        .forUpdate()
        .skipLocked()
        .first<DueExercise | undefined>(
          'id',
          'reference',
          'retention_months as retentionMonths',
          'archived_at as archivedAt',
        );
    },

    /** The generated names of every uploaded file of the exercise: response and meeting files. */
    async storedFileNames(exerciseId: string, trx: Knex): Promise<string[]> {
      const rows = await trx('attachments')
        .whereIn('response_id', responseIds(trx, exerciseId))
        .select('stored_name')
        .unionAll((union) =>
          union
            .from('meeting_files')
            .whereIn('meeting_id', meetingIds(trx, exerciseId))
            .select('stored_name'),
        );
      return rows.map((row: { stored_name: string }) => row.stored_name);
    },

    async purge(exerciseId: string, trx: Knex): Promise<RetentionCounts> {
      const responseFilesDeleted = await trx('attachments')
        .whereIn('response_id', responseIds(trx, exerciseId))
        .delete();
      const meetingFilesDeleted = await trx('meeting_files')
        .whereIn('meeting_id', meetingIds(trx, exerciseId))
        .delete();
      // Never submitted: not part of the record. A reopened response keeps its earlier submissions.
      const draftResponsesDeleted = await trx('responses')
        .whereIn('invitation_id', invitationIds(trx, exerciseId))
        .where({ status: 'draft', submission_count: 0 })
        .delete();
      const answerChangesDeleted = await trx('answer_history')
        .whereIn('response_id', responseIds(trx, exerciseId))
        .delete();
      const answersAnonymised = await trx('answers')
        .whereIn('response_id', responseIds(trx, exerciseId))
        .whereNotNull('updated_by')
        .update({ updated_by: null });
      await trx('section_progress')
        .whereIn('response_id', responseIds(trx, exerciseId))
        .whereNotNull('updated_by')
        .update({ updated_by: null });
      const submissionsAnonymised = await trx('response_submissions')
        .whereIn('response_id', responseIds(trx, exerciseId))
        .whereNotNull('submitted_by')
        .update({ submitted_by: null });
      const invitationContactsRemoved = await trx('invitation_contacts')
        .whereIn('invitation_id', invitationIds(trx, exerciseId))
        .delete();
      const meetingContactsRemoved = await trx('meeting_contacts')
        .whereIn('meeting_id', meetingIds(trx, exerciseId))
        .delete();
      const meetingsAnonymised = await trx('meetings')
        .where({ exercise_id: exerciseId })
        .where((query) => query.whereNotNull('attended').orWhereNotNull('provider_message'))
        .update({
          attended: trx.raw('CASE WHEN attended IS NULL THEN NULL ELSE ? END', [REMOVED_TEXT]),
          provider_message: null,
        });
      const meetingActionsAnonymised = await trx('meeting_actions')
        .whereIn('meeting_id', meetingIds(trx, exerciseId))
        .update({ owner: REMOVED_TEXT });
      // Providers who asked; a question staff published themselves names no one outside the council.
      const clarificationsAnonymised = await trx('clarifications')
        .where({ exercise_id: exerciseId })
        .whereIn('asked_by', trx('users').where({ role: 'provider' }).select('id'))
        .update({ asked_by: null });
      return {
        responseFilesDeleted,
        meetingFilesDeleted,
        draftResponsesDeleted,
        answerChangesDeleted,
        answersAnonymised,
        submissionsAnonymised,
        invitationContactsRemoved,
        meetingContactsRemoved,
        meetingsAnonymised,
        meetingActionsAnonymised,
        clarificationsAnonymised,
      };
    },

    /** Bumps the version too, so a retention form opened before this is refused as stale. */
    async markApplied(exerciseId: string, trx: Knex): Promise<void> {
      await trx('exercises')
        .where({ id: exerciseId })
        .update({ retention_applied_at: trx.fn.now(), version: trx.raw('version + 1') });
    },
  };
}

export type RetentionRepository = ReturnType<typeof createRetentionRepository>;
