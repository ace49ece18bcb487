import type { Knex } from 'knex';
import type { Snapshot } from '../questionnaires/questionnaire-structure';
import type { ScoringInputs, SubmittedAnswer } from './scoring-inputs';

export type InvitationRow = {
  invitationId: string;
  organisationId: string;
  name: string;
  sector: string;
  reach: string;
  size: string;
  status: string;
  declinedReasons: string[];
};

export type SubmissionRow = {
  invitationId: string;
  questionnaireVersion: number;
  answers: SubmittedAnswer[];
};

export type LatestSubmissionRow = {
  submissionId: string;
  invitationId: string;
  questionnaireVersion: number;
  scoringInputs: ScoringInputs | null;
  /** Read only when asked for: stored apart from the other inputs. */
  scoringChoices?: ScoringInputs['choices'] | null;
};

/** One invitation, for the drill-down to a single provider; the whole exercise when absent. */
export type InvitationScope = { invitationId: string };

const scopedTo = (only: InvitationScope | undefined, column: string) => (query: Knex.QueryBuilder) => {
  if (only) void query.where(column, only.invitationId);
};

/**
 * The read model behind the market-interest summary: a handful of set-based queries for a whole
 * exercise, so the cost does not grow with one query per provider.
 */
export function createScoringRepository(db: Knex) {
  return {
    async areas(exerciseId: string): Promise<{ id: string; name: string }[]> {
      return db('service_areas')
        .where({ exercise_id: exerciseId, status: 'active' })
        .whereNull('parent_id')
        .orderBy('position')
        .select('id', 'name');
    },

    async invitations(exerciseId: string, only?: InvitationScope): Promise<InvitationRow[]> {
      return db('invitations as i')
        .join('organisations as o', 'o.id', 'i.organisation_id')
        .where('i.exercise_id', exerciseId)
        .whereNot('i.status', 'withdrawn')
        .modify(scopedTo(only, 'i.id'))
        .select(
          'i.id as invitationId',
          'o.id as organisationId',
          'o.name',
          'o.sector',
          'o.reach',
          'o.size',
          'i.status',
          'i.declined_reasons as declinedReasons',
        );
    },

    /**
     * Each invitation's latest submission (what it last submitted, not later unsubmitted edits)
     * with its stored scoring inputs; not the answers themselves, which are far larger.
     */
    async latestSubmissions(
      exerciseId: string,
      withChoices: boolean,
      only?: InvitationScope,
    ): Promise<LatestSubmissionRow[]> {
      return db('response_submissions as s')
        .join('responses as r', 'r.id', 's.response_id')
        .join('invitations as i', 'i.id', 'r.invitation_id')
        .where('i.exercise_id', exerciseId)
        .whereNot('i.status', 'withdrawn')
        .modify(scopedTo(only, 'i.id'))
        .whereRaw(
          's.number = (SELECT max(number) FROM response_submissions WHERE response_id = s.response_id)',
        )
        .select(
          's.id as submissionId',
          'r.invitation_id as invitationId',
          's.questionnaire_version as questionnaireVersion',
          's.scoring_inputs as scoringInputs',
          // Per-area choices are more than half of what is stored and only some pages show them.
          ...(withChoices ? ['s.scoring_choices as scoringChoices'] : []),
        );
    },

    async submissionAnswers(submissionIds: string[]): Promise<{ id: string; answers: SubmittedAnswer[] }[]> {
      return db('response_submissions').whereIn('id', submissionIds).select('id', 'answers');
    },

    /**
     * Stores inputs worked out from submissions; a submission never changes, so neither do they.
     * Summaries asked for at once work out the same inputs and store them together: rows another
     * one is storing are skipped (it stores the same), so two never wait for each other's rows,
     * which in opposite orders was a deadlock.
     */
    async saveScoringInputs(rows: { id: string; inputs: ScoringInputs }[]): Promise<void> {
      if (rows.length === 0) return;
      const stored = rows.map(({ inputs: { choices, ...inputs } }) => ({ inputs, choices }));
      await db.raw(
        `WITH v AS (
           SELECT unnest(?::bigint[]) AS id, unnest(?::text[]) AS inputs, unnest(?::text[]) AS choices
         ), free AS (
           SELECT id FROM response_submissions WHERE id IN (SELECT id FROM v) FOR UPDATE SKIP LOCKED
         )
         UPDATE response_submissions AS s SET scoring_inputs = v.inputs::json, scoring_choices = NULLIF(v.choices, '')::json
         FROM v JOIN free ON free.id = v.id
         WHERE s.id = v.id`,
        [
          rows.map((row) => row.id),
          stored.map((row) => JSON.stringify(row.inputs)),
          // '' for none: a text array binding cannot hold SQL nulls here.
          stored.map((row) => (row.choices ? JSON.stringify(row.choices) : '')),
        ],
      );
    },

    /** One invitation's latest submission, for the drill-down to a single provider. */
    async latestSubmission(invitationId: string): Promise<SubmissionRow | undefined> {
      return db('response_submissions as s')
        .join('responses as r', 'r.id', 's.response_id')
        .where('r.invitation_id', invitationId)
        .orderBy('s.number', 'desc')
        .first(
          'r.invitation_id as invitationId',
          's.questionnaire_version as questionnaireVersion',
          's.answers',
        );
    },

    async snapshots(exerciseId: string): Promise<Map<number, Snapshot>> {
      const rows = await db('questionnaire_versions as v')
        .join('questionnaires as q', 'q.id', 'v.questionnaire_id')
        .where('q.exercise_id', exerciseId)
        .select<{ number: number; snapshot: Snapshot }[]>('v.number', 'v.snapshot');
      return new Map(rows.map((row) => [row.number, row.snapshot]));
    },

    /** Invitations whose provider has had a meeting that took place. */
    async metInvitations(exerciseId: string, only?: InvitationScope): Promise<string[]> {
      const rows = await db('meetings')
        .where({ exercise_id: exerciseId, status: 'held' })
        .modify(scopedTo(only, 'invitation_id'))
        .distinct<{ invitation_id: string }[]>('invitation_id');
      return rows.map((row) => row.invitation_id);
    },

    /**
     * Staff ratings per area from each invitation's most recent meeting that took place, one row
     * per invitation (area id -> rating): far fewer rows to read than one per rating.
     */
    async meetingRatings(
      exerciseId: string,
      only?: InvitationScope,
    ): Promise<{ invitationId: string; ratings: Record<string, number> }[]> {
      return db('meeting_observations as o')
        .join('meetings as m', 'm.id', 'o.meeting_id')
        .where({ 'm.exercise_id': exerciseId, 'm.status': 'held' })
        .modify(scopedTo(only, 'm.invitation_id'))
        .whereNotNull('o.rating')
        .whereRaw(
          `m.starts_at = (SELECT max(starts_at) FROM meetings WHERE invitation_id = m.invitation_id AND status = 'held')`,
        )
        .groupBy('m.invitation_id')
        .select(
          'm.invitation_id as invitationId',
          db.raw('jsonb_object_agg(o.service_area_id, o.rating) as ratings'),
        );
    },
  };
}

export type ScoringRepository = ReturnType<typeof createScoringRepository>;
