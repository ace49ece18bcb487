import { buildIcs, foldLine } from './ics';
import { londonTimeToDate } from './dates';

/** Unfolds and splits an ICS text into [name;params, value] pairs, as a calendar client would. */
function parseIcs(text: string): { name: string; params: string; value: string }[] {
  return text
    .replace(/\r\n /g, '')
    .split('\r\n')
    .filter(Boolean)
    .map((line) => {
      const colon = line.search(/:(?=(?:[^"]*"[^"]*")*[^"]*$)/);
      const head = line.slice(0, colon);
      const [name, ...params] = head.split(';');
      return { name, params: params.join(';'), value: line.slice(colon + 1) };
    });
}

const unescape = (value: string) => value.replace(/\\n/g, '\n').replace(/\\([\\;,])/g, '$1');

const event = (start: Date, end: Date) => ({
  method: 'REQUEST' as const,
  uid: 'meeting-1@portal.test',
  sequence: 0,
  start,
  end,
  summary: 'Meeting: Corporate back office, Meridian',
  location: 'County Hall, New Road; Oxford',
  description: 'Agenda:\n1. Introductions, scope\n2. Questions\\answers',
  organizer: { name: 'Sam "the" Patel', email: 'staff@demo.test' },
  attendees: [
    { name: 'Helen Marsh', email: 'helen@meridian.test' },
    { name: 'Zoë Ng: lead', email: 'zoe@demo.test' },
  ],
  stamp: new Date('2026-11-24T10:00:00Z'),
});

test('a request round-trips: escaped text, London times with a VTIMEZONE, CRLF endings', () => {
  const text = buildIcs(
    event(londonTimeToDate('2027-06-10', '10:00'), londonTimeToDate('2027-06-10', '11:30')),
  );
  expect(text.endsWith('\r\n')).toBe(true);
  expect(text.replace(/\r\n/g, '')).not.toMatch(/\n/);
  const lines = parseIcs(text);
  const get = (name: string) => lines.filter((line) => line.name === name);
  expect(get('METHOD')[0].value).toBe('REQUEST');
  expect(get('TZID')[0].value).toBe('Europe/London');
  expect(get('TZNAME').map((l) => l.value)).toEqual(['BST', 'GMT']);
  expect(get('DTSTART')[2]).toEqual({
    name: 'DTSTART',
    params: 'TZID=Europe/London',
    value: '20270610T100000',
  });
  expect(get('DTEND')[0].value).toBe('20270610T113000');
  expect(unescape(get('LOCATION')[0].value)).toBe('County Hall, New Road; Oxford');
  expect(unescape(get('DESCRIPTION')[0].value)).toBe(
    'Agenda:\n1. Introductions, scope\n2. Questions\\answers',
  );
  expect(get('ORGANIZER')[0]).toMatchObject({
    params: 'CN="Sam the Patel"',
    value: 'mailto:staff@demo.test',
  });
  expect(get('ATTENDEE').map((l) => l.value)).toEqual(['mailto:helen@meridian.test', 'mailto:zoe@demo.test']);
  expect(get('ATTENDEE')[1].params).toContain('CN="Zoë Ng: lead"');
  expect(get('DTSTAMP')[0].value).toBe('20261124T100000Z');
});

test('meetings on the clock-change Sundays keep their local time', () => {
  const march = buildIcs(
    event(londonTimeToDate('2027-03-28', '10:00'), londonTimeToDate('2027-03-28', '11:00')),
  );
  expect(parseIcs(march).find((l) => l.name === 'DTSTART' && l.params)?.value).toBe('20270328T100000');
  expect(londonTimeToDate('2027-03-28', '10:00').toISOString()).toBe('2027-03-28T09:00:00.000Z');
  const october = buildIcs(
    event(londonTimeToDate('2027-10-31', '10:00'), londonTimeToDate('2027-10-31', '11:00')),
  );
  expect(parseIcs(october).find((l) => l.name === 'DTSTART' && l.params)?.value).toBe('20271031T100000');
  expect(londonTimeToDate('2027-10-31', '10:00').toISOString()).toBe('2027-10-31T10:00:00.000Z');
});

test('long lines fold at 75 octets without splitting a character', () => {
  const line = `DESCRIPTION:${'é'.repeat(100)}`;
  const folded = foldLine(line);
  for (const part of folded.split('\r\n')) expect(Buffer.byteLength(part, 'utf8')).toBeLessThanOrEqual(75);
  expect(folded.replace(/\r\n /g, '')).toBe(line);
});
