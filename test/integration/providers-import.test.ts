import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';

let context: TestContext;
let staff: Agent;

beforeAll(async () => {
  context = await createTestContext();
  staff = await signIn(context.app, 'staff@demo.test');
});
afterAll(() => context.close());

const HEADER =
  'name,registration_number,sector,reach,size,website,address_line_1,address_line_2,town,postcode,contact_name,contact_job_role,contact_email,contact_phone';
const GOOD_CSV = [
  HEADER,
  'Cotswold Care Partnership Ltd,12345678,private,regional,sme,cotswold-care.test,1 High St,,Cirencester,GL7 1AA,Mo Khan,Director,mo.khan@cotswold-care.test,01285 000000',
  'Cotswold Care Partnership Ltd,12345678,private,regional,sme,,,,,,Pat Lee,Finance,pat.lee@cotswold-care.test,',
  'Meridian Business Services plc,04123456,Private sector,National,Large,,,,,,,,,',
  'EduPath Learning Ltd,06345678,private,national,large,https://www.edupath-new.test,,,,,,,,',
  '"=cmd|\' /C calc\'!A0",,voluntary,local,micro,,,,,,,,,',
  'Bad Row Ltd,,unknown,local,micro,,,,,ZZ ZZZ,,,,',
  'Duplicate Email Ltd,,public,local,micro,,,,,,Helen,,helen.marsh@meridian-business.test,',
].join('\r\n');

async function upload(content: Buffer | string, name = 'providers.csv', agent = staff) {
  const token = await tokenFor(agent, '/providers/import');
  return agent
    .post('/providers/import')
    .field('_csrf', token)
    .attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content, 'utf8'), name);
}

async function confirm(location: string) {
  const token = await tokenFor(staff, location);
  return staff.post(location).type('form').send({ _csrf: token });
}

const organisationCount = async () =>
  Number((await context.db('organisations').count<{ count: string }[]>({ count: '*' }))[0].count);

test('the template downloads as an attachment with the documented columns', async () => {
  const response = await staff.get('/providers/import/template.csv');
  expect(response.status).toBe(200);
  expect(response.headers['content-type']).toMatch(/^text\/csv/);
  expect(response.headers['content-disposition']).toMatch(
    /^attachment; filename="?provider-import-template\.csv"?$/,
  );
  expect(response.text.trim().split(',')).toEqual(expect.arrayContaining(HEADER.split(',')));
});

test('viewers and providers cannot use the import', async () => {
  for (const email of ['viewer@demo.test', 'helen.marsh@meridian-business.test']) {
    const agent = await signIn(context.app, email);
    expect((await agent.get('/providers/import')).status).toBe(403);
    expect((await agent.get('/providers/import/template.csv')).status).toBe(403);
    const token = await tokenFor(agent, '/accessibility');
    const posted = await agent
      .post('/providers/import')
      .field('_csrf', token)
      .attach('file', Buffer.from(GOOD_CSV), 'x.csv');
    expect(posted.status).toBe(403);
  }
});

test('an upload is previewed, confirmed once, applied in full; a second import of the same file changes nothing', async () => {
  const before = await organisationCount();
  const uploaded = await upload(`\uFEFF${GOOD_CSV}`);
  expect(uploaded.status).toBe(303);
  const preview = await staff.get(uploaded.headers.location);
  expect(preview.status).toBe(200);
  expect(preview.text).toContain('Check the import');
  expect(preview.text).toMatch(/Organisations to add[\s\S]*?>\s*2\s*</);
  expect(preview.text).toContain('Add contact Pat Lee (pat.lee@cotswold-care.test)');
  expect(preview.text).toContain('website: https://www.edupath.test → https://www.edupath-new.test');
  expect(preview.text).toMatch(/Skipped: no changes[\s\S]*Meridian Business Services plc/);
  expect(preview.text).toContain('Select the sector');
  expect(preview.text).toContain('Enter a real UK postcode');
  expect(preview.text).toContain('the email belongs to a contact of another organisation');
  expect(await organisationCount()).toBe(before);

  const first = await confirm(uploaded.headers.location);
  expect(first.status).toBe(303);
  const second = await confirm(uploaded.headers.location);
  expect(second.status).toBe(303);
  const done = await staff.get(uploaded.headers.location);
  expect(done.text).toContain('Import complete');
  // Cotswold Care, the formula-named organisation and Duplicate Email Ltd (without its contact).
  expect(await organisationCount()).toBe(before + 3);
  const cotswold = await context.db('organisations').where({ registration_number: '12345678' }).first();
  expect(cotswold).toMatchObject({
    website: 'https://cotswold-care.test',
    postcode: 'GL7 1AA',
    normalised_name: 'cotswold care partnership',
  });
  expect(await context.db('contacts').where({ organisation_id: cotswold.id })).toHaveLength(2);
  expect((await context.db('organisations').where({ registration_number: '06345678' }).first()).website).toBe(
    'https://www.edupath-new.test',
  );
  const applied = await context.db('audit_events').where({ action: 'provider_import.applied' });
  expect(applied).toHaveLength(1);
  expect(applied[0].changes).toMatchObject({ created: 3, updated: 1, unchanged: 1 });

  // The formula is kept as text and shown escaped, never interpreted.
  const formula = await context.db('organisations').where({ name: "=cmd|' /C calc'!A0" }).first();
  expect(formula).toBeDefined();
  const page = await staff.get(`/providers/${formula.id}`);
  expect(page.text).toContain('=cmd|&#39; /C calc&#39;!A0');

  const again = await upload(`\uFEFF${GOOD_CSV}`);
  const rePreview = await staff.get(again.headers.location);
  expect(rePreview.text).toContain('This same file was imported on');
  expect(rePreview.text).toContain('Nothing to import');
  const countBefore = await organisationCount();
  const contactsBefore = await context.db('contacts').count<{ count: string }[]>({ count: '*' });
  await confirm(again.headers.location);
  expect(await organisationCount()).toBe(countBefore);
  expect(await context.db('contacts').count({ count: '*' })).toEqual(contactsBefore);
});

test('likely duplicates by name are flagged in the preview', async () => {
  const uploaded = await upload(
    `${HEADER}\nThe Vantage ICT Managed Services Limited,99887766,private,national,large,,,,,,,,,`,
  );
  const preview = await staff.get(uploaded.headers.location);
  expect(preview.text).toContain('Likely duplicate');
  expect(preview.text).toContain('Vantage ICT Managed Services Ltd</a>');
});

test('a failure part way through applying leaves nothing behind', async () => {
  const before = await organisationCount();
  const csv = [
    HEADER,
    'First Fine Ltd,,public,local,sme,,,,,,,,,',
    'Second Breaks Ltd,,public,local,sme,,,,,,,,,',
  ].join('\n');
  const uploaded = await upload(csv);
  await context.db.raw(`CREATE FUNCTION fail_second() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN IF NEW.name = 'Second Breaks Ltd' THEN RAISE EXCEPTION 'simulated failure'; END IF; RETURN NEW; END $$`);
  await context.db.raw(
    'CREATE TRIGGER fail_second BEFORE INSERT ON organisations FOR EACH ROW EXECUTE FUNCTION fail_second()',
  );
  try {
    const response = await confirm(uploaded.headers.location);
    expect(response.status).toBe(500);
  } finally {
    await context.db.raw('DROP TRIGGER fail_second ON organisations');
    await context.db.raw('DROP FUNCTION fail_second');
  }
  expect(await organisationCount()).toBe(before);
  expect(await context.db('organisations').where({ name: 'First Fine Ltd' }).first()).toBeUndefined();
  const stored = await context
    .db('provider_imports')
    .where({ id: uploaded.headers.location.split('/').pop() })
    .first();
  expect(stored.status).toBe('pending');
  // Once the problem is gone the same preview applies in full.
  expect((await confirm(uploaded.headers.location)).status).toBe(303);
  expect(await organisationCount()).toBe(before + 2);
});

test.each([
  ['no file', undefined, 'Select a CSV file'],
  ['wrong columns', 'name,colour,sector\nA,red,public', 'columns the import does not recognise: colour'],
  ['missing columns', 'name,sector\nA,public', 'missing the required columns: reach, size'],
  [
    'Latin-1 text',
    Buffer.from('name,sector,reach,size\nCaf\xe9 Ltd,public,local,sme', 'latin1'),
    'not UTF-8 text',
  ],
  ['an Excel workbook', Buffer.from('PK\u0003\u0004rest-of-zip', 'latin1'), 'spreadsheet workbook'],
  ['a header only', 'name,sector,reach,size\n', 'no organisations'],
  ['broken quoting', 'name,sector,reach,size\n"Open quote,public,local,sme', 'could not be read as CSV'],
  ['over 5 MB of junk', Buffer.alloc(5 * 1024 * 1024 + 10, 'x'), 'smaller than 5 MB'],
])('%s is refused on the same page with a clear message', async (_case, content, message) => {
  const token = await tokenFor(staff, '/providers/import');
  const request = staff.post('/providers/import').field('_csrf', token);
  const response =
    content === undefined
      ? await request
      : await request.attach('file', Buffer.isBuffer(content) ? content : Buffer.from(content), 'x.csv');
  expect(response.status).toBe(400);
  expect(response.text).toContain(message);
  expect(response.text).toContain('<title>Error: Import providers');
});

test('another person’s import cannot be seen or confirmed', async () => {
  const uploaded = await upload(`${HEADER}\nPrivate Upload Ltd,,public,local,sme,,,,,,,,,`);
  const admin = await signIn(context.app, 'admin@demo.test');
  expect((await admin.get(uploaded.headers.location)).status).toBe(404);
  const token = await tokenFor(admin, '/providers/import');
  expect((await admin.post(uploaded.headers.location).type('form').send({ _csrf: token })).status).toBe(404);
  expect(await context.db('organisations').where({ name: 'Private Upload Ltd' }).first()).toBeUndefined();
});

test('an upload without the CSRF token is refused before anything is stored', async () => {
  const before = await context.db('provider_imports').count({ count: '*' });
  const response = await staff.post('/providers/import').attach('file', Buffer.from(GOOD_CSV), 'x.csv');
  expect(response.status).toBe(403);
  expect(await context.db('provider_imports').count({ count: '*' })).toEqual(before);
});
