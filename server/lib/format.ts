const LONDON_PARTS = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'short',
});

/** GOV.UK style times: "9am", "5:30pm", "midday", "midnight". */
function clockTime(hour: number, minute: number): string {
  if (minute === 0 && hour === 12) return 'midday';
  if (minute === 0 && hour === 0) return 'midnight';
  const suffix = hour < 12 ? 'am' : 'pm';
  const twelveHour = hour % 12 === 0 ? 12 : hour % 12;
  return minute === 0
    ? `${twelveHour}${suffix}`
    : `${twelveHour}:${String(minute).padStart(2, '0')}${suffix}`;
}

/** "15 July 2027, 5:30pm BST": always in UK time, whatever the server's zone. */
export function formatDateTime(value: Date | string): string {
  const parts = LONDON_PARTS.formatToParts(value instanceof Date ? value : new Date(value));
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '';
  return `${get('day')} ${get('month')} ${get('year')}, ${clockTime(Number(get('hour')), Number(get('minute')))} ${get('timeZoneName')}`;
}

const LONG_DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});

/** "24 November 2026" from a calendar date 'YYYY-MM-DD'. */
export function formatDate(isoDate: string | null | undefined): string {
  if (!isoDate) return '';
  return LONG_DATE.format(new Date(`${isoDate}T00:00:00Z`));
}
