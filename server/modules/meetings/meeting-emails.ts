import { buildIcs, type IcsPerson } from '../../lib/ics';
import { formatDateTime } from '../../lib/format';
import type { EmailContent } from '../mail/email-layout';
import type { Meeting } from './meeting-repository';

type ExerciseSummary = {
  id: string;
  title: string;
  reference: string;
  contactName: string;
  contactEmail: string;
};
export type InviteKind = 'new' | 'changed' | 'cancelled';

const SUBJECTS: Record<InviteKind, string> = {
  new: 'Meeting invitation',
  changed: 'Meeting changed',
  cancelled: 'Meeting cancelled',
};

/** The calendar invitation every attendee gets, with the meeting as an ICS attachment. */
export function invitationEmail(
  kind: InviteKind,
  exercise: ExerciseSummary,
  meeting: Meeting,
  attendees: IcsPerson[],
  recipient: IcsPerson,
  uidDomain: string,
): EmailContent {
  const method = kind === 'cancelled' ? 'CANCEL' : 'REQUEST';
  const ics = buildIcs({
    method,
    uid: `meeting-${meeting.id}@${uidDomain}`,
    sequence: meeting.sequence,
    start: meeting.startsAt,
    end: meeting.endsAt,
    summary: `Market testing meeting: ${exercise.title} with ${meeting.organisationName}`,
    location: meeting.room ? `${meeting.room}, ${meeting.place}` : meeting.place,
    description: meeting.agenda,
    organizer: { name: exercise.contactName, email: exercise.contactEmail },
    attendees,
  });
  const when = `${formatDateTime(meeting.startsAt)} to ${formatDateTime(meeting.endsAt)}`;
  return {
    subject: `${SUBJECTS[kind]}: ${exercise.title} with ${meeting.organisationName}`,
    greeting: `Dear ${recipient.name},`,
    paragraphs:
      kind === 'cancelled'
        ? [`The meeting about ${exercise.title} (${exercise.reference}) on ${when} has been cancelled.`]
        : [
            `${kind === 'new' ? 'You are invited to a meeting' : 'A meeting has changed'} about ${exercise.title} (${exercise.reference}).`,
            `When: ${when}`,
            `Where: ${meeting.room ? `${meeting.room}, ` : ''}${meeting.place}`,
            'The attached calendar invitation adds it to your calendar.',
          ],
    attachments: [
      {
        filename: kind === 'cancelled' ? 'cancel.ics' : 'invite.ics',
        content: ics,
        contentType: `text/calendar; method=${method}; charset=UTF-8`,
      },
    ],
  };
}

export const providerAnswerEmail = (
  exercise: ExerciseSummary,
  meeting: Meeting,
  answer: 'confirmed' | 'another_time',
  baseUrl: string,
): EmailContent => ({
  subject: `${meeting.organisationName} ${answer === 'confirmed' ? 'confirmed' : 'asked for another time for'} a meeting`,
  greeting: 'Hello,',
  paragraphs: [
    answer === 'confirmed'
      ? `${meeting.organisationName} confirmed the meeting about ${exercise.title} on ${formatDateTime(meeting.startsAt)}.`
      : `${meeting.organisationName} asked for another time for the meeting about ${exercise.title} on ${formatDateTime(meeting.startsAt)}.`,
  ],
  link: { text: 'See the meeting', url: `${baseUrl}/exercises/${exercise.id}/meetings/${meeting.id}` },
});

export const reminderEmail = (
  exercise: ExerciseSummary,
  meeting: Meeting,
  recipient: IcsPerson,
): EmailContent => ({
  subject: `Reminder: meeting tomorrow about ${exercise.title}`,
  greeting: `Dear ${recipient.name},`,
  paragraphs: [
    `This is a reminder of the meeting about ${exercise.title} (${exercise.reference}) with ${meeting.organisationName}.`,
    `When: ${formatDateTime(meeting.startsAt)} to ${formatDateTime(meeting.endsAt)}`,
    `Where: ${meeting.place}`,
  ],
});
