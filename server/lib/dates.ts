/** Calendar dates and UK wall-clock times, converted without a date library. */

const LONDON = 'Europe/London';

export type DateParts = { day: string; month: string; year: string };

/** 'YYYY-MM-DD' for a real calendar date typed into a GOV.UK date input, else undefined. */
export function isoDateFromParts(parts: DateParts): string | undefined {
  const [day, month, year] = [parts.day, parts.month, parts.year].map((value) => value.trim());
  if (!/^\d{1,2}$/.test(day) || !/^\d{1,2}$/.test(month) || !/^\d{4}$/.test(year)) return undefined;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (date.getUTCDate() !== Number(day) || date.getUTCMonth() !== Number(month) - 1) return undefined;
  return date.toISOString().slice(0, 10);
}

export function partsFromIsoDate(isoDate: string | null | undefined): DateParts {
  if (!isoDate) return { day: '', month: '', year: '' };
  const [year, month, day] = isoDate.split('-');
  return { day: String(Number(day)), month: String(Number(month)), year };
}

/** Minutes London is ahead of UTC at an instant (0 in winter, 60 in summer). */
function londonOffsetMinutes(instant: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: LONDON,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'));
  return Math.round((asUtc - Math.floor(instant / 60000) * 60000) / 60000);
}

/** The instant of a London wall-clock time ('YYYY-MM-DD', 'HH:MM'). */
export function londonTimeToDate(isoDate: string, time: string): Date {
  const [year, month, day] = isoDate.split('-').map(Number);
  const [hour, minute] = time.split(':').map(Number);
  const wallClockAsUtc = Date.UTC(year, month - 1, day, hour, minute);
  const firstGuess = wallClockAsUtc - londonOffsetMinutes(wallClockAsUtc) * 60000;
  return new Date(wallClockAsUtc - londonOffsetMinutes(firstGuess) * 60000);
}

/** The London calendar date and 'HH:MM' of an instant, for filling forms back in. */
export function londonDateAndTime(instant: Date): { isoDate: string; time: string } {
  const shifted = new Date(instant.getTime() + londonOffsetMinutes(instant.getTime()) * 60000);
  return { isoDate: shifted.toISOString().slice(0, 10), time: shifted.toISOString().slice(11, 16) };
}

export const TIME_PATTERN = /^([01]?\d|2[0-3]):[0-5]\d$/;

/** '09:30' from what someone typed ('9:30', '09:30'). */
export function normaliseTime(value: string): string | undefined {
  const trimmed = value.trim();
  if (!TIME_PATTERN.test(trimmed)) return undefined;
  const [hour, minute] = trimmed.split(':');
  return `${hour.padStart(2, '0')}:${minute}`;
}
