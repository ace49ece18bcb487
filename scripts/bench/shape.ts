import type { Knex } from 'knex';
import type { Snapshot } from '../../server/modules/questionnaires/questionnaire-structure';

/** The size and make-up of the bench exercise (issue 6, "Scale and speed"). */
export const SHAPE = {
  reference: 'BENCH-2026-01',
  providers: 2000,
  submitted: 1500,
  declined: 100,
  /** Drafts with the first two sections saved; the rest of the invitations are not started. */
  inProgress: 250,
  areas: 40,
  heldMeetings: 800,
};

export const providerEmail = (index: number) => `provider-${String(index + 1).padStart(4, '0')}@bench.test`;

export const STAFF_EMAIL = 'staff@demo.test';

export type BenchExercise = { id: string; snapshot: Snapshot };

/** The bench exercise and its published sections, or undefined when bench:data has not run. */
export async function findBenchExercise(db: Knex): Promise<BenchExercise | undefined> {
  const exercise = await db('exercises')
    .where({ reference: SHAPE.reference })
    .first<{ id: string } | undefined>('id');
  if (!exercise) return undefined;
  const version = await db('questionnaire_versions as v')
    .join('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .where('q.exercise_id', exercise.id)
    .orderBy('v.number', 'desc')
    .first<{ snapshot: Snapshot }>('v.snapshot');
  return { id: exercise.id, snapshot: version.snapshot };
}

/**
 * Provider accounts whose response is an open draft (never submitted), so saving sections
 * neither reopens a submitted response nor changes the summary.
 */
export async function draftProviderEmails(db: Knex, exerciseId: string, limit: number): Promise<string[]> {
  const rows = await db('invitations as i')
    .join('users as u', 'u.organisation_id', 'i.organisation_id')
    .where('i.exercise_id', exerciseId)
    .whereIn('i.status', ['invited', 'opened', 'in_progress'])
    .orderBy('u.email')
    .limit(limit)
    .select<{ email: string }[]>('u.email');
  return rows.map((row) => row.email);
}

/** A provider whose response is submitted with every section answered. */
export async function submittedProviderEmail(db: Knex, exerciseId: string): Promise<string> {
  const row = await db('invitations as i')
    .join('users as u', 'u.organisation_id', 'i.organisation_id')
    .where({ 'i.exercise_id': exerciseId, 'i.status': 'submitted' })
    .orderBy('u.email')
    .first<{ email: string }>('u.email');
  return row.email;
}
