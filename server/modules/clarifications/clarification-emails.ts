import type { EmailContent } from '../mail/email-layout';

type ExerciseSummary = { id: string; title: string; reference: string };

export const newQuestionEmail = (exercise: ExerciseSummary, baseUrl: string): EmailContent => ({
  subject: `New clarification question: ${exercise.title}`,
  greeting: 'Hello,',
  paragraphs: [
    `A provider has asked a clarification question about ${exercise.title} (${exercise.reference}).`,
  ],
  link: { text: 'Read and answer it', url: `${baseUrl}/exercises/${exercise.id}/clarifications` },
});

export const publishedEmail = (exercise: ExerciseSummary, name: string, baseUrl: string): EmailContent => ({
  subject: `New clarification published: ${exercise.title}`,
  greeting: `Dear ${name},`,
  paragraphs: [
    `A clarification about ${exercise.title} (${exercise.reference}) has been published to every invited provider.`,
    'We publish questions without saying who asked, so that every provider has the same information.',
  ],
  link: {
    text: 'Read the clarification log',
    url: `${baseUrl}/provider/exercises/${exercise.id}/clarifications`,
  },
});

export const privateAnswerEmail = (
  exercise: ExerciseSummary,
  name: string,
  baseUrl: string,
): EmailContent => ({
  subject: `Your clarification question has been answered: ${exercise.title}`,
  greeting: `Dear ${name},`,
  paragraphs: [
    `The council has answered your organisation's question about ${exercise.title} (${exercise.reference}).`,
  ],
  link: { text: 'Read the answer', url: `${baseUrl}/provider/exercises/${exercise.id}/clarifications` },
});
