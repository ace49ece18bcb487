import type { Knex } from 'knex';
import {
  fieldName,
  itemsFor,
  type Area,
  type SavedAnswers,
} from '../../server/modules/responses/answer-items';
import type { Snapshot, SnapshotSection } from '../../server/modules/questionnaires/questionnaire-structure';
import { optionsOf } from '../../server/modules/questionnaires/question-types';

/** The published snapshot of an exercise's questionnaire, read straight from the database. */
export async function publishedSnapshot(db: Knex, exerciseId: string): Promise<Snapshot> {
  const row = await db('questionnaire_versions as v')
    .join('questionnaires as q', 'q.id', 'v.questionnaire_id')
    .where('q.exercise_id', exerciseId)
    .orderBy('v.number', 'desc')
    .first('v.snapshot');
  return row.snapshot as Snapshot;
}

export async function activeAreas(db: Knex, exerciseId: string): Promise<Area[]> {
  return db('service_areas')
    .where({ exercise_id: exerciseId, status: 'active' })
    .whereNull('parent_id')
    .orderBy('position')
    .select('id', 'name');
}

/** A complete, valid set of form fields for a section, as a careful provider would fill it in. */
export function validAnswers(
  section: SnapshotSection,
  snapshot: Snapshot,
  areas: Area[],
  saved: SavedAnswers,
  interest: (area: Area) => string,
) {
  const body: Record<string, string | string[]> = {};
  for (const item of itemsFor(section, snapshot, areas, saved)) {
    const name = fieldName(item.key);
    const q = item.question;
    switch (q.type) {
      case 'interest_matrix':
        body[name] = interest(item.area!);
        break;
      case 'multiple_choice':
      case 'not_interested_reasons':
        body[name] = [optionsOf(q)[0].value];
        break;
      case 'single_choice':
      case 'yes_no':
        body[name] = optionsOf(q)[0].value;
        break;
      case 'scale':
        body[name] = String(q.scaleMax ?? 5);
        break;
      case 'number':
        body[name] = '12';
        break;
      case 'currency':
        body[name] = '1500.50';
        break;
      case 'date':
        Object.assign(body, { [`${name}-day`]: '1', [`${name}-month`]: '4', [`${name}-year`]: '2027' });
        break;
      case 'file_upload':
        break;
      default:
        body[name] = `Answer to ${q.label}`.slice(0, 200);
    }
  }
  return body;
}

/** A demo invitation to Oxfordshire that is opened but not answered, with a contact who can sign in. */
export async function openedInvitation(db: Knex, exerciseId: string): Promise<{ id: string; email: string }> {
  return db('invitations as i')
    .join('invitation_contacts as ic', 'ic.invitation_id', 'i.id')
    .join('contacts as c', 'c.id', 'ic.contact_id')
    .where({ 'i.exercise_id': exerciseId, 'i.status': 'opened' })
    .whereNotNull('c.user_id')
    .first('i.id', 'c.email');
}
