import type { Knex } from 'knex';
import { londonDateAndTime, londonTimeToDate } from '../server/lib/dates';

const DAY = 24 * 3600 * 1000;

type DemoMeeting = {
  daysFromNow: number;
  status: 'held' | 'proposed' | 'cancelled';
  summary?: string;
  ratings?: number[];
  actions?: { description: string; owner: string; done: boolean }[];
};

/** Held meetings with notes and ratings, one upcoming and one cancelled, for Oxfordshire's first providers. */
const MEETINGS: DemoMeeting[] = [
  {
    daysFromNow: -10,
    status: 'held',
    summary: 'Keen on corporate back office as a shared service; less so on schools, which buy individually.',
    ratings: [4, 2, 1, 0],
    actions: [
      { description: 'Send the HR and payroll staff list for TUPE', owner: 'Sam Patel', done: true },
      { description: 'Share transaction volumes for finance', owner: 'Sam Patel', done: false },
    ],
  },
  {
    daysFromNow: -9,
    status: 'held',
    summary: 'Interested in ICT only, and only with a five-year contract.',
    ratings: [2, 3, 0, 0],
    actions: [{ description: 'Confirm expected contract length', owner: 'Sam Patel', done: false }],
  },
  {
    daysFromNow: -8,
    status: 'held',
    summary: 'A local provider: capacity for learning and skills, not for back office.',
    ratings: [0, 0, 3, 4],
  },
  { daysFromNow: 26, status: 'proposed' },
  { daysFromNow: 27, status: 'cancelled' },
];

/** An open slot menu in the meeting window: the same three times for every invited provider. */
async function seedDemoSlots(trx: Knex, exerciseId: string, staffUserId: string, now: Date) {
  const day = londonDateAndTime(new Date(now.getTime() + 35 * DAY)).isoDate;
  for (const [start, end] of [
    ['09:30', '10:30'],
    ['11:00', '12:00'],
    ['14:00', '15:00'],
  ]) {
    await trx('meeting_slots').insert({
      exercise_id: exerciseId,
      starts_at: londonTimeToDate(day, start),
      ends_at: londonTimeToDate(day, end),
      place: 'County Hall, New Road, Oxford OX1 1ND, or online',
      staff_user_ids: [staffUserId],
      created_by: staffUserId,
    });
  }
}

export async function seedDemoMeetings(trx: Knex, exerciseId: string, staffUserId: string, now = new Date()) {
  const invitations = await trx('invitations')
    .where({ exercise_id: exerciseId })
    .whereNot('status', 'declined')
    .orderBy('invited_at')
    .limit(MEETINGS.length)
    .select<{ id: string }[]>('id');
  const areas = await trx('service_areas')
    .where({ exercise_id: exerciseId, parent_id: null })
    .orderBy('position')
    .select<{ id: string }[]>('id');
  await seedDemoSlots(trx, exerciseId, staffUserId, now);
  for (const [index, demo] of MEETINGS.entries()) {
    const invitation = invitations[index];
    if (!invitation) return;
    const day = londonDateAndTime(new Date(now.getTime() + demo.daysFromNow * DAY)).isoDate;
    const startsAt = londonTimeToDate(day, '10:00');
    const endsAt = londonTimeToDate(day, '11:00');
    const [{ id }] = await trx('meetings')
      .insert({
        exercise_id: exerciseId,
        invitation_id: invitation.id,
        starts_at: startsAt,
        ends_at: endsAt,
        place: 'County Hall, New Road, Oxford OX1 1ND',
        agenda: 'Introductions\nThe services in scope\nDelivery models and capacity\nQuestions',
        status: demo.status,
        sequence: demo.status === 'cancelled' ? 1 : 0,
        provider_response: demo.status === 'held' ? 'confirmed' : null,
        attended: demo.summary ? 'Sam Patel (council) and the provider’s contact' : null,
        summary: demo.summary ?? null,
        created_by: staffUserId,
      })
      .returning<{ id: string }[]>('id');
    await trx('meeting_attendees').insert({
      meeting_id: id,
      user_id: staffUserId,
      during: trx.raw('tstzrange(?, ?)', [startsAt.toISOString(), endsAt.toISOString()]),
      active: demo.status !== 'cancelled',
    });
    const contacts = await trx('invitation_contacts')
      .where({ invitation_id: invitation.id })
      .select<{ contact_id: string }[]>('contact_id');
    if (contacts.length)
      await trx('meeting_contacts').insert(
        contacts.map((c) => ({ meeting_id: id, contact_id: c.contact_id })),
      );
    for (const [position, rating] of (demo.ratings ?? []).entries()) {
      if (!areas[position]) continue;
      await trx('meeting_observations').insert({
        meeting_id: id,
        service_area_id: areas[position].id,
        rating,
        delivery_models: rating >= 3 ? 'Shared service or outsourced contract' : '',
        capacity: rating >= 3 ? 'Could take on the service within six months' : '',
        concerns: rating > 0 && rating < 3 ? 'TUPE and pension costs' : '',
      });
    }
    for (const action of demo.actions ?? []) {
      await trx('meeting_actions').insert({
        meeting_id: id,
        description: action.description,
        owner: action.owner,
        due_on: londonDateAndTime(new Date(now.getTime() + 7 * DAY)).isoDate,
        done: action.done,
      });
    }
  }
}
