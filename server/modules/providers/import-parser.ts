import { CsvError, parse } from 'csv-parse/sync';
import { UserFacingError } from '../../lib/errors';
import type { ContactDetails } from './contact-repository';
import { contactSchema } from './contact-schemas';
import {
  REACH_LABELS,
  SECTOR_LABELS,
  SIZE_LABELS,
  type OrganisationDetails,
} from './organisation-repository';
import { organisationSchema } from './organisation-schemas';

/** The columns of an import file, in the template's order. Only the first four are required. */
export const IMPORT_COLUMNS = [
  'name',
  'sector',
  'reach',
  'size',
  'registration_number',
  'website',
  'address_line_1',
  'address_line_2',
  'town',
  'postcode',
  'contact_name',
  'contact_job_role',
  'contact_email',
  'contact_phone',
] as const;
export const REQUIRED_COLUMNS = ['name', 'sector', 'reach', 'size'];
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;
export const MAX_IMPORT_ROWS = 10000;

type Column = (typeof IMPORT_COLUMNS)[number];
export type ImportedOrganisation = Omit<OrganisationDetails, 'notes'>;
export type ImportRow = { line: number; organisation: ImportedOrganisation; contact: ContactDetails | null };
export type RejectedRow = { line: number; name: string; reasons: string[] };
export type ParsedImport = { rows: ImportRow[]; rejected: RejectedRow[] };

/** The whole file is unusable; the message says what to fix. */
export class ImportFileError extends UserFacingError {
  constructor(message: string) {
    super(message, 'file');
  }
}

/** Spreadsheet users type the label they see ("Private sector") as often as the code ("private"). */
function codeFor(labels: Record<string, string>, value: string): string {
  const typed = value.trim().toLowerCase();
  const match = Object.entries(labels).find(
    ([code, label]) => code === typed || label.toLowerCase() === typed,
  );
  return match ? match[0] : typed;
}

function decodeUtf8(file: Buffer): string {
  if (file.subarray(0, 4).equals(Buffer.from('PK\u0003\u0004', 'latin1'))) {
    throw new ImportFileError(
      'The file is a spreadsheet workbook, not a CSV file. Save it as “CSV UTF-8” and upload that.',
    );
  }
  try {
    // A UTF-8 byte order mark (Excel adds one) is dropped by the decoder.
    const text = new TextDecoder('utf-8', { fatal: true }).decode(file);
    if (text.includes('\u0000')) throw new TypeError('NUL');
    return text;
  } catch {
    throw new ImportFileError(
      'The file is not UTF-8 text. Save it as “CSV UTF-8 (comma delimited)” and upload it again.',
    );
  }
}

function headerOf(record: string[]): Column[] {
  const header = record.map((cell) => cell.trim().toLowerCase().replace(/\s+/g, '_'));
  const unknown = header.filter((column) => !(IMPORT_COLUMNS as readonly string[]).includes(column));
  if (unknown.length > 0) {
    throw new ImportFileError(
      `The file has columns the import does not recognise: ${unknown.map((c) => c || '(blank)').join(', ')}. Use the column names in the template.`,
    );
  }
  const missing = REQUIRED_COLUMNS.filter((column) => !header.includes(column));
  if (missing.length > 0)
    throw new ImportFileError(`The file is missing the required columns: ${missing.join(', ')}.`);
  const repeated = header.find((column, index) => header.indexOf(column) !== index);
  if (repeated) throw new ImportFileError(`The column ${repeated} appears more than once.`);
  return header as Column[];
}

function rowFrom(line: number, cells: Partial<Record<Column, string>>): ImportRow | RejectedRow {
  const name = (cells.name ?? '').trim();
  const organisation = organisationSchema.omit({ notes: true }).safeParse({
    name: cells.name ?? '',
    registrationNumber: cells.registration_number,
    sector: codeFor(SECTOR_LABELS, cells.sector ?? ''),
    reach: codeFor(REACH_LABELS, cells.reach ?? ''),
    size: codeFor(SIZE_LABELS, cells.size ?? ''),
    website: cells.website,
    addressLine1: cells.address_line_1,
    addressLine2: cells.address_line_2,
    town: cells.town,
    postcode: cells.postcode,
  });
  const reasons = organisation.success ? [] : organisation.error.issues.map((issue) => issue.message);
  const contactCells = [cells.contact_name, cells.contact_job_role, cells.contact_email, cells.contact_phone];
  let contact: ContactDetails | null = null;
  if (contactCells.some((cell) => cell?.trim())) {
    const parsed = contactSchema.safeParse({
      name: cells.contact_name ?? '',
      jobRole: cells.contact_job_role,
      email: cells.contact_email ?? '',
      phone: cells.contact_phone,
    });
    if (parsed.success) contact = parsed.data;
    else reasons.push(...parsed.error.issues.map((issue) => `Contact: ${issue.message}`));
  }
  if (!organisation.success || reasons.length > 0) return { line, name, reasons };
  return { line, organisation: organisation.data, contact };
}

/** Reads and validates an import file: whole-file problems throw, row problems are listed. */
export function parseImportFile(file: Buffer): ParsedImport {
  if (file.length > MAX_IMPORT_BYTES) throw new ImportFileError('The file must be smaller than 5 MB.');
  const text = decodeUtf8(file);
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text, { info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as {
      record: string[];
      info: { lines: number };
    }[];
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    throw new ImportFileError(`The file could not be read as CSV: ${error.message}.`);
  }
  if (records.length === 0) throw new ImportFileError('The file is empty.');
  const header = headerOf(records[0].record);
  const data = records.slice(1).filter(({ record }) => record.some((cell) => cell.trim() !== ''));
  if (data.length === 0) throw new ImportFileError('The file has a header row but no organisations.');
  if (data.length > MAX_IMPORT_ROWS)
    throw new ImportFileError(
      `The file has ${data.length} rows; import at most ${MAX_IMPORT_ROWS} at a time.`,
    );

  const result: ParsedImport = { rows: [], rejected: [] };
  for (const { record, info } of data) {
    if (record.length !== header.length) {
      result.rejected.push({
        line: info.lines,
        name: record[header.indexOf('name')]?.trim() ?? '',
        reasons: [`The row has ${record.length} cells but the header has ${header.length}`],
      });
      continue;
    }
    const cells = Object.fromEntries(header.map((column, index) => [column, record[index]]));
    const row = rowFrom(info.lines, cells);
    if ('reasons' in row) result.rejected.push(row);
    else result.rows.push(row);
  }
  return result;
}
