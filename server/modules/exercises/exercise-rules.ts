import { UserFacingError } from '../../lib/errors';
import type { Exercise, ExerciseStatus } from './exercise-repository';

/** The status changes a council would expect; anything else is refused. */
export const TRANSITIONS: Record<ExerciseStatus, ExerciseStatus[]> = {
  draft: ['open', 'archived'],
  open: ['closed'],
  closed: ['open', 'archived'],
  archived: [],
};

export const STATUS_LABELS: Record<ExerciseStatus, string> = {
  draft: 'Draft',
  open: 'Open',
  closed: 'Closed',
  archived: 'Archived',
};

export const TRANSITION_LABELS: Record<string, string> = {
  'draft->open': 'Open the exercise',
  'draft->archived': 'Archive without opening',
  'open->closed': 'Close the exercise',
  'closed->open': 'Reopen the exercise',
  'closed->archived': 'Archive the exercise',
};

export const isReadOnly = (exercise: Pick<Exercise, 'status'>) =>
  exercise.status === 'closed' || exercise.status === 'archived';

export function assertEditable(exercise: Pick<Exercise, 'status'>) {
  if (isReadOnly(exercise)) {
    throw new UserFacingError(
      exercise.status === 'closed'
        ? 'This exercise is closed and cannot be changed. Reopen it first, giving a reason.'
        : 'This exercise is archived and cannot be changed.',
    );
  }
}

/** Timeline order: opens <= questions close <= responses close; meeting window the right way round. */
export function timelineProblem(timeline: {
  opensAt: Date | null;
  questionsCloseAt: Date | null;
  responsesCloseAt: Date | null;
  meetingsFrom: string | null;
  meetingsTo: string | null;
}): { field: string; message: string } | undefined {
  const { opensAt, questionsCloseAt, responsesCloseAt, meetingsFrom, meetingsTo } = timeline;
  if (opensAt && questionsCloseAt && questionsCloseAt < opensAt) {
    return {
      field: 'questionsClose',
      message: 'Clarification questions must close after the exercise opens',
    };
  }
  if (opensAt && responsesCloseAt && responsesCloseAt <= opensAt) {
    return { field: 'responsesClose', message: 'Responses must close after the exercise opens' };
  }
  if (questionsCloseAt && responsesCloseAt && responsesCloseAt < questionsCloseAt) {
    return {
      field: 'responsesClose',
      message: 'Responses must close on or after the date clarification questions close',
    };
  }
  if (meetingsFrom && meetingsTo && meetingsTo < meetingsFrom) {
    return { field: 'meetingsTo', message: 'The meeting window must end on or after the day it starts' };
  }
  if (Boolean(meetingsFrom) !== Boolean(meetingsTo)) {
    return {
      field: meetingsFrom ? 'meetingsTo' : 'meetingsFrom',
      message: 'Enter both the first and last day of the meeting window',
    };
  }
  return undefined;
}

/**
 * When the retention job removes personal data: archived_at plus the retention months, a month
 * end clamped as PostgreSQL does (31 January + 1 month is 28 or 29 February). Null until archived.
 */
export function retentionDueAt(exercise: Pick<Exercise, 'archivedAt' | 'retentionMonths'>): Date | null {
  if (!exercise.archivedAt) return null;
  const due = new Date(exercise.archivedAt);
  const day = due.getUTCDate();
  due.setUTCDate(1);
  due.setUTCMonth(due.getUTCMonth() + exercise.retentionMonths);
  const lastDay = new Date(Date.UTC(due.getUTCFullYear(), due.getUTCMonth() + 1, 0)).getUTCDate();
  due.setUTCDate(Math.min(day, lastDay));
  return due;
}
