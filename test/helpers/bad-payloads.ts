import type { PageForm } from './form-catalogue';

/** A value written into the urlencoded body as it stands, without percent-encoding it again. */
export type Raw = { raw: string };
export type Body =
  | { kind: 'form'; pairs: [string, string | Raw][] }
  | { kind: 'json'; value: Record<string, unknown> }
  | { kind: 'bytes'; contentType: string; bytes: Buffer };

export type Payload = { name: string; build: (form: PageForm) => Body };

export const SCRIPT = '<script>alert(1)</script>';

/** Hidden fields (version, keys) keep the page's values, so the service, not only the schema, sees the rest. */
function typed(form: PageForm, value: (field: string, index: number) => string | Raw): Body {
  const hidden = (field: string) => form.hiddenFields.includes(field);
  const kept = form.baseline.filter(([field]) => hidden(field));
  const typedFields = form.fields.filter((field) => !hidden(field) && !form.fileFields.includes(field));
  return {
    kind: 'form',
    pairs: [...kept, ...typedFields.map((field, i) => [field, value(field, i)] as [string, string | Raw])],
  };
}

/** Every field, hidden ones too, replaced. */
const everyField = (form: PageForm, value: string | ((index: number) => string)): Body => ({
  kind: 'form',
  pairs: form.fields
    .filter((field) => !form.fileFields.includes(field))
    .map((field, i) => [field, typeof value === 'string' ? value : value(i)]),
});

const jsonOf = (form: PageForm, value: (index: number) => unknown): Body => ({
  kind: 'json',
  value: Object.fromEntries(form.fields.map((field, i) => [field, value(i)])),
});

const baselineOf = (form: PageForm, field: string) =>
  form.baseline.find(([name]) => name === field)?.[1] ?? 'a';

/** Text fields share the body limit (100kb) so that each is far longer than any maximum. */
const longValue = (form: PageForm) =>
  'x'.repeat(Math.max(1, Math.floor(99_000 / Math.max(1, form.fields.length))));

const cycle =
  <T>(values: T[]) =>
  (index: number) =>
    values[index % values.length];

export const PAYLOADS: Payload[] = [
  { name: 'no fields at all', build: () => ({ kind: 'form', pairs: [] }) },
  { name: 'empty values', build: (form) => typed(form, (_, i) => cycle(['', ' \t\r\n '])(i)) },
  { name: 'over-long values', build: (form) => typed(form, () => longValue(form)) },
  {
    name: 'one 100k-character value',
    build: (form) => typed(form, (field, i) => (i === 0 ? 'y'.repeat(100_000) : baselineOf(form, field))),
  },
  { name: 'numbers beyond a 32-bit integer', build: (form) => everyField(form, '99999999999') },
  {
    name: 'text, negative, fractional and exponent numbers',
    build: (form) => everyField(form, cycle(['not a number', '-1.5', '1e400', 'Infinity', '0x1F'])),
  },
  {
    name: 'JSON numbers, booleans and nulls',
    build: (form) => jsonOf(form, cycle<unknown>([12345, true, null])),
  },
  {
    name: 'JSON objects and arrays',
    build: (form) => jsonOf(form, cycle<unknown>([{ nested: 'value', length: 3 }, [1, 2], [{}]])),
  },
  {
    name: 'repeated keys (arrays)',
    build: (form) => ({
      kind: 'form',
      pairs: form.fields.flatMap((field): [string, string][] => [
        [field, baselineOf(form, field)],
        [field, 'second value'],
      ]),
    }),
  },
  {
    name: 'bracket arrays and objects',
    build: (form) => ({
      kind: 'form',
      pairs: form.fields.flatMap((field): [string, string][] => [
        [`${field}[]`, 'a'],
        [`${field}[]`, 'b'],
        [`${field}[key]`, 'c'],
      ]),
    }),
  },
  { name: 'HTML and script', build: (form) => typed(form, () => `${SCRIPT}"><img src=x onerror=alert(2)>`) },
  {
    name: 'SQL-like strings',
    build: (form) =>
      typed(form, (_, i) => cycle(["'; DROP TABLE users; --", "O'Brien % _ \\ \" ' OR 1=1"])(i)),
  },
  {
    name: 'invalid UTF-8 and broken percent escapes',
    build: (form) =>
      typed(form, (_, i) => ({ raw: cycle(['%C3%28', '%FF', '%E2%82', '%ED%A0%80', '%%zz%4'])(i) })),
  },
  { name: 'NUL and control characters', build: (form) => typed(form, () => ({ raw: 'a%00b%01%1B%7F' })) },
  {
    name: 'raw bytes that are not UTF-8',
    build: (form) => ({
      kind: 'bytes',
      contentType: 'application/x-www-form-urlencoded',
      bytes: Buffer.concat(
        form.fields.map((field) =>
          Buffer.concat([
            Buffer.from(`${encodeURIComponent(field)}=`),
            Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x26]),
          ]),
        ),
      ),
    }),
  },
  {
    name: 'a charset the app does not read',
    build: (form) => ({
      kind: 'bytes',
      contentType: 'application/x-www-form-urlencoded; charset=utf-7',
      bytes: Buffer.from(form.fields.map((field) => `${encodeURIComponent(field)}=%2Bx`).join('&')),
    }),
  },
  {
    name: 'malformed JSON',
    build: () => ({
      kind: 'bytes',
      contentType: 'application/json',
      bytes: Buffer.from('{"title": "unterminated'),
    }),
  },
  {
    name: 'an urlencoded body over the 100kb limit',
    build: (form) => ({ kind: 'form', pairs: [[form.fields[0] ?? 'field', 'z'.repeat(150 * 1024)]] }),
  },
  {
    name: 'more fields than the parameter limit',
    build: () => ({
      kind: 'form',
      pairs: Array.from({ length: 300 }, (_, i): [string, string] => [`f${i}`, 'x']),
    }),
  },
];

/** Sentinels no legitimate write produces: finding one in the database means a field was mass-assigned. */
export const SENTINEL_UUID_PART = 'dead-4bad-8bad';
const sentinel = (n: number) => `00000000-${SENTINEL_UUID_PART}-${String(n).padStart(12, '0')}`;
export const SENTINEL_NUMBER = '987654321';
export const SENTINEL_DATE = '2001-02-03';

export const EXTRA_FIELDS: Record<string, string> = {
  id: sentinel(1),
  organisationId: sentinel(2),
  organisation_id: sentinel(3),
  userId: sentinel(4),
  user_id: sentinel(5),
  ownerUserId: sentinel(6),
  owner_user_id: sentinel(7),
  exerciseId: sentinel(8),
  exercise_id: sentinel(9),
  createdBy: sentinel(10),
  responseId: sentinel(11),
  role: 'admin',
  status: 'archived',
  version: SENTINEL_NUMBER,
  sequence: SENTINEL_NUMBER,
  failedAttempts: SENTINEL_NUMBER,
  createdAt: SENTINEL_DATE,
  created_at: SENTINEL_DATE,
  updatedAt: SENTINEL_DATE,
  submittedAt: SENTINEL_DATE,
  passwordHash: 'mass-assigned-hash',
  password_hash: 'mass-assigned-hash',
  isAdmin: 'true',
};

/** The form as the page would post it, plus every extra field it does not have. */
export function withExtraFields(form: PageForm): Body {
  const extras = Object.entries(EXTRA_FIELDS).filter(([field]) => !form.fields.includes(field));
  return { kind: 'form', pairs: [...form.baseline, ...extras] };
}
