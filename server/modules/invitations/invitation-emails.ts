import { formatDateTime } from '../../lib/format';
import type { EmailContent } from '../mail/email-layout';

type ExerciseSummary = {
  title: string;
  reference: string;
  purpose: string;
  contactName: string;
  contactEmail: string;
};

const exerciseLink = (baseUrl: string, exerciseId: string) => ({
  text: 'See the exercise and respond',
  url: `${baseUrl}/provider/exercises/${exerciseId}`,
});

export function invitationEmail(
  exercise: ExerciseSummary & { id: string },
  name: string,
  deadline: Date | null,
  baseUrl: string,
): EmailContent {
  return {
    subject: `Invitation to take part in market testing: ${exercise.title}`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `We are testing the market for ${exercise.title} (reference ${exercise.reference}) and would like to hear from your organisation.`,
      exercise.purpose,
      deadline
        ? `Please respond by ${formatDateTime(deadline)}.`
        : 'We will tell you the closing date for responses.',
      'Taking part is not a tender and does not commit your organisation or the council to anything. Every provider is asked the same questions.',
      `Questions about the exercise: ${exercise.contactName}, ${exercise.contactEmail}.`,
      'If you have not used the portal before, a separate email has a link to set your password.',
    ],
    link: exerciseLink(baseUrl, exercise.id),
  };
}

export function reminderEmail(
  exercise: ExerciseSummary & { id: string },
  name: string,
  deadline: Date | null,
  baseUrl: string,
): EmailContent {
  return {
    subject: `Reminder: market testing for ${exercise.title} closes soon`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `This is a reminder that responses to the market testing for ${exercise.title} (reference ${exercise.reference}) close ${deadline ? `on ${formatDateTime(deadline)}` : 'soon'}.`,
      'If you do not wish to take part, you can decline on the exercise page and tell us why. This helps us understand the market.',
    ],
    link: exerciseLink(baseUrl, exercise.id),
  };
}

export function scopeChangeEmail(
  exercise: ExerciseSummary & { id: string },
  name: string,
  areaName: string,
  reason: string,
  baseUrl: string,
): EmailContent {
  return {
    subject: `Change of scope: ${exercise.title}`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `The scope of the market testing for ${exercise.title} (reference ${exercise.reference}) has changed: "${areaName}" has been added.`,
      `Reason: ${reason}`,
      'We would welcome your views on the new service area, even if you have already responded.',
    ],
    link: exerciseLink(baseUrl, exercise.id),
  };
}

export function extensionEmail(
  exercise: ExerciseSummary & { id: string },
  name: string,
  deadline: Date,
  baseUrl: string,
): EmailContent {
  return {
    subject: `More time to respond: ${exercise.title}`,
    greeting: `Dear ${name},`,
    paragraphs: [
      `Your organisation now has until ${formatDateTime(deadline)} to respond to the market testing for ${exercise.title}.`,
    ],
    link: exerciseLink(baseUrl, exercise.id),
  };
}
