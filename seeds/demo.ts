import type { Knex } from 'knex';
import { seedDemoExercises } from './demo-exercises';
import { hashPassword } from '../server/lib/passwords';
import type { Reach, Sector, Size } from '../server/modules/providers/organisation-repository';

type DemoOrganisation = {
  name: string;
  sector: Sector;
  reach: Reach;
  size: Size;
  contact: { name: string; email: string };
};

/**
 * Providers of the kinds that answered Oxfordshire's 2013 and Bromley's 2014 market testing:
 * national outsourcers, neighbouring councils' trading companies, local charities and
 * social enterprises. The organisations are fictional; emails use the reserved .test domain.
 */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    name: 'Meridian Business Services plc',
    sector: 'private',
    reach: 'national',
    size: 'large',
    contact: { name: 'Helen Marsh', email: 'helen.marsh@meridian-business.test' },
  },
  {
    name: 'Vantage ICT Managed Services Ltd',
    sector: 'private',
    reach: 'national',
    size: 'large',
    contact: { name: 'Raj Chauhan', email: 'raj.chauhan@vantage-ict.test' },
  },
  {
    name: 'EduPath Learning Ltd',
    sector: 'private',
    reach: 'national',
    size: 'large',
    contact: { name: 'Claire Whitfield', email: 'claire.whitfield@edupath.test' },
  },
  {
    name: 'Skills Forward Training Ltd',
    sector: 'private',
    reach: 'regional',
    size: 'sme',
    contact: { name: 'Tom Okafor', email: 'tom.okafor@skillsforward.test' },
  },
  {
    name: 'Cherwell Payroll Solutions Ltd',
    sector: 'private',
    reach: 'local',
    size: 'micro',
    contact: { name: 'Priya Nair', email: 'priya.nair@cherwell-payroll.test' },
  },
  {
    name: 'Chiltern Shared Services',
    sector: 'public',
    reach: 'regional',
    size: 'large',
    contact: { name: 'Martin Hughes', email: 'martin.hughes@chiltern-shared.test' },
  },
  {
    name: 'Weald Education Services Trading Company',
    sector: 'public',
    reach: 'regional',
    size: 'large',
    contact: { name: 'Susan Clarke', email: 'susan.clarke@weald-education.test' },
  },
  {
    name: 'Southern Counties HR Partnership',
    sector: 'public',
    reach: 'regional',
    size: 'sme',
    contact: { name: 'David Lowe', email: 'david.lowe@southern-hr.test' },
  },
  {
    name: 'Thames Valley Schools Partnership',
    sector: 'public',
    reach: 'local',
    size: 'sme',
    contact: { name: 'Angela Brooks', email: 'angela.brooks@tvsp.test' },
  },
  {
    name: 'Oxfordshire Community Learning Trust',
    sector: 'voluntary',
    reach: 'local',
    size: 'sme',
    contact: { name: 'Fiona Grant', email: 'fiona.grant@ox-community-learning.test' },
  },
  {
    name: 'Bromley Adult Learning CIC',
    sector: 'voluntary',
    reach: 'local',
    size: 'micro',
    contact: { name: 'James Osei', email: 'james.osei@bromley-adult-learning.test' },
  },
  {
    name: 'Foundation Years Network',
    sector: 'voluntary',
    reach: 'regional',
    size: 'micro',
    contact: { name: 'Naomi Fletcher', email: 'naomi.fletcher@foundation-years.test' },
  },
  {
    name: 'Keystone Finance Mutual',
    sector: 'voluntary',
    reach: 'national',
    size: 'sme',
    contact: { name: 'Owen Price', email: 'owen.price@keystone-mutual.test' },
  },
];

const STAFF_ACCOUNTS = [
  { email: 'admin@demo.test', name: 'Alex Morgan', role: 'admin', description: 'admin: users, audit log' },
  {
    email: 'staff@demo.test',
    name: 'Sam Patel',
    role: 'staff',
    description: 'procurement staff: runs exercises',
  },
  {
    email: 'viewer@demo.test',
    name: 'Jo Reynolds',
    role: 'viewer',
    description: 'viewer: read only (committee support)',
  },
] as const;

export const DEMO_ACCOUNTS: { email: string; description: string }[] = [
  ...STAFF_ACCOUNTS.map(({ email, description }) => ({ email, description })),
  ...DEMO_ORGANISATIONS.map((organisation) => ({
    email: organisation.contact.email,
    description: `provider: ${organisation.name}`,
  })),
];

/** Loads the demo data into an empty database; returns false and changes nothing otherwise. */
export async function seedDemoData(db: Knex, password: string): Promise<boolean> {
  const passwordHash = await hashPassword(password);
  return db.transaction(async (trx) => {
    // Serialises concurrent starts against one database so the data is loaded once.
    await trx.raw('SELECT pg_advisory_xact_lock(727001)');
    const [{ count }] = await trx('users').count<{ count: number }[]>({ count: '*' });
    if (count > 0) return false;
    await trx('users').insert(
      STAFF_ACCOUNTS.map(({ email, name, role }) => ({
        email,
        name,
        role,
        password_hash: passwordHash,
        status: 'active',
      })),
    );
    for (const organisation of DEMO_ORGANISATIONS) {
      const [{ id }] = await trx('organisations')
        .insert({
          name: organisation.name,
          sector: organisation.sector,
          reach: organisation.reach,
          size: organisation.size,
        })
        .returning<{ id: string }[]>('id');
      await trx('users').insert({
        email: organisation.contact.email,
        name: organisation.contact.name,
        role: 'provider',
        organisation_id: id,
        password_hash: passwordHash,
        status: 'active',
      });
    }
    const staff = await trx('users').where({ email: 'staff@demo.test' }).first<{ id: string }>('id');
    await seedDemoExercises(trx, staff.id);
    return true;
  });
}
