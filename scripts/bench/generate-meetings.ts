import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Area } from '../../server/modules/responses/answer-items';
import { randomFrom } from './answers';
import { insertRows } from './bulk';
import type { Invitation } from './generate';
import { SHAPE } from './shape';

const DAY = 24 * 3600 * 1000;
const HOUR = 3600 * 1000;
/** place, status, provider_response, attended, summary of a meeting that took place. */
const HELD = [
  'County Hall, New Road, Oxford OX1 1ND',
  'held',
  'confirmed',
  'Sam Patel (council) and the provider’s contact',
  'Discussed interest in each service area, delivery models and capacity.',
];

/** Held meetings with the first submitted providers, one hour each, with a staff rating per area. */
export async function generateMeetings(
  db: Knex,
  input: {
    exerciseId: string;
    staffId: string;
    areas: Area[];
    invitations: Invitation[];
    interest: Map<number, number[]>;
    now: number;
  },
) {
  const meetings: unknown[][] = [];
  const attendees: unknown[][] = [];
  const observations: unknown[][] = [];
  const random = randomFrom(99);
  for (const invitation of input.invitations.slice(0, SHAPE.heldMeetings)) {
    const id = randomUUID();
    // Eight a day on whole hours, well before the demo's meetings, so nobody is booked twice.
    const firstDay = Math.floor(input.now / DAY) * DAY - 60 * DAY + 8 * HOUR;
    const startsAt = new Date(
      firstDay - Math.floor(invitation.index / 8) * DAY + (invitation.index % 8) * HOUR,
    );
    const endsAt = new Date(startsAt.getTime() + HOUR);
    meetings.push([id, input.exerciseId, invitation.id, startsAt, endsAt, input.staffId, ...HELD]);
    attendees.push([id, input.staffId, `[${startsAt.toISOString()},${endsAt.toISOString()})`]);
    const interest = input.interest.get(invitation.index) ?? [];
    for (const [position, area] of input.areas.entries()) {
      const stated = interest[position] ?? 0;
      const rating = Math.max(0, Math.min(4, stated + Math.round(random() * 2 - 1)));
      observations.push([id, area.id, rating, rating >= 3 ? 'Outsourcing or a partnership' : '']);
    }
  }
  await insertRows(
    db,
    'meetings',
    [
      ['id', 'uuid'],
      ['exercise_id', 'uuid'],
      ['invitation_id', 'uuid'],
      ['starts_at', 'timestamptz'],
      ['ends_at', 'timestamptz'],
      ['created_by', 'uuid'],
      ['place', 'text'],
      ['status', 'text'],
      ['provider_response', 'text'],
      ['attended', 'text'],
      ['summary', 'text'],
    ],
    meetings,
  );
  await insertRows(
    db,
    'meeting_attendees',
    [
      ['meeting_id', 'uuid'],
      ['user_id', 'uuid'],
      ['during', 'tstzrange'],
    ],
    attendees,
  );
  await db.raw(
    `INSERT INTO meeting_contacts (meeting_id, contact_id)
     SELECT m.id, ic.contact_id FROM meetings m JOIN invitation_contacts ic ON ic.invitation_id = m.invitation_id
     WHERE m.exercise_id = ?`,
    [input.exerciseId],
  );
  await insertRows(
    db,
    'meeting_observations',
    [
      ['meeting_id', 'uuid'],
      ['service_area_id', 'uuid'],
      ['rating', 'int'],
      ['delivery_models', 'text'],
    ],
    observations,
  );
}
