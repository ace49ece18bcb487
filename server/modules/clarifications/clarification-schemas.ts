import { z } from 'zod';
import { formVersion } from '../../http/validation';

const text = (what: string, name: string, max: number) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `${name} must be ${max} characters or fewer`);

export const askSchema = z.object({ question: text('your question', 'Question', 3000) });

export const answerSchema = z.object({
  publishedQuestion: text('the question as it will be shown', 'Question', 3000),
  answer: text('the answer', 'Answer', 5000),
  visibility: z.enum(['all', 'private'], { error: 'Choose who sees the answer' }),
  version: formVersion,
});

export const publishSchema = z.object({
  question: text('the question', 'Question', 3000),
  answer: text('the answer', 'Answer', 5000),
});
