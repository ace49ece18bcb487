import { formatDate, formatDateTime } from './format';

test.each([
  ['2027-07-15T11:00:00Z', '15 July 2027, midday BST'],
  ['2027-01-15T17:30:00Z', '15 January 2027, 5:30pm GMT'],
  ['2027-01-15T09:00:00Z', '15 January 2027, 9am GMT'],
  ['2027-01-15T00:00:00Z', '15 January 2027, midnight GMT'],
  ['2027-07-14T23:05:00Z', '15 July 2027, 12:05am BST'],
])('%s is shown as %s', (instant, expected) => {
  expect(formatDateTime(new Date(instant))).toBe(expected);
});

test('calendar dates', () => {
  expect(formatDate('2026-11-24')).toBe('24 November 2026');
  expect(formatDate(null)).toBe('');
});
