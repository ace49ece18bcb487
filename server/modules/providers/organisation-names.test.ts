import { csvCell } from './csv-cell';
import {
  formatPostcode,
  normaliseName,
  normaliseWebsite,
  REGISTRATION_NUMBER_PATTERN,
} from './organisation-names';

test.each([
  ['The Meridian Business Services PLC', 'meridian business services'],
  ['Meridian  Business-Services Ltd.', 'meridian business services'],
  ['St John’s Café & Sons Limited', 'st johns cafe and sons'],
  ['Bromley Adult Learning C.I.C', 'bromley adult learning c i c'],
  ['Keystone LLP', 'keystone'],
])('normaliseName(%p) is %p', (name, expected) => {
  expect(normaliseName(name)).toBe(expected);
});

test.each([
  '01234567',
  'SC123456',
  'NI123456',
  'OC123456',
  'SC012345',
  '1123456',
  '212345',
  '1123456-1',
  'NIC100002',
])('%s is an accepted registration number', (number) =>
  expect(REGISTRATION_NUMBER_PATTERN.test(number)).toBe(true),
);

test.each(['12345', '123456789', 'S1234567', 'ABC12345', '1123456-123', 'NIC1000'])(
  '%s is not a registration number',
  (number) => expect(REGISTRATION_NUMBER_PATTERN.test(number)).toBe(false),
);

test('postcodes are checked and put in the standard form', () => {
  expect(formatPostcode('ox11nd')).toBe('OX1 1ND');
  expect(formatPostcode('sw1a 1aa')).toBe('SW1A 1AA');
  expect(formatPostcode('gir0aa')).toBe('GIR 0AA');
  expect(formatPostcode('12345')).toBeUndefined();
});

test('websites must be http(s) addresses', () => {
  expect(normaliseWebsite('www.example.org')).toBe('https://www.example.org');
  expect(normaliseWebsite('http://example.org/path')).toBe('http://example.org/path');
  expect(normaliseWebsite('javascript:alert(1)')).toBeUndefined();
  expect(normaliseWebsite('https://user:pass@example.org')).toBeUndefined();
  expect(normaliseWebsite('localhost')).toBeUndefined();
});

test('CSV cells that a spreadsheet would run as formulas are neutralised', () => {
  expect(csvCell("=cmd|' /C calc'!A0")).toBe(`"'=cmd|' /C calc'!A0"`);
  expect(csvCell('+44 1865')).toBe(`"'+44 1865"`);
  expect(csvCell('@SUM(A1)')).toBe(`"'@SUM(A1)"`);
  expect(csvCell('Plain "quoted"')).toBe('"Plain ""quoted"""');
  expect(csvCell(null)).toBe('""');
});
