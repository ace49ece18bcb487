import { Router, type Request, type Response } from 'express';
import { londonDateAndTime, londonTimeToDate, partsFromIsoDate, type DateParts } from '../../lib/dates';
import { actorFrom } from '../../http/auth';
import { datePartsFrom, optionalDate, timeFrom } from '../../http/date-fields';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import type { Exercise } from './exercise-repository';
import { STATUS_LABELS, TRANSITION_LABELS } from './exercise-rules';
import { settingsSchema, statusSchema, version as versionSchema } from './exercise-schemas';
import type { ExerciseService, ExerciseTimeline } from './exercise-service';
import { canWrite, userErrorStatus } from './exercise-routes';

type TimelineValues = {
  opens: DateParts;
  questionsClose: DateParts;
  questionsCloseTime: string;
  responsesClose: DateParts;
  responsesCloseTime: string;
  meetingsFrom: DateParts;
  meetingsTo: DateParts;
  reminderDaysBefore: string;
  version: string;
};

function timelineValues(exercise: Exercise): TimelineValues {
  const split = (instant: Date | null) =>
    instant ? londonDateAndTime(instant) : { isoDate: null, time: '' };
  const questions = split(exercise.questionsCloseAt);
  const responses = split(exercise.responsesCloseAt);
  return {
    opens: partsFromIsoDate(exercise.opensAt ? londonDateAndTime(exercise.opensAt).isoDate : null),
    questionsClose: partsFromIsoDate(questions.isoDate),
    questionsCloseTime: questions.time,
    responsesClose: partsFromIsoDate(responses.isoDate),
    responsesCloseTime: responses.time,
    meetingsFrom: partsFromIsoDate(exercise.meetingsFrom),
    meetingsTo: partsFromIsoDate(exercise.meetingsTo),
    reminderDaysBefore: String(exercise.reminderDaysBefore),
    version: String(exercise.version),
  };
}

/** Reads the timeline form; times are UK wall-clock and default to 12:00. */
function parseTimeline(body: unknown): {
  values: TimelineValues;
  timeline?: ExerciseTimeline;
  errors: Record<string, string>;
} {
  const typed = typedValues(body, [
    'questionsCloseTime',
    'responsesCloseTime',
    'reminderDaysBefore',
    'version',
  ] as const);
  const values: TimelineValues = {
    opens: datePartsFrom(body, 'opens'),
    questionsClose: datePartsFrom(body, 'questionsClose'),
    responsesClose: datePartsFrom(body, 'responsesClose'),
    meetingsFrom: datePartsFrom(body, 'meetingsFrom'),
    meetingsTo: datePartsFrom(body, 'meetingsTo'),
    ...typed,
  };
  const errors: Record<string, string> = {};
  const date = (field: keyof TimelineValues, label: string) => {
    const result = optionalDate(values[field] as DateParts, label);
    if (result.error) errors[field] = result.error;
    return result.isoDate;
  };
  const instant = (field: 'questionsClose' | 'responsesClose', label: string) => {
    const isoDate = date(field, label);
    const time = timeFrom(values[`${field}Time`], `${label} time`);
    if (time.error) errors[`${field}Time`] = time.error;
    return isoDate && time.time ? londonTimeToDate(isoDate, time.time) : null;
  };
  const opens = date('opens', 'The opening date');
  const timeline = {
    opensAt: opens ? londonTimeToDate(opens, '09:00') : null,
    questionsCloseAt: instant('questionsClose', 'The date clarification questions close'),
    responsesCloseAt: instant('responsesClose', 'The date responses close'),
    meetingsFrom: date('meetingsFrom', 'The first day of the meeting window'),
    meetingsTo: date('meetingsTo', 'The last day of the meeting window'),
    reminderDaysBefore: reminderDays(values.reminderDaysBefore, errors),
  };
  return { values, timeline: Object.keys(errors).length ? undefined : timeline, errors };
}

/** Whole days from 0 (no automatic reminders) to 60; blank means the default, 3. */
function reminderDays(value: string, errors: Record<string, string>): number {
  const trimmed = value.trim();
  if (!trimmed) return 3;
  if (!/^\d{1,2}$/.test(trimmed) || Number(trimmed) > 60) {
    errors.reminderDaysBefore = 'Reminder days must be a whole number from 0 to 60';
    return 3;
  }
  return Number(trimmed);
}

const TIMELINE_ORDER = [
  'opens',
  'questionsClose',
  'questionsCloseTime',
  'responsesClose',
  'responsesCloseTime',
  'meetingsFrom',
  'meetingsTo',
  'reminderDaysBefore',
];
const SETTINGS_FIELDS = [
  'interestWeight',
  'meetingWeight',
  'interestThreshold',
  'depthModerate',
  'depthStrong',
  'version',
] as const;

export function createExerciseSettingsRoutes(deps: { exercises: ExerciseService }) {
  const router = Router();
  const { exercises } = deps;
  type WithId = Request<{ id: string }>;

  const renderTimeline = async (res: Response, id: string, values: TimelineValues, errors: FormErrors) =>
    res.renderPage('exercises/timeline-form', {
      title: 'Change the timeline',
      exercise: await exercises.find(id),
      values,
      errors,
    });

  router.get('/exercises/:id/timeline', canWrite, async (req: WithId, res) => {
    const exercise = await exercises.find(req.params.id);
    await renderTimeline(res, exercise.id, timelineValues(exercise), NO_ERRORS);
  });

  router.post('/exercises/:id/timeline', canWrite, async (req: WithId, res) => {
    const { values, timeline, errors } = parseTimeline(req.body);
    const version = versionSchema.safeParse(values.version);
    if (!timeline || !version.success) {
      res.status(400);
      const byField = version.success ? errors : { ...errors, version: 'Reload the page and try again' };
      const list = [...TIMELINE_ORDER, 'version']
        .filter((field) => byField[field])
        .map((field) => ({ text: byField[field], href: `#${field}` }));
      await renderTimeline(res, req.params.id, values, { list, byField });
      return;
    }
    try {
      await exercises.updateTimeline(actorFrom(req), req.params.id, version.data, timeline);
      res.redirect(303, `/exercises/${req.params.id}?updated=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderTimeline(
        res,
        req.params.id,
        values,
        fieldError((error as { field?: string }).field ?? 'opens', (error as Error).message),
      );
    }
  });

  const renderSettings = async (
    res: Response,
    id: string,
    values: Record<string, string>,
    errors: FormErrors,
  ) =>
    res.renderPage('exercises/settings-form', {
      title: 'Change scoring settings',
      exercise: await exercises.find(id),
      values,
      errors,
    });

  router.get('/exercises/:id/settings', canWrite, async (req: WithId, res) => {
    const exercise = await exercises.find(req.params.id);
    const values = Object.fromEntries(SETTINGS_FIELDS.map((field) => [field, String(exercise[field])]));
    await renderSettings(res, exercise.id, values, NO_ERRORS);
  });

  router.post('/exercises/:id/settings', canWrite, async (req: WithId, res) => {
    const values = typedValues(req.body, SETTINGS_FIELDS);
    const parsed = settingsSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderSettings(res, req.params.id, values, formErrors(parsed.error, [...SETTINGS_FIELDS]));
      return;
    }
    const { version, ...settings } = parsed.data;
    try {
      await exercises.updateSettings(actorFrom(req), req.params.id, version, settings);
      res.redirect(303, `/exercises/${req.params.id}?updated=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderSettings(
        res,
        req.params.id,
        values,
        fieldError('interestWeight', (error as Error).message),
      );
    }
  });

  const renderStatus = async (
    res: Response,
    id: string,
    to: string,
    values: { reason: string },
    errors: FormErrors,
  ) => {
    const exercise = await exercises.find(id);
    const label = TRANSITION_LABELS[`${exercise.status}->${to}`] ?? `Change status to ${to}`;
    res.renderPage('exercises/status-form', {
      title: label,
      exercise,
      to,
      values,
      errors,
      statusLabels: STATUS_LABELS,
    });
  };

  router.get('/exercises/:id/status', canWrite, async (req: WithId, res) => {
    const to = typeof req.query.to === 'string' ? req.query.to : '';
    await renderStatus(res, req.params.id, to, { reason: '' }, NO_ERRORS);
  });

  router.post('/exercises/:id/status', canWrite, async (req: WithId, res) => {
    const values = typedValues(req.body, ['status', 'reason'] as const);
    const parsed = statusSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderStatus(
        res,
        req.params.id,
        values.status,
        values,
        formErrors(parsed.error, ['status', 'reason']),
      );
      return;
    }
    try {
      await exercises.changeStatus(
        actorFrom(req),
        req.params.id,
        parsed.data.version,
        parsed.data.status,
        parsed.data.reason,
      );
      res.redirect(303, `/exercises/${req.params.id}?updated=1`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderStatus(
        res,
        req.params.id,
        values.status,
        values,
        fieldError((error as { field?: string }).field ?? 'status', (error as Error).message),
      );
    }
  });

  return router;
}
