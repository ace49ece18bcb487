import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type ExerciseStatus = 'draft' | 'open' | 'closed' | 'archived';
export const EXERCISE_STATUSES: ExerciseStatus[] = ['draft', 'open', 'closed', 'archived'];

export type ScoringSettings = {
  interestWeight: number;
  meetingWeight: number;
  interestThreshold: number;
  depthStrong: number;
  depthModerate: number;
};

export type Exercise = ScoringSettings & {
  id: string;
  reference: string;
  title: string;
  purpose: string;
  processDescription: string;
  contactName: string;
  contactEmail: string;
  status: ExerciseStatus;
  opensAt: Date | null;
  questionsCloseAt: Date | null;
  responsesCloseAt: Date | null;
  meetingsFrom: string | null;
  meetingsTo: string | null;
  reminderDaysBefore: number;
  /** Months after archiving until the retention job removes personal data and files. */
  retentionMonths: number;
  archivedAt: Date | null;
  retentionAppliedAt: Date | null;
  ownerUserId: string;
  ownerName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

const COLUMNS: Record<keyof Omit<Exercise, 'ownerName'>, string> = {
  id: 'id',
  reference: 'reference',
  title: 'title',
  purpose: 'purpose',
  processDescription: 'process_description',
  contactName: 'contact_name',
  contactEmail: 'contact_email',
  status: 'status',
  opensAt: 'opens_at',
  questionsCloseAt: 'questions_close_at',
  responsesCloseAt: 'responses_close_at',
  meetingsFrom: 'meetings_from',
  meetingsTo: 'meetings_to',
  reminderDaysBefore: 'reminder_days_before',
  retentionMonths: 'retention_months',
  archivedAt: 'archived_at',
  retentionAppliedAt: 'retention_applied_at',
  ownerUserId: 'owner_user_id',
  interestWeight: 'interest_weight',
  meetingWeight: 'meeting_weight',
  interestThreshold: 'interest_threshold',
  depthStrong: 'depth_strong',
  depthModerate: 'depth_moderate',
  version: 'version',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
};

export type ExerciseChanges = Partial<
  Omit<Exercise, 'id' | 'ownerName' | 'version' | 'createdAt' | 'updatedAt'>
>;

function toColumns(changes: ExerciseChanges): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(changes).map(([key, value]) => [COLUMNS[key as keyof typeof COLUMNS], value]),
  );
}

const SELECT = [
  ...Object.entries(COLUMNS).map(([key, column]) => `e.${column} as ${key}`),
  'u.name as ownerName',
];

export type ExerciseFilter = { status?: ExerciseStatus; ownerUserId?: string };

export function createExerciseRepository(db: Knex) {
  const base = (trx: Knex) =>
    trx('exercises as e').join('users as u', 'u.id', 'e.owner_user_id').select(SELECT);

  return {
    async list(filter: ExerciseFilter): Promise<Exercise[]> {
      const query = base(db).orderBy('e.updated_at', 'desc');
      if (filter.status) query.where('e.status', filter.status);
      if (filter.ownerUserId && isUuid(filter.ownerUserId))
        query.where('e.owner_user_id', filter.ownerUserId);
      return (await query) as Exercise[];
    },

    async find(id: string, trx: Knex = db): Promise<Exercise | undefined> {
      if (!isUuid(id)) return undefined;
      return (await base(trx).where('e.id', id).first()) as Exercise | undefined;
    },

    async referenceTaken(reference: string, exceptId: string | null, trx: Knex = db): Promise<boolean> {
      const query = trx('exercises').whereRaw('lower(reference) = lower(?)', [reference]);
      if (exceptId) query.whereNot('id', exceptId);
      return Boolean(await query.first('id'));
    },

    async insert(values: ExerciseChanges & { ownerUserId: string }, trx: Knex): Promise<string> {
      const [{ id }] = await trx('exercises').insert(toColumns(values)).returning<{ id: string }[]>('id');
      return id;
    },

    /** Optimistic lock: applies only if the version is still the one the user saw. */
    async update(id: string, expectedVersion: number, changes: ExerciseChanges, trx: Knex): Promise<boolean> {
      const updated = await trx('exercises')
        .where({ id, version: expectedVersion })
        .update({ ...toColumns(changes), version: trx.raw('version + 1'), updated_at: trx.fn.now() });
      return updated === 1;
    },

    async touch(id: string, trx: Knex): Promise<void> {
      await trx('exercises').where({ id }).update({ updated_at: trx.fn.now() });
    },

    async owners(): Promise<{ id: string; name: string }[]> {
      return db('users')
        .distinct('users.id', 'users.name')
        .join('exercises', 'exercises.owner_user_id', 'users.id')
        .orderBy('users.name');
    },
  };
}

export type ExerciseRepository = ReturnType<typeof createExerciseRepository>;
