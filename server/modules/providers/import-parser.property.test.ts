import fc from 'fast-check';
import { ImportFileError, parseImportFile } from './import-parser';

/** Any file either parses or is refused with a message for the user; nothing else escapes. */
function parseOrRefuse(file: Buffer) {
  try {
    return parseImportFile(file);
  } catch (error) {
    expect(error).toBeInstanceOf(ImportFileError);
    return undefined;
  }
}

const quoted = (cell: string) => `"${cell.replace(/"/g, '""')}"`;
const csv = (rows: string[][]) => Buffer.from(rows.map((row) => row.map(quoted).join(',')).join('\r\n'));

const HEADER = ['name', 'sector', 'reach', 'size', 'town'];

/** Names as people type them: any text, commas, quotes and line breaks included, trimmed and without NUL. */
const nameArb = fc
  .string({ minLength: 1, maxLength: 60, unit: 'grapheme' })
  .map((name) => name.trim())
  .filter((name) => name.length > 0 && !name.includes('\u0000'));

const organisationArb = fc.record({
  name: nameArb,
  sector: fc.constantFrom('public', 'private', 'voluntary'),
  reach: fc.constantFrom('local', 'regional', 'national'),
  size: fc.constantFrom('micro', 'sme', 'large'),
  town: fc.constantFrom('Oxford', 'Bromley', 'Witney, Oxon', 'St "Neots"'),
});

const rowOf = (o: { name: string; sector: string; reach: string; size: string; town: string }) => [
  o.name,
  o.sector,
  o.reach,
  o.size,
  o.town,
];

test('arbitrary bytes and text never throw anything but a file error for the user', () => {
  fc.assert(
    fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      parseOrRefuse(Buffer.from(bytes));
    }),
  );
  fc.assert(
    fc.property(fc.string({ maxLength: 300, unit: 'binary' }), (text) => {
      parseOrRefuse(Buffer.from(text));
      parseOrRefuse(Buffer.from(`name,sector,reach,size\r\n${text}`));
    }),
  );
});

test('arbitrary rows under a valid header are each either imported or rejected with a reason', () => {
  const cell = fc.string({ maxLength: 20, unit: 'binary' });
  fc.assert(
    fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 6 }), { maxLength: 10 }), (rows) => {
      const parsed = parseOrRefuse(csv([HEADER, ...rows]));
      if (!parsed) return;
      for (const rejected of parsed.rejected) expect(rejected.reasons.length).toBeGreaterThan(0);
      for (const { line } of [...parsed.rows, ...parsed.rejected]) expect(line).toBeGreaterThanOrEqual(2);
    }),
  );
});

test('valid rows come back as the same organisations, in order', () => {
  fc.assert(
    fc.property(fc.array(organisationArb, { minLength: 1, maxLength: 15 }), (organisations) => {
      const parsed = parseImportFile(csv([HEADER, ...organisations.map(rowOf)]));
      expect(parsed.rejected).toEqual([]);
      expect(
        parsed.rows.map(({ organisation: o }) => ({
          name: o.name,
          sector: o.sector,
          reach: o.reach,
          size: o.size,
          town: o.town,
        })),
      ).toEqual(organisations);
      const lines = parsed.rows.map((row) => row.line);
      expect([...lines].sort((a, b) => a - b)).toEqual(lines);
    }),
  );
});

test('cells that look like spreadsheet formulas are kept as the text typed', () => {
  const formula = fc
    .tuple(
      fc.constantFrom('=', '+', '-', '@', '\t=', '=cmd|'),
      fc.stringMatching(/^[A-Za-z0-9()!:+*/ ]{1,30}$/),
    )
    .map(([start, rest]) => `${start}${rest}`.trim())
    .filter((name) => name.length > 0);
  fc.assert(
    fc.property(formula, (name) => {
      const parsed = parseImportFile(csv([HEADER, [name, 'private', 'local', 'micro', '=HYPERLINK("x")']]));
      expect(parsed.rows.map((row) => [row.organisation.name, row.organisation.town])).toEqual([
        [name, '=HYPERLINK("x")'],
      ]);
    }),
  );
});

test('invalid rows are reported with their line numbers, valid rows still imported', () => {
  const invalid = fc.constantFrom(
    { name: '', sector: 'private', reach: 'local', size: 'micro', town: '' },
    { name: 'Galactic Services', sector: 'galactic', reach: 'local', size: 'micro', town: '' },
    { name: 'Nowhere Ltd', sector: 'public', reach: 'everywhere', size: 'sme', town: '' },
    { name: 'Huge Ltd', sector: 'public', reach: 'local', size: 'enormous', town: '' },
  );
  const singleLine = organisationArb.filter((o) => !/[\r\n\u2028\u2029\u0085]/.test(o.name));
  fc.assert(
    fc.property(
      fc.array(
        fc.oneof(
          singleLine.map((o) => ({ o, ok: true })),
          invalid.map((o) => ({ o, ok: false })),
        ),
        {
          minLength: 1,
          maxLength: 15,
        },
      ),
      (rows) => {
        const parsed = parseImportFile(csv([HEADER, ...rows.map(({ o }) => rowOf(o))]));
        // The header is line 1, so the nth row is on line n + 1.
        const expectedLines = (ok: boolean) =>
          rows.flatMap((row, index) => (row.ok === ok ? [index + 2] : []));
        expect(parsed.rejected.map((row) => row.line)).toEqual(expectedLines(false));
        expect(parsed.rows.map((row) => row.line)).toEqual(expectedLines(true));
        for (const rejected of parsed.rejected) expect(rejected.reasons.length).toBeGreaterThan(0);
      },
    ),
  );
});
