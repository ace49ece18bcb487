import { londonTimeToDate } from '../../lib/dates';
import { UserFacingError } from '../../lib/errors';

type Window = { meetingsFrom: string | null; meetingsTo: string | null };

/** London wall-clock times -> instants, refused when backwards or outside the exercise's meeting window. */
export function timesWithinWindow(
  exercise: Window,
  input: { date: string; startTime: string; endTime: string },
): { startsAt: Date; endsAt: Date } {
  const startsAt = londonTimeToDate(input.date, input.startTime);
  const endsAt = londonTimeToDate(input.date, input.endTime);
  if (endsAt <= startsAt) throw new UserFacingError('The end time must be after the start time', 'endTime');
  if (
    (exercise.meetingsFrom && input.date < exercise.meetingsFrom) ||
    (exercise.meetingsTo && input.date > exercise.meetingsTo)
  ) {
    throw new UserFacingError(
      `The meeting must be within the exercise’s meeting window (${exercise.meetingsFrom ?? 'any date'} to ${exercise.meetingsTo ?? 'any date'})`,
      'date',
    );
  }
  return { startsAt, endsAt };
}
