import { isoDateFromParts, londonDateAndTime, londonTimeToDate, normaliseTime } from './dates';

describe('dates', () => {
  test.each([
    [{ day: '24', month: '11', year: '2026' }, '2026-11-24'],
    [{ day: '1', month: '2', year: '2027' }, '2027-02-01'],
    [{ day: '29', month: '2', year: '2028' }, '2028-02-29'],
    [{ day: '29', month: '2', year: '2027' }, undefined],
    [{ day: '31', month: '4', year: '2027' }, undefined],
    [{ day: 'x', month: '4', year: '2027' }, undefined],
    [{ day: '1', month: '13', year: '2027' }, undefined],
    [{ day: '1', month: '1', year: '27' }, undefined],
  ])('%o is %s', (parts, expected) => {
    expect(isoDateFromParts(parts)).toBe(expected);
  });

  test('London wall-clock times convert across the clock changes', () => {
    expect(londonTimeToDate('2027-01-15', '12:00').toISOString()).toBe('2027-01-15T12:00:00.000Z');
    expect(londonTimeToDate('2027-07-15', '12:00').toISOString()).toBe('2027-07-15T11:00:00.000Z');
    // Last Sunday of March 2027: clocks go forward at 01:00 GMT.
    expect(londonTimeToDate('2027-03-28', '00:30').toISOString()).toBe('2027-03-28T00:30:00.000Z');
    expect(londonTimeToDate('2027-03-28', '03:00').toISOString()).toBe('2027-03-28T02:00:00.000Z');
    // Last Sunday of October 2027: clocks go back at 02:00 BST.
    expect(londonTimeToDate('2027-10-31', '12:00').toISOString()).toBe('2027-10-31T12:00:00.000Z');
    expect(londonTimeToDate('2027-10-30', '12:00').toISOString()).toBe('2027-10-30T11:00:00.000Z');
  });

  test('round trip to form values', () => {
    expect(londonDateAndTime(new Date('2027-07-15T11:00:00Z'))).toEqual({
      isoDate: '2027-07-15',
      time: '12:00',
    });
    expect(londonDateAndTime(new Date('2027-01-15T23:30:00Z'))).toEqual({
      isoDate: '2027-01-15',
      time: '23:30',
    });
    expect(londonDateAndTime(new Date('2027-07-15T23:30:00Z'))).toEqual({
      isoDate: '2027-07-16',
      time: '00:30',
    });
  });

  test.each([
    ['9:30', '09:30'],
    ['23:59', '23:59'],
    ['24:00', undefined],
    ['12.00', undefined],
    ['noon', undefined],
  ])('time %s is %s', (input, expected) => {
    expect(normaliseTime(input)).toBe(expected);
  });
});
