import { z } from 'zod';
import type { ChoiceOption } from './question-types';

/** "Label | points" per line; points default to 0 and must be between 0 and 1. */
export const optionsText = z
  .string({ error: 'Enter the options' })
  .default('')
  .transform((text, context): { label: string; points: number }[] => {
    const lines = text
      .split(/\r?\n/)
      .map((line) => line.trim())
      .filter(Boolean);
    const problem = (message: string) => {
      context.addIssue({ code: 'custom', message });
      return z.NEVER;
    };
    if (lines.length < 2) return problem('Enter at least 2 options, one on each line');
    if (lines.length > 30) return problem('Enter 30 options or fewer');
    const parsed = lines.map((line) => {
      const bar = line.lastIndexOf('|');
      return bar < 0
        ? { label: line, pointsText: '' }
        : { label: line.slice(0, bar).trim(), pointsText: line.slice(bar + 1).trim() };
    });
    for (const [index, { label, pointsText }] of parsed.entries()) {
      const points = Number(pointsText || '0');
      if (!label) return problem(`Option ${index + 1} needs a label before the |`);
      if (label.length > 200) return problem(`Option ${index + 1} must be 200 characters or fewer`);
      if (!/^\d*\.?\d+$/.test(pointsText || '0') || points < 0 || points > 1)
        return problem(`Option ${index + 1}: points must be a number from 0 to 1, like 0.5`);
    }
    const labels = parsed.map(({ label }) => label.toLowerCase());
    if (new Set(labels).size !== labels.length) return problem('Each option must be different');
    return parsed.map(({ label, pointsText }) => ({ label, points: Number(pointsText || '0') }));
  });

const slug = (label: string) =>
  label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 40) || 'option';

/**
 * Answers store an option's value, so an option keeps its value while its label stays the same
 * (ignoring case); a new label gets a new value, unique within the question.
 */
export function withValues(
  options: { label: string; points: number }[],
  existing: ChoiceOption[],
): ChoiceOption[] {
  const taken = new Set<string>();
  return options.map(({ label, points }) => {
    const kept = existing.find((option) => option.label.toLowerCase() === label.toLowerCase());
    let value = kept && !taken.has(kept.value) ? kept.value : slug(label);
    for (let n = 2; taken.has(value); n++) value = `${slug(label)}_${n}`;
    taken.add(value);
    return { value, label, points };
  });
}
