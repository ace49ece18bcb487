import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { parse } from 'csv-parse/sync';
import request from 'supertest';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, type Agent } from '../helpers/http';

let context: TestContext;
let exerciseId: string;
let staff: Agent;

const round1 = (value: number) => Math.round(value * 10) / 10;

const decodeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;|&#39;/g, "'")
    .replace(/&amp;/g, '&');

const textOf = (html: string) => decodeXml(html.replace(/<[^>]+>/g, '')).trim();

/** Downloads a file as raw bytes. */
async function download(agent: Agent, url: string) {
  return agent
    .get(url)
    .buffer(true)
    .parse((response, callback) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('end', () => callback(null, Buffer.concat(chunks)));
    });
}

async function workbookFrom(body: Buffer) {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ArrayBuffer);
  return workbook;
}

/** A sheet's rows as arrays of cell values (null for an empty cell), header first. */
function rowsOf(workbook: ExcelJS.Workbook, name: string): ExcelJS.CellValue[][] {
  const sheet = workbook.getWorksheet(name)!;
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    const values = row.values as ExcelJS.CellValue[];
    rows.push(Array.from({ length: sheet.columnCount }, (_, index) => values[index + 1] ?? null));
  });
  return rows;
}

/** Every table in a Word document, as rows of cell texts. */
async function docxTables(body: Buffer) {
  const xml = await (await JSZip.loadAsync(body)).file('word/document.xml')!.async('string');
  return [...xml.matchAll(/<w:tbl>[\s\S]*?<\/w:tbl>/g)].map(([tableXml]) =>
    [...tableXml.matchAll(/<w:tr[ >][\s\S]*?<\/w:tr>/g)].map(([rowXml]) =>
      [...rowXml.matchAll(/<w:tc>[\s\S]*?<\/w:tc>/g)].map(([cellXml]) => textOf(cellXml)),
    ),
  );
}

/** All the text in every part of an Office file (document, sheets, properties). */
async function allText(body: Buffer) {
  const zip = await JSZip.loadAsync(body);
  const parts = await Promise.all(
    Object.values(zip.files)
      .filter((file) => !file.dir)
      .map((file) => file.async('string')),
  );
  return decodeXml(parts.join('\n'));
}

const csvRows = (text: string): string[][] => parse(text.replace(/^\uFEFF/, ''));

beforeAll(async () => {
  context = await createTestContext();
  exerciseId = (await context.db('exercises').where({ reference: 'OCC-SMT-2026-01' }).first()).id;
  staff = await signIn(context.app, 'staff@demo.test');
});
afterAll(() => context.close());

test('the dashboard and every export show the same figures', async () => {
  const { summaries } = await context.services.scoring.summary(exerciseId);
  const base = `/exercises/${exerciseId}/summary`;
  const expected = summaries.map((summary, index) => [
    index + 1,
    summary.name,
    summary.invited,
    summary.responded,
    summary.interested,
    summary.depth,
    round1(summary.meanS!),
    round1(summary.medianS!),
  ]);
  const asText = expected.map((row) =>
    row.map((value, column) => (column >= 6 ? (value as number).toFixed(1) : String(value))),
  );

  const page = await staff.get(base);
  const dashboardTable =
    /<table class="govuk-table"[\s\S]*?Service areas, most interest first[\s\S]*?<\/table>/.exec(
      page.text,
    )![0];
  const dashboardRows = [...dashboardTable.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .slice(1)
    .map(([, row]) => [...row.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map(([, cell]) => textOf(cell)));
  expect(dashboardRows.map((row) => row.slice(0, 8))).toEqual(asText);

  const areasCsv = csvRows((await staff.get(`${base}/areas.csv`).buffer(true)).text);
  expect(areasCsv.slice(1).map((row) => row.slice(0, 8))).toEqual(asText);

  const workbook = await workbookFrom((await download(staff, `${base}/report.xlsx`)).body);
  const summarySheet = rowsOf(workbook, 'Summary');
  expect(summarySheet[0].slice(0, 8)).toEqual(areasCsv[0].slice(0, 8));
  expect(summarySheet.slice(1, summaries.length + 1).map((row) => row.slice(0, 8))).toEqual(expected);

  const [docxSummary] = await docxTables((await download(staff, `${base}/report.docx`)).body);
  expect(docxSummary[0]).toEqual(areasCsv[0].slice(0, 8));
  expect(docxSummary.slice(1)).toEqual(asText);

  // Every provider and area: the CSV detail and the Detail sheet, against the computation.
  const detailCsv = csvRows((await staff.get(`${base}/detail.csv`).buffer(true)).text);
  const detailSheet = rowsOf(workbook, 'Detail');
  expect(detailSheet[0]).toEqual(detailCsv[0]);
  const pairs = summaries.flatMap((summary) => summary.pairs);
  expect(detailSheet).toHaveLength(pairs.length + 1);
  expect(detailCsv).toHaveLength(pairs.length + 1);
  const names = new Map(
    (await context.services.scoring.summary(exerciseId)).providers.map((p) => [p.providerId, p.name]),
  );
  for (const summary of summaries) {
    for (const pair of summary.pairs) {
      const key = (row: unknown[]) => row[0] === names.get(pair.providerId) && row[4] === summary.name;
      const sheetRow = detailSheet.find(key)!;
      const csvRow = detailCsv.find(key)!;
      const figures = [
        pair.interest,
        round1(pair.q),
        pair.m === null ? null : round1(pair.m),
        round1(pair.s),
      ];
      expect(sheetRow.slice(6, 10)).toEqual(figures);
      expect(csvRow.slice(6, 10)).toEqual(figures.map((value) => (value === null ? '' : String(value))));
      expect(sheetRow[10]).toBe(pair.interested ? 'Yes' : 'No');
      // The Detail sheet holds only text and numbers, so each cell reads back as its CSV text.
      expect(sheetRow.map((cell) => (cell === null ? '' : String(cell as string | number)))).toEqual(csvRow);
    }
  }
});

test('numbers are numbers, meeting times are dates in UK time, and every sheet has a frozen, filtered header', async () => {
  const response = await download(staff, `/exercises/${exerciseId}/summary/report.xlsx`);
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toBe(
    'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  );
  expect(response.headers['content-disposition']).toBe(
    'attachment; filename="OCC-SMT-2026-01-market-interest.xlsx"',
  );
  const workbook = await workbookFrom(response.body);
  expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual([
    'Summary',
    'By segment',
    'Detail',
    'Reasons',
    'Meetings',
    'Settings',
  ]);
  for (const sheet of workbook.worksheets) {
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    // The filter spans the header and the table below it (not the notes after a blank row).
    const tableRows = rowsOf(workbook, sheet.name).findIndex((row) => row.every((cell) => cell === null));
    const lastRow = tableRows === -1 ? sheet.rowCount : tableRows;
    expect(sheet.autoFilter).toBe(`A1:${sheet.getColumn(sheet.columnCount).letter}${lastRow}`);
    expect(sheet.getRow(1).font?.bold).toBe(true);
    expect(sheet.getColumn(1).width).toBeGreaterThan(5);
  }

  const summary = rowsOf(workbook, 'Summary');
  for (const row of summary.slice(1, 5)) {
    for (const cell of [row[0], row[2], row[3], row[4], row[6], row[7], ...row.slice(8)])
      expect(typeof cell).toBe('number');
  }
  const { finding } = await context.services.scoring.summary(exerciseId);
  expect(summary.find((row) => row[0] === 'Finding')?.[1]).toBe(finding);
  expect(
    rowsOf(workbook, 'Reasons')
      .slice(1)
      .every((row) => typeof row[2] === 'number'),
  ).toBe(true);
  expect(
    rowsOf(workbook, 'By segment')
      .slice(1)
      .every((row) => row.slice(3).every((c) => typeof c === 'number')),
  ).toBe(true);

  const held = await context
    .db('meetings')
    .where({ exercise_id: exerciseId, status: 'held' })
    .orderBy('starts_at');
  const meetings = rowsOf(workbook, 'Meetings').slice(1);
  expect(meetings.length).toBeGreaterThanOrEqual(held.length);
  for (const row of meetings) {
    expect(row[0]).toBeInstanceOf(Date);
    // The demo meetings start at 10am UK time, in summer and in winter.
    expect((row[0] as Date).toISOString().slice(11, 16)).toBe('10:00');
    if (row[6] !== null) expect(typeof row[6]).toBe('number');
  }
  expect(new Set(meetings.map((row) => (row[0] as Date).toISOString().slice(0, 10))).size).toBe(held.length);

  const settings = new Map(rowsOf(workbook, 'Settings').map((row) => [row[0], row[1]]));
  expect(settings.get('Interest weight (w_I)')).toBe(3);
  expect(settings.get('Meeting weight (alpha)')).toBe(0.4);
  expect(settings.get('Interest threshold (tau, out of 100)')).toBe(50);
});

describe('anonymised exports', () => {
  test('name no organisation and no contact anywhere, while named exports keep meeting notes', async () => {
    const [meeting] = await context
      .db('meetings as m')
      .join('meeting_observations as o', 'o.meeting_id', 'm.id')
      .where({ 'm.exercise_id': exerciseId, 'm.status': 'held' })
      .select('m.id', 'm.invitation_id', 'o.service_area_id');
    const metOrganisation = await context
      .db('invitations as i')
      .join('organisations as o', 'o.id', 'i.organisation_id')
      .where('i.id', meeting.invitation_id)
      .first('o.name');
    const contact = await context
      .db('invitation_contacts as ic')
      .join('contacts as c', 'c.id', 'ic.contact_id')
      .where('ic.invitation_id', meeting.invitation_id)
      .first('c.name');
    await context
      .db('meeting_observations')
      .where({ meeting_id: meeting.id, service_area_id: meeting.service_area_id })
      .update({ notes: `${contact.name} would bid for this with a partner` });
    const organisations: string[] = (await context.db('organisations').pluck('name')).filter(Boolean);
    const contacts: string[] = (await context.db('contacts').pluck('name')).filter(Boolean);
    const base = `/exercises/${exerciseId}/summary`;

    const named = await allText((await download(staff, `${base}/report.xlsx`)).body);
    expect(named).toContain(`${contact.name} would bid for this with a partner`);
    expect(named).toContain(metOrganisation.name);

    const viewer = await signIn(context.app, 'viewer@demo.test');
    const xlsx = await download(viewer, `${base}/report.xlsx?anonymise=1`);
    const docx = await download(viewer, `${base}/report.docx?anonymise=1`);
    expect(xlsx.headers['content-disposition']).toBe(
      'attachment; filename="OCC-SMT-2026-01-market-interest-anonymised.xlsx"',
    );
    expect(docx.headers['content-disposition']).toBe(
      'attachment; filename="OCC-SMT-2026-01-market-interest-anonymised.docx"',
    );
    const files = {
      xlsx: await allText(xlsx.body),
      docx: await allText(docx.body),
      'detail.csv': (await viewer.get(`${base}/detail.csv?anonymise=1`).buffer(true)).text,
      'areas.csv': (await viewer.get(`${base}/areas.csv?anonymise=1`).buffer(true)).text,
    };
    for (const [file, text] of Object.entries(files)) {
      for (const name of [...organisations, ...contacts]) {
        if (text.includes(name)) throw new Error(`${file} names ${name}`);
      }
    }
    expect(files.xlsx).toMatch(/Provider \d+, (private|public|voluntary), (local|regional|national)/);
    expect(files.docx).toMatch(/Provider \d+, (private|public|voluntary), (local|regional|national)/);

    // Meetings are labelled like the Detail sheet: the same provider, the same label.
    const workbook = await workbookFrom(xlsx.body);
    const detailLabels = new Set(rowsOf(workbook, 'Detail').map((row) => row[0]));
    const meetingLabels = [...new Set(rowsOf(workbook, 'Meetings').map((row) => row[1]))].slice(1);
    const met = await context
      .db('meetings as m')
      .join('invitations as i', 'i.id', 'm.invitation_id')
      .join('organisations as o', 'o.id', 'i.organisation_id')
      .where({ 'm.exercise_id': exerciseId, 'm.status': 'held' })
      .orderBy('m.starts_at')
      .select('o.sector', 'o.reach', 'i.status');
    expect(meetingLabels).toHaveLength(met.length);
    met.forEach((provider, index) => {
      expect(meetingLabels[index]).toMatch(
        new RegExp(`^Provider \\d+, ${provider.sector}, ${provider.reach}$`),
      );
      if (['submitted', 'declined'].includes(provider.status))
        expect(detailLabels).toContain(meetingLabels[index]);
    });
  });
});

test('every download is recorded in the audit log with what was exported', async () => {
  const viewer = await signIn(context.app, 'viewer@demo.test');
  const base = `/exercises/${exerciseId}/summary`;
  const before = (await context.db('audit_events').max('id as id').first())!.id;
  await download(viewer, `${base}/report.docx?sector=public&anonymise=1`);
  await download(viewer, `${base}/report.xlsx`);
  const events = await context
    .db('audit_events')
    .where('id', '>', before)
    .where({ action: 'summary.exported', record_type: 'exercise', record_id: exerciseId })
    .orderBy('id');
  expect(events.map((event) => [event.actor_label, event.changes])).toEqual([
    [
      'viewer@demo.test',
      { kind: 'report.docx', anonymise: true, filter: { sector: ['public'], reach: [], size: [], met: '' } },
    ],
    [
      'viewer@demo.test',
      { kind: 'report.xlsx', anonymise: false, filter: { sector: [], reach: [], size: [], met: '' } },
    ],
  ]);
});

test('the segment filter narrows the workbook and the report like the summary page', async () => {
  const filter = { sector: ['public'], reach: [], size: [], met: '' as const };
  const { summaries, providers } = await context.services.scoring.summary(exerciseId, filter);
  const base = `/exercises/${exerciseId}/summary`;
  const workbook = await workbookFrom((await download(staff, `${base}/report.xlsx?sector=public`)).body);
  const summary = rowsOf(workbook, 'Summary');
  expect(summary.slice(1, summaries.length + 1).map((row) => row.slice(1, 5))).toEqual(
    summaries.map((s) => [s.name, s.invited, s.responded, s.interested]),
  );
  expect(summary.find((row) => row[0] === 'Providers shown')?.[1]).toBe('Sector: Public sector');
  const names = new Set(providers.map((provider) => provider.name));
  for (const row of rowsOf(workbook, 'Meetings').slice(1)) expect(names).toContain(row[1]);
  for (const row of rowsOf(workbook, 'Detail').slice(1)) expect(names).toContain(row[0]);

  const [table] = await docxTables((await download(staff, `${base}/report.docx?sector=public`)).body);
  expect(table.slice(1).map((row) => row.slice(1, 5))).toEqual(
    summaries.map((s) => [s.name, String(s.invited), String(s.responded), String(s.interested)]),
  );
});

test('the docx report carries the finding, the method, the clarifications without askers, and the meetings', async () => {
  const response = await download(staff, `/exercises/${exerciseId}/summary/report.docx`);
  expect(response.headers['content-disposition']).toBe(
    'attachment; filename="OCC-SMT-2026-01-market-interest.docx"',
  );
  const text = await allText(response.body);
  const { finding, exercise } = await context.services.scoring.summary(exerciseId);
  expect(text).toContain(finding);
  expect(text).toContain(`Interest threshold: ${exercise.interestThreshold} out of 100`);
  const published = await context.db('clarifications').where({ exercise_id: exerciseId, visibility: 'all' });
  for (const clarification of published) {
    expect(text).toContain(clarification.published_question);
    expect(text).toContain(clarification.answer);
  }
  const tables = await docxTables(response.body);
  const meetings = tables[tables.length - 1];
  expect(meetings[0]).toEqual([
    'Date (UK time)',
    'Provider',
    'Service areas discussed (staff rating out of 4)',
  ]);
  const held = await context.db('meetings').where({ exercise_id: exerciseId, status: 'held' });
  expect(meetings).toHaveLength(held.length + 1);
  for (const row of meetings.slice(1)) expect(row[0]).toMatch(/^\d{1,2} \w+ \d{4}, 10am (GMT|BST)$/);
});

test('staff, admins and viewers can download the reports; providers and signed-out visitors cannot', async () => {
  for (const file of ['report.xlsx', 'report.docx']) {
    const url = `/exercises/${exerciseId}/summary/${file}`;
    for (const email of ['viewer@demo.test', 'staff@demo.test', 'admin@demo.test']) {
      const agent = await signIn(context.app, email);
      expect((await download(agent, url)).status).toBe(200);
    }
    const provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
    expect((await provider.get(url)).status).toBe(403);
    const anonymous = await request(context.app).get(url);
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.location).toMatch(/^\/sign-in/);
  }
  const staffAgent = await signIn(context.app, 'staff@demo.test');
  expect(
    (await staffAgent.get('/exercises/00000000-0000-4000-8000-000000000000/summary/report.xlsx')).status,
  ).toBe(404);
});
