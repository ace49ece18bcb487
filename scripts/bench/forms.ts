import type { SnapshotSection } from '../../server/modules/questionnaires/questionnaire-structure';
import { optionsOf } from '../../server/modules/questionnaires/question-types';
import { answerKey, fieldName } from '../../server/modules/responses/answer-items';

/**
 * A complete "Save and continue" form for a section of exercise-wide questions. `marker` goes
 * into the first text answer, so every save changes the stored answer and leaves a history row.
 */
export function saveForm(
  section: SnapshotSection,
  csrf: string,
  sectionVersion: number,
  marker: string,
): Record<string, string> {
  const form: Record<string, string> = {
    _csrf: csrf,
    sectionVersion: String(sectionVersion),
    action: 'continue',
  };
  let marked = false;
  for (const question of section.questions) {
    if (question.perArea || question.type === 'interest_matrix' || question.type === 'not_interested_reasons')
      throw new Error(`Section "${section.title}" has questions asked per service area`);
    const name = fieldName(answerKey(question.id, null));
    switch (question.type) {
      case 'date':
        Object.assign(form, { [`${name}-day`]: '1', [`${name}-month`]: '4', [`${name}-year`]: '2001' });
        break;
      case 'number':
        form[name] = '250';
        break;
      case 'currency':
        form[name] = '1500000.00';
        break;
      case 'scale':
        form[name] = String(question.scaleMin ?? 1);
        break;
      case 'short_text':
      case 'long_text':
        form[name] = marked ? 'An answer saved by the benchmark' : marker;
        marked = true;
        break;
      case 'file_upload':
        break;
      default:
        form[name] = optionsOf(question)[0].value;
    }
  }
  if (!marked) throw new Error(`Section "${section.title}" has no text question to mark saves with`);
  return form;
}
