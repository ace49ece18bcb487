import { randomUUID } from 'node:crypto';
import { createTestContext, type TestContext } from '../helpers/context';
import { signIn, tokenFor, type Agent } from '../helpers/http';

let context: TestContext;
const agents: Record<'admin' | 'staff' | 'viewer' | 'provider', Agent> = {} as never;
let meridian: { id: string; version: number };
let vantage: { id: string };

const organisationNamed = (name: string) => context.db('organisations').where({ name }).first();

beforeAll(async () => {
  context = await createTestContext();
  agents.admin = await signIn(context.app, 'admin@demo.test');
  agents.staff = await signIn(context.app, 'staff@demo.test');
  agents.viewer = await signIn(context.app, 'viewer@demo.test');
  agents.provider = await signIn(context.app, 'helen.marsh@meridian-business.test');
  meridian = await organisationNamed('Meridian Business Services plc');
  vantage = await organisationNamed('Vantage ICT Managed Services Ltd');
});
afterAll(() => context.close());

async function post(agent: Agent, path: string, fields: Record<string, string | string[]>) {
  const token = await tokenFor(agent, '/accessibility');
  return agent
    .post(path)
    .type('form')
    .send({ _csrf: token, ...fields });
}

const NEW_ORGANISATION = {
  name: 'Wychwood Facilities Ltd',
  registrationNumber: 'sc 123 456',
  sector: 'private',
  reach: 'local',
  size: 'sme',
  website: 'www.wychwood.test',
  addressLine1: '3 Mill Lane',
  addressLine2: '',
  town: 'Witney',
  postcode: 'ox28 6ab',
  notes: 'Met at the supplier day',
};

describe('the list', () => {
  test.each(['admin', 'staff', 'viewer'] as const)('%s sees the registry', async (role) => {
    const response = await agents[role].get('/providers');
    expect(response.status).toBe(200);
    expect(response.text).toContain('13 organisations');
    expect(response.text).toContain('Meridian Business Services plc');
    expect(response.text.includes('Add an organisation')).toBe(role !== 'viewer');
  });

  test('providers may not list the registry', async () => {
    expect((await agents.provider.get('/providers')).status).toBe(403);
  });

  test('search is a case-insensitive contains on the name, filters combine, all in the query string', async () => {
    const search = await agents.staff.get('/providers?q=LEARNING');
    expect(search.text).toContain('EduPath Learning Ltd');
    expect(search.text).toContain('Bromley Adult Learning CIC');
    expect(search.text).not.toContain('Meridian Business');
    const filtered = await agents.staff.get('/providers?sector=voluntary&reach=local&size=micro');
    expect(filtered.text).toContain('1 organisation');
    expect(filtered.text).toContain('Bromley Adult Learning CIC');
    const noResults = await agents.staff.get('/providers?q=%25_nothing');
    expect(noResults.status).toBe(200);
    expect(noResults.text).toContain('No organisations match your search');
  });

  test('sorting by size puts micro first; junk in the query string falls back to defaults', async () => {
    const firstRow = (html: string) =>
      html.slice(html.indexOf('<tbody'), html.indexOf('</tr>', html.indexOf('<tbody')));
    const bySize = await agents.staff.get('/providers?sort=size');
    expect(firstRow(bySize.text)).toContain('Micro');
    const byReach = await agents.staff.get('/providers?sort=reach');
    expect(firstRow(byReach.text)).toContain('Local');
    const byName = await agents.staff.get('/providers');
    expect(firstRow(byName.text)).toContain('Bromley Adult Learning CIC');
    const bySector = await agents.staff.get('/providers?sort=sector');
    expect(firstRow(bySector.text)).toContain('Private sector');
    const junk = await agents.staff.get('/providers?sort=drop+table&page=-3&sector=alien&q[]=x');
    expect(junk.status).toBe(200);
    expect(junk.text).toContain('13 organisations');
  });

  test('paginates 25 a page with GOV.UK pagination', async () => {
    const rows = Array.from({ length: 40 }, (_, index) => ({
      name: `Paging Test ${String(index).padStart(2, '0')}`,
      normalised_name: `paging test ${index}`,
      sector: 'public',
      reach: 'national',
      size: 'large',
    }));
    await context.db('organisations').insert(rows);
    const first = await agents.staff.get('/providers?q=paging+test');
    expect(first.text).toContain('Showing 1 to 25 of 40 organisations');
    expect(first.text).toContain('href="/providers?q=paging+test&amp;page=2"');
    const second = await agents.staff.get('/providers?q=paging+test&page=2');
    expect(second.text).toContain('Showing 26 to 40 of 40 organisations');
    expect(second.text).toContain('Paging Test 39');
    const beyond = await agents.staff.get('/providers?q=paging+test&page=99');
    expect(beyond.text).toContain('Showing 26 to 40 of 40 organisations');
    await context.db('organisations').where('name', 'like', 'Paging Test%').delete();
  });
});

describe('adding an organisation', () => {
  test('staff add one; values are normalised, the creation is audited', async () => {
    const form = await agents.staff.get('/providers/new');
    expect(form.status).toBe(200);
    const creationKey = /name="creationKey" value="([^"]+)"/.exec(form.text)![1];
    const response = await post(agents.staff, '/providers', { ...NEW_ORGANISATION, creationKey });
    expect(response.status).toBe(303);
    const saved = await organisationNamed('Wychwood Facilities Ltd');
    expect(response.headers.location).toBe(`/providers/${saved.id}?done=created`);
    expect(saved).toMatchObject({
      registration_number: 'SC123456',
      normalised_name: 'wychwood facilities',
      website: 'https://www.wychwood.test',
      postcode: 'OX28 6AB',
      notes: 'Met at the supplier day',
    });
    const event = await context
      .db('audit_events')
      .where({ action: 'organisation.created', record_id: saved.id })
      .first();
    expect(event.changes.name).toEqual({ from: null, to: 'Wychwood Facilities Ltd' });

    // The same form submitted again (a double click) creates nothing more.
    const again = await post(agents.staff, '/providers', { ...NEW_ORGANISATION, creationKey });
    expect(again.headers.location).toBe(`/providers/${saved.id}?done=created`);
    expect(await context.db('organisations').where({ name: 'Wychwood Facilities Ltd' })).toHaveLength(1);
  });

  test('every field is checked and reported, with what was typed shown back escaped', async () => {
    const response = await post(agents.admin, '/providers', {
      name: '<script>alert(1)</script>'.repeat(20),
      registrationNumber: 'ABC',
      sector: 'criminal',
      reach: ['local', 'national'],
      website: 'javascript:alert(1)',
      postcode: 'ZZ ZZZ',
      creationKey: randomUUID(),
    });
    expect(response.status).toBe(400);
    for (const message of [
      'Name must be 200 characters or fewer',
      'Enter a Companies House number like 01234567',
      'Select the sector',
      'Select the reach',
      'Select the size',
      'Enter a website address like https://www.example.org',
      'Enter a real UK postcode',
    ])
      expect(response.text).toContain(message);
    expect(response.text).not.toContain('<script>alert(1)</script>');
    expect(response.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(response.text).toContain('<title>Error: ');
  });

  test('an empty form is refused', async () => {
    const response = await post(agents.staff, '/providers', {});
    expect(response.status).toBe(400);
    expect(response.text).toContain('Enter the organisation’s name');
  });

  test('a registration number already in the registry is a form error', async () => {
    const response = await post(agents.staff, '/providers', {
      ...NEW_ORGANISATION,
      name: 'Someone Else Ltd',
      registrationNumber: '04123456',
      creationKey: randomUUID(),
    });
    expect(response.status).toBe(400);
    expect(response.text).toContain('Meridian Business Services plc already has this registration number');
    expect(await organisationNamed('Someone Else Ltd')).toBeUndefined();
  });

  test('a likely duplicate by name is flagged, and created only when confirmed', async () => {
    const fields = {
      ...NEW_ORGANISATION,
      name: 'The Meridian Business Services Limited',
      registrationNumber: '',
    };
    const creationKey = randomUUID();
    const warned = await post(agents.staff, '/providers', { ...fields, creationKey });
    expect(warned.status).toBe(200);
    expect(warned.text).toContain('This organisation might already be in the registry');
    expect(warned.text).toContain(`href="/providers/${meridian.id}"`);
    expect(await organisationNamed(fields.name)).toBeUndefined();
    const confirmed = await post(agents.staff, '/providers', {
      ...fields,
      creationKey,
      confirmDuplicate: 'yes',
    });
    expect(confirmed.status).toBe(303);
    expect(await organisationNamed(fields.name)).toBeDefined();
  });

  test.each(['viewer', 'provider'] as const)('%s may not add organisations', async (role) => {
    expect((await agents[role].get('/providers/new')).status).toBe(403);
    const response = await post(agents[role], '/providers', { ...NEW_ORGANISATION, name: 'Refused Ltd' });
    expect(response.status).toBe(403);
    expect(await organisationNamed('Refused Ltd')).toBeUndefined();
  });
});

describe('viewing and editing', () => {
  test('staff and viewers see notes and history; providers see their own without either', async () => {
    await context.db('organisations').where({ id: meridian.id }).update({ notes: 'Staff only remark' });
    const staff = await agents.staff.get(`/providers/${meridian.id}`);
    expect(staff.text).toContain('Staff only remark');
    expect(staff.text).toContain('History');
    expect(staff.text).toContain('Change organisation details');
    const viewer = await agents.viewer.get(`/providers/${meridian.id}`);
    expect(viewer.text).toContain('Staff only remark');
    expect(viewer.text).not.toContain('Change organisation details');
    const provider = await agents.provider.get(`/providers/${meridian.id}`);
    expect(provider.status).toBe(200);
    expect(provider.text).not.toContain('Staff only remark');
    expect(provider.text).not.toContain('History');
    expect(provider.text).toContain('Helen Marsh');
  });

  test('a provider gets 404 for any other organisation, on every page and form', async () => {
    for (const path of [`/providers/${vantage.id}`, `/providers/${vantage.id}/edit`])
      expect((await agents.provider.get(path)).status).toBe(404);
    const response = await post(agents.provider, `/providers/${vantage.id}`, {
      name: 'Hijacked',
      version: '1',
    });
    expect(response.status).toBe(404);
    expect((await context.db('organisations').where({ id: vantage.id }).first()).name).not.toBe('Hijacked');
  });

  test('unknown and malformed ids are 404', async () => {
    expect((await agents.staff.get('/providers/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await agents.staff.get('/providers/not-an-id/edit')).status).toBe(404);
  });

  test('staff change details; the change is audited old -> new and shown in the history', async () => {
    const before = await context.db('organisations').where({ id: vantage.id }).first();
    const response = await post(agents.staff, `/providers/${vantage.id}`, {
      name: 'Vantage ICT Services Ltd',
      registrationNumber: before.registration_number,
      sector: 'private',
      reach: 'regional',
      size: 'large',
      town: 'Reading',
      version: String(before.version),
    });
    expect(response.status).toBe(303);
    const after = await context.db('organisations').where({ id: vantage.id }).first();
    expect(after).toMatchObject({
      name: 'Vantage ICT Services Ltd',
      normalised_name: 'vantage ict services',
      reach: 'regional',
      version: before.version + 1,
    });
    const event = await context
      .db('audit_events')
      .where({ action: 'organisation.updated', record_id: vantage.id })
      .first();
    expect(event.changes.reach).toEqual({ from: 'national', to: 'regional' });
    const page = await agents.staff.get(`/providers/${vantage.id}`);
    expect(page.text).toContain('Reach: national → regional');
    expect(page.text).toContain('staff@demo.test');
  });

  test('a stale version is a conflict shown on the page with what was typed kept', async () => {
    const current = await context.db('organisations').where({ id: vantage.id }).first();
    const response = await post(agents.admin, `/providers/${vantage.id}`, {
      name: 'My Typed Name Ltd',
      sector: 'private',
      reach: 'local',
      size: 'large',
      version: String(current.version - 1),
    });
    expect(response.status).toBe(409);
    expect(response.text).toContain('Someone else changed this organisation');
    expect(response.text).toContain('value="My Typed Name Ltd"');
    expect(response.text).toContain(`name="version" value="${current.version}"`);
    expect((await context.db('organisations').where({ id: vantage.id }).first()).name).toBe(current.name);
  });

  test('a provider corrects name, website and address, but cannot change classification or notes', async () => {
    const before = await context.db('organisations').where({ id: meridian.id }).first();
    const form = await agents.provider.get(`/providers/${meridian.id}/edit`);
    expect(form.status).toBe(200);
    expect(form.text).not.toContain('name="notes"');
    expect(form.text).not.toContain('name="sector"');
    const response = await post(agents.provider, `/providers/${meridian.id}`, {
      name: 'Meridian Business Services plc',
      website: 'https://meridian.test',
      addressLine1: '2 Kingsway',
      town: 'London',
      postcode: 'WC2B 6AN',
      sector: 'voluntary',
      notes: 'Provider wrote this',
      registrationNumber: '99999999',
      version: String(before.version),
    });
    expect(response.status).toBe(303);
    const after = await context.db('organisations').where({ id: meridian.id }).first();
    expect(after).toMatchObject({
      website: 'https://meridian.test',
      address_line_1: '2 Kingsway',
      sector: before.sector,
      notes: before.notes,
      registration_number: before.registration_number,
    });
  });

  test('viewers are refused every change with 403', async () => {
    expect((await agents.viewer.get(`/providers/${meridian.id}/edit`)).status).toBe(403);
    const response = await post(agents.viewer, `/providers/${meridian.id}`, {
      name: 'Viewer Was Here',
      version: '1',
    });
    expect(response.status).toBe(403);
  });

  test('a provider’s home page links to their organisation page', async () => {
    const home = await agents.provider.get('/provider');
    expect(home.text).toContain(`href="/providers/${meridian.id}"`);
  });
});
