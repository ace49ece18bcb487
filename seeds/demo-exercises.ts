import type { Knex } from 'knex';
import { seedDemoMeetings } from './demo-meetings';
import { seedDemoQuestionnaire } from './demo-questionnaires';
import { DEMO_INTEREST_PROFILES, seedDemoResponse } from './demo-responses';

type Area = { name: string; description?: string; subServices?: string[] };

const DAY = 24 * 3600 * 1000;
const isoDate = (date: Date) => date.toISOString().slice(0, 10);

/**
 * The two exercises in shared/reference, moved to today's calendar: Oxfordshire's four service
 * areas (2013) and Bromley's education bundle with Adult Education added as a separate lot by a
 * recorded scope change (2014).
 */
export async function seedDemoExercises(trx: Knex, staffUserId: string, now = new Date()): Promise<void> {
  const oxfordshire = await insertExercise(trx, staffUserId, now, {
    reference: 'OCC-SMT-2026-01',
    title: 'Back office and education support services',
    purpose:
      'Oxfordshire County Council is considering how back office services and school support services should be run in future. ' +
      'The status quo is not an option: £3M of savings are needed from 2015/16, there is not enough capacity to support school improvement, ' +
      'and schools back office services depend closely on the systems, processes and staff that deliver corporate back office services. ' +
      'We want to find out market interest in each service area, potential delivery models and your views on how to proceed.',
    process_description:
      'Providers complete a detailed online questionnaire and are invited to a face-to-face discussion with the council. ' +
      'National and local, public and private sector providers are all welcome. The answers inform proposals to Cabinet; this is not a tender.',
  });
  await insertAreas(trx, oxfordshire, [
    {
      name: 'Corporate Back Office',
      description: 'Back office services for the council',
      subServices: ['HR', 'Finance', 'ICT'],
    },
    {
      name: 'Schools Back Office',
      description: 'Back office services bought by schools',
      subServices: ['HR', 'Finance', 'ICT'],
    },
    {
      name: 'Schools and Learning / Foundation Years',
      description: 'School improvement and early years support',
    },
    { name: 'Oxfordshire Skills and Learning', description: 'Adult and community learning and skills' },
  ]);
  await trx('engagement_events').insert([
    {
      exercise_id: oxfordshire,
      title: 'Supplier briefing',
      event_date: isoDate(new Date(now.getTime() + 7 * DAY)),
      place: 'County Hall, New Road, Oxford OX1 1ND',
      details: 'An introduction to the services in scope, with questions and answers.',
    },
    {
      exercise_id: oxfordshire,
      title: 'Face-to-face discussions',
      event_date: isoDate(new Date(now.getTime() + 28 * DAY)),
      place: 'County Hall, Oxford, or online',
      details: 'One-hour meetings with each provider that responds.',
    },
  ]);
  await trx('conflict_declarations').insert({ exercise_id: oxfordshire, user_id: staffUserId });
  await seedDemoQuestionnaire(trx, oxfordshire, staffUserId);
  await inviteDemoProviders(trx, oxfordshire, staffUserId);
  await seedDemoMeetings(trx, oxfordshire, staffUserId, now);

  const bromley = await insertExercise(trx, staffUserId, now, {
    reference: 'LBB-ED-2026-02',
    title: 'Market testing of education services',
    purpose:
      'The London Borough of Bromley aims to be a commissioning organisation, deciding who is best placed to deliver high quality services ' +
      'based on local priorities and value for money. We are testing the market for a bundle of education services. No assumption is made ' +
      'about the outcome: the recommendation might be that some or none of the services are commissioned externally.',
    process_description:
      'Providers answer an online questionnaire about the education services bundle and, separately, Bromley Adult Education.',
  });
  const [bundle] = await insertAreas(trx, bromley, [
    {
      name: 'Education services bundle',
      description: 'The services agreed for market testing by the Executive',
      subServices: ['School improvement', 'Education welfare', 'Access and admissions'],
    },
  ]);
  const addedSubServices = await insertSubServices(trx, bromley, bundle, 4, [
    'Strategic management functions',
    'Behaviour Service (residual functions)',
    'Special Educational Needs service, including Specialist Support and Disability Service and the Phoenix Centre pre-school',
  ]);
  const [adultEducation] = await insertAreas(
    trx,
    bromley,
    [{ name: 'Bromley Adult Education', description: 'A separate lot' }],
    2,
  );
  const reason =
    'The committee agreed to expand the scope of the market testing to strategic management functions, the Behaviour Service, ' +
    'the Special Educational Needs service and Bromley Adult Education (as a separate lot).';
  await trx('scope_changes').insert(
    [...addedSubServices, adultEducation].map((areaId) => ({
      exercise_id: bromley,
      service_area_id: areaId,
      reason,
      changed_by: staffUserId,
    })),
  );
}

async function insertExercise(
  trx: Knex,
  ownerId: string,
  now: Date,
  fields: Record<string, string>,
): Promise<string> {
  const [{ id }] = await trx('exercises')
    .insert({
      ...fields,
      contact_name: 'Sam Patel',
      contact_email: 'staff@demo.test',
      status: 'open',
      owner_user_id: ownerId,
      opens_at: new Date(now.getTime() - 3 * DAY),
      questions_close_at: new Date(now.getTime() + 14 * DAY),
      responses_close_at: new Date(now.getTime() + 21 * DAY),
      meetings_from: isoDate(new Date(now.getTime() + 24 * DAY)),
      meetings_to: isoDate(new Date(now.getTime() + 38 * DAY)),
    })
    .returning<{ id: string }[]>('id');
  return id;
}

async function insertAreas(
  trx: Knex,
  exerciseId: string,
  areas: Area[],
  firstPosition = 1,
): Promise<string[]> {
  const ids: string[] = [];
  for (const [index, area] of areas.entries()) {
    const [{ id }] = await trx('service_areas')
      .insert({
        exercise_id: exerciseId,
        name: area.name,
        description: area.description ?? '',
        position: firstPosition + index,
      })
      .returning<{ id: string }[]>('id');
    ids.push(id);
    await insertSubServices(trx, exerciseId, id, 1, area.subServices ?? []);
  }
  return ids;
}

async function insertSubServices(
  trx: Knex,
  exerciseId: string,
  parentId: string,
  firstPosition: number,
  names: string[],
) {
  const ids: string[] = [];
  for (const [index, name] of names.entries()) {
    const [{ id }] = await trx('service_areas')
      .insert({ exercise_id: exerciseId, parent_id: parentId, name, position: firstPosition + index })
      .returning<{ id: string }[]>('id');
    ids.push(id);
  }
  return ids;
}

/**
 * Invites ten demo providers to Oxfordshire through their contacts that have accounts, in a
 * realistic mix: two opened, one declined, five submitted, one in progress, one not started
 * with an extension. Three providers stay uninvited.
 */
async function inviteDemoProviders(trx: Knex, exerciseId: string, staffUserId: string) {
  const contacts = await trx('contacts')
    .whereNotNull('user_id')
    .select<{ id: string; organisation_id: string; user_id: string }[]>('id', 'organisation_id', 'user_id');
  const organisationIds = [...new Set(contacts.map((contact) => contact.organisation_id))];
  const exercise = await trx('exercises')
    .where({ id: exerciseId })
    .first<{ responses_close_at: Date }>('responses_close_at');
  const states: Record<number, Record<string, unknown>> = {
    0: { status: 'opened' },
    1: { status: 'opened' },
    2: {
      status: 'declined',
      declined_reasons: ['lotting_bundling', 'contract_size'],
      declined_reason: 'The services are bundled into one lot that is too large for us.',
    },
    8: { status: 'in_progress' },
    9: {
      deadline_extended_to: new Date(exercise.responses_close_at.getTime() + 7 * 24 * 3600 * 1000),
      extension_reason: 'Their board meets after the closing date',
    },
  };
  for (const [index, organisationId] of organisationIds.slice(0, 10).entries()) {
    const submitted = index >= 3 && index <= 7;
    const [{ id }] = await trx('invitations')
      .insert({
        exercise_id: exerciseId,
        organisation_id: organisationId,
        invited_by: staffUserId,
        ...(submitted ? { status: 'submitted' } : (states[index] ?? {})),
      })
      .returning<{ id: string }[]>('id');
    const own = contacts.filter((contact) => contact.organisation_id === organisationId);
    await trx('invitation_contacts').insert(
      own.map((contact) => ({ invitation_id: id, contact_id: contact.id })),
    );
    if (submitted || index === 8) {
      await seedDemoResponse(trx, {
        exerciseId,
        invitationId: id,
        userId: own[0].user_id,
        interest: DEMO_INTEREST_PROFILES[(index - 3) % DEMO_INTEREST_PROFILES.length],
        seed: index,
        ...(index === 8 ? { sections: 2 } : {}),
      });
    }
  }
  await trx('clarifications').insert([
    {
      exercise_id: exerciseId,
      organisation_id: organisationIds[3],
      asked_by: contacts.find((c) => c.organisation_id === organisationIds[3])!.user_id,
      question: 'Will staff in the schools back office transfer with the corporate back office?',
      published_question: 'Will staff in the schools back office transfer with the corporate back office?',
      answer: 'Not necessarily: the two areas are tested separately and could go to different providers.',
      visibility: 'all',
      answered_by: staffUserId,
      answered_at: trx.fn.now(),
    },
    {
      exercise_id: exerciseId,
      organisation_id: null,
      asked_by: staffUserId,
      question: 'Is there a minimum contract value?',
      published_question: 'Is there a minimum contract value?',
      answer: 'No. We welcome interest in any of the service areas, including from small local providers.',
      visibility: 'all',
      answered_by: staffUserId,
      answered_at: trx.fn.now(),
    },
  ]);
}
