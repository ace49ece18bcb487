import type { Knex } from 'knex';
import { seedDemoExercises } from './demo-exercises';
import { hashPassword } from '../server/lib/passwords';
import { normaliseName } from '../server/modules/providers/organisation-names';
import type { Reach, Sector, Size } from '../server/modules/providers/organisation-repository';

type DemoOrganisation = {
  name: string;
  sector: Sector;
  reach: Reach;
  size: Size;
  contact: { name: string; email: string };
  registrationNumber: string | null;
  website: string | null;
  address: { line1: string; town: string; postcode: string };
  /** A colleague without an account, for a few organisations. */
  secondContact?: { name: string; jobRole: string; email: string };
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
    registrationNumber: '04123456',
    website: 'https://www.meridian-business.test',
    address: { line1: 'Meridian House, 1 Kingsway', town: 'London', postcode: 'WC2B 6AN' },
    secondContact: {
      name: 'Gareth Lewis',
      jobRole: 'Bid manager',
      email: 'gareth.lewis@meridian-business.test',
    },
  },
  {
    name: 'Vantage ICT Managed Services Ltd',
    sector: 'private',
    reach: 'national',
    size: 'large',
    contact: { name: 'Raj Chauhan', email: 'raj.chauhan@vantage-ict.test' },
    registrationNumber: '05234567',
    website: 'https://www.vantage-ict.test',
    address: { line1: 'Vantage Park, Arlington Way', town: 'Reading', postcode: 'RG2 6UB' },
  },
  {
    name: 'EduPath Learning Ltd',
    sector: 'private',
    reach: 'national',
    size: 'large',
    contact: { name: 'Claire Whitfield', email: 'claire.whitfield@edupath.test' },
    registrationNumber: '06345678',
    website: 'https://www.edupath.test',
    address: { line1: '12 Station Road', town: 'Milton Keynes', postcode: 'MK9 1AB' },
    secondContact: { name: 'Lucy Chen', jobRole: 'Head of partnerships', email: 'lucy.chen@edupath.test' },
  },
  {
    name: 'Skills Forward Training Ltd',
    sector: 'private',
    reach: 'regional',
    size: 'sme',
    contact: { name: 'Tom Okafor', email: 'tom.okafor@skillsforward.test' },
    registrationNumber: '07456789',
    website: 'https://www.skillsforward.test',
    address: { line1: 'Unit 4, Enterprise Centre', town: 'Banbury', postcode: 'OX16 2AA' },
  },
  {
    name: 'Cherwell Payroll Solutions Ltd',
    sector: 'private',
    reach: 'local',
    size: 'micro',
    contact: { name: 'Priya Nair', email: 'priya.nair@cherwell-payroll.test' },
    registrationNumber: '08567890',
    website: null,
    address: { line1: '2 Market Place', town: 'Bicester', postcode: 'OX26 6AA' },
  },
  {
    name: 'Chiltern Shared Services',
    sector: 'public',
    reach: 'regional',
    size: 'large',
    contact: { name: 'Martin Hughes', email: 'martin.hughes@chiltern-shared.test' },
    registrationNumber: null,
    website: 'https://www.chiltern-shared.test',
    address: { line1: 'County Hall, Walton Street', town: 'Aylesbury', postcode: 'HP20 1UA' },
    secondContact: {
      name: 'Rachel Adams',
      jobRole: 'Commercial lead',
      email: 'rachel.adams@chiltern-shared.test',
    },
  },
  {
    name: 'Weald Education Services Trading Company',
    sector: 'public',
    reach: 'regional',
    size: 'large',
    contact: { name: 'Susan Clarke', email: 'susan.clarke@weald-education.test' },
    registrationNumber: '09678901',
    website: 'https://www.weald-education.test',
    address: { line1: 'Weald House, High Street', town: 'Maidstone', postcode: 'ME14 1XQ' },
  },
  {
    name: 'Southern Counties HR Partnership',
    sector: 'public',
    reach: 'regional',
    size: 'sme',
    contact: { name: 'David Lowe', email: 'david.lowe@southern-hr.test' },
    registrationNumber: null,
    website: null,
    address: { line1: 'The Guildhall', town: 'Winchester', postcode: 'SO23 9GH' },
  },
  {
    name: 'Thames Valley Schools Partnership',
    sector: 'public',
    reach: 'local',
    size: 'sme',
    contact: { name: 'Angela Brooks', email: 'angela.brooks@tvsp.test' },
    registrationNumber: '10789012',
    website: 'https://www.tvsp.test',
    address: { line1: 'Thames Court, Abbey Road', town: 'Oxford', postcode: 'OX2 0AA' },
  },
  {
    name: 'Oxfordshire Community Learning Trust',
    sector: 'voluntary',
    reach: 'local',
    size: 'sme',
    contact: { name: 'Fiona Grant', email: 'fiona.grant@ox-community-learning.test' },
    registrationNumber: '1123456',
    website: 'https://www.ox-community-learning.test',
    address: { line1: 'The Old School, Church Lane', town: 'Witney', postcode: 'OX28 4AA' },
    secondContact: {
      name: 'Ben Taylor',
      jobRole: 'Volunteer coordinator',
      email: 'ben.taylor@ox-community-learning.test',
    },
  },
  {
    name: 'Bromley Adult Learning CIC',
    sector: 'voluntary',
    reach: 'local',
    size: 'micro',
    contact: { name: 'James Osei', email: 'james.osei@bromley-adult-learning.test' },
    registrationNumber: '11890123',
    website: 'https://www.bromley-adult-learning.test',
    address: { line1: 'Widmore Centre, Nightingale Lane', town: 'Bromley', postcode: 'BR1 2SQ' },
  },
  {
    name: 'Foundation Years Network',
    sector: 'voluntary',
    reach: 'regional',
    size: 'micro',
    contact: { name: 'Naomi Fletcher', email: 'naomi.fletcher@foundation-years.test' },
    registrationNumber: '1134567',
    website: null,
    address: { line1: 'St Mark’s Hall', town: 'Reading', postcode: 'RG1 3BE' },
  },
  {
    name: 'Keystone Finance Mutual',
    sector: 'voluntary',
    reach: 'national',
    size: 'sme',
    contact: { name: 'Owen Price', email: 'owen.price@keystone-mutual.test' },
    registrationNumber: 'IP012345',
    website: 'https://www.keystone-mutual.test',
    address: { line1: 'Keystone House, 8 Broad Street', town: 'Birmingham', postcode: 'B1 2HF' },
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
          normalised_name: normaliseName(organisation.name),
          registration_number: organisation.registrationNumber,
          sector: organisation.sector,
          reach: organisation.reach,
          size: organisation.size,
          website: organisation.website,
          address_line_1: organisation.address.line1,
          town: organisation.address.town,
          postcode: organisation.address.postcode,
        })
        .returning<{ id: string }[]>('id');
      const [user] = await trx('users')
        .insert({
          email: organisation.contact.email,
          name: organisation.contact.name,
          role: 'provider',
          organisation_id: id,
          password_hash: passwordHash,
          status: 'active',
        })
        .returning<{ id: string }[]>('id');
      await trx('contacts').insert([
        {
          organisation_id: id,
          name: organisation.contact.name,
          email: organisation.contact.email,
          user_id: user.id,
        },
        ...(organisation.secondContact
          ? [
              {
                organisation_id: id,
                name: organisation.secondContact.name,
                job_role: organisation.secondContact.jobRole,
                email: organisation.secondContact.email,
              },
            ]
          : []),
      ]);
    }
    const staff = await trx('users').where({ email: 'staff@demo.test' }).first<{ id: string }>('id');
    await seedDemoExercises(trx, staff.id);
    return true;
  });
}
