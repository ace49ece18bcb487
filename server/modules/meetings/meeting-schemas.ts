import { z } from 'zod';
import { formVersion } from '../../http/validation';
import { normaliseTime } from '../../lib/dates';

const text = (what: string, name: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${name} must be ${max} characters or fewer`);

const time = (what: string) =>
  z
    .string({ error: `Enter the ${what}` })
    .trim()
    .min(1, `Enter the ${what}`)
    .refine((value) => normaliseTime(value) !== undefined, {
      message: `The ${what} must be a time on the 24-hour clock, like 09:30 or 14:00`,
    })
    .transform((value) => normaliseTime(value)!);

/** Checkbox groups post nothing, one string, or several. */
const ids = (message: string) =>
  z.preprocess(
    (value) =>
      (value === undefined ? [] : Array.isArray(value) ? (value as unknown[]) : [value]).filter(
        (v) => v !== '',
      ),
    z.array(z.string().max(40)).min(1, message).max(50),
  );

export const SCHEDULE_FIELDS = [
  'date',
  'startTime',
  'endTime',
  'place',
  'room',
  'agenda',
  'staffUserIds',
  'contactIds',
];

export const scheduleSchema = z.object({
  startTime: time('start time'),
  endTime: time('end time'),
  place: text('the place: an address or an online meeting link', 'Place', 500),
  room: z.string().trim().max(200, 'Room must be 200 characters or fewer').default(''),
  agenda: text('the agenda', 'Agenda', 5000),
  staffUserIds: ids('Choose at least one staff attendee'),
  contactIds: ids('Choose at least one of the provider’s contacts'),
});

export const versionSchema = z.object({
  version: formVersion,
});

export const notesSchema = z.object({
  outcome: z.enum(['held', 'no_show'], { error: 'Choose whether the meeting happened' }),
  attended: z.string().trim().max(2000, 'Who attended must be 2000 characters or fewer').default(''),
  summary: z.string().trim().max(10000, 'Summary must be 10000 characters or fewer').default(''),
  notesVersion: formVersion,
});

export const OBSERVATION_FIELDS = ['rating', 'deliveryModels', 'capacity', 'concerns', 'notes'] as const;

export const actionSchema = z.object({
  description: text('what needs to be done', 'Action', 1000),
  owner: text('who will do it', 'Owner', 200),
});

export const anotherTimeSchema = z.object({
  message: text('the times that would suit you', 'Message', 2000),
});

export const clarificationSchema = z.object({
  question: text('the question', 'Question', 3000),
  answer: text('the answer', 'Answer', 5000),
});

export const SLOT_FIELDS = ['date', 'startTime', 'endTime', 'place', 'staffUserIds'];
export const slotSchema = scheduleSchema.pick({
  startTime: true,
  endTime: true,
  place: true,
  staffUserIds: true,
});
export const pickSchema = z.object({
  slotId: z.string({ error: 'Choose a time' }).min(1, 'Choose a time').max(40),
});
