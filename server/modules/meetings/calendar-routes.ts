import { Router } from 'express';
import { z } from 'zod';
import { londonDateAndTime, londonTimeToDate } from '../../lib/dates';
import { canRead } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import { STATUS_LABELS } from './meeting-routes';
import type { MeetingCalendarService } from './meeting-calendar-service';
import type { MeetingService } from './meeting-service';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const addDays = (isoDate: string, days: number) =>
  new Date(Date.parse(`${isoDate}T00:00:00Z`) + days * 86400000).toISOString().slice(0, 10);

/** The Monday (London calendar) of the week containing a date. */
function mondayOf(isoDate: string): string {
  const weekday = new Date(`${isoDate}T00:00:00Z`).getUTCDay();
  return addDays(isoDate, -((weekday + 6) % 7));
}

const query = z.object({
  week: z.string().regex(ISO_DATE).optional().catch(undefined),
  day: z.string().regex(ISO_DATE).optional().catch(undefined),
  exercise: z.string().uuid().optional().catch(undefined),
  attendee: z.string().uuid().optional().catch(undefined),
});

/** Staff calendar: upcoming meetings by week with filters, and a printable list for one day. */
export function createCalendarRoutes(deps: {
  exercises: ExerciseService;
  meetings: MeetingService;
  meetingCalendar: MeetingCalendarService;
}) {
  const router = Router();

  router.get('/meetings/calendar', canRead, async (req, res) => {
    const filter = query.parse(req.query);
    const first = filter.day ?? mondayOf(filter.week ?? londonDateAndTime(new Date()).isoDate);
    const days = filter.day ? [first] : [0, 1, 2, 3, 4, 5, 6].map((n) => addDays(first, n));
    const meetings = await deps.meetingCalendar.between(
      londonTimeToDate(first, '00:00'),
      londonTimeToDate(addDays(days[days.length - 1], 1), '00:00'),
      { exerciseId: filter.exercise, userId: filter.attendee },
    );
    const params = (extra: Record<string, string>) =>
      new URLSearchParams({
        ...(filter.exercise ? { exercise: filter.exercise } : {}),
        ...(filter.attendee ? { attendee: filter.attendee } : {}),
        ...extra,
      }).toString();
    res.renderPage('meetings/calendar', {
      title: filter.day ? 'Meetings on one day' : 'Meetings calendar',
      days: days.map((day) => ({
        day,
        meetings: meetings.filter((m) => londonDateAndTime(m.startsAt).isoDate === day),
        printLink: `/meetings/calendar?${params({ day })}`,
      })),
      single: Boolean(filter.day),
      previous: `/meetings/calendar?${params({ week: addDays(first, -7) })}`,
      next: `/meetings/calendar?${params({ week: addDays(first, 7) })}`,
      exercises: await deps.exercises.list({}),
      staff: await deps.meetings.staffUsers(),
      filter: { exercise: filter.exercise ?? '', attendee: filter.attendee ?? '', week: first },
      statusLabels: STATUS_LABELS,
    });
  });

  return router;
}
