import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Snapshot } from '../../server/modules/questionnaires/questionnaire-structure';
import type { Area } from '../../server/modules/responses/answer-items';
import { answersFor, interestProfile, randomFrom } from './answers';
import { insertRows } from './bulk';
import type { Invitation } from './generate';
import { SHAPE } from './shape';

const DAY = 24 * 3600 * 1000;

/**
 * Responses stored as the app stores them: answers rows, section progress, and for submitted
 * responses a response_submissions row whose JSON is built from those answers in the database.
 * Returns each responding provider's stated interest, which the meetings' ratings follow.
 */
export async function generateResponses(
  db: Knex,
  input: { exerciseId: string; snapshot: Snapshot; areas: Area[]; invitations: Invitation[]; now: number },
): Promise<Map<number, number[]>> {
  const interestByIndex = new Map<number, number[]>();
  const responses: unknown[][] = [];
  const answers: unknown[][] = [];
  const progress: unknown[][] = [];
  const responding = input.invitations.filter(
    (invitation) =>
      invitation.index < SHAPE.submitted ||
      (invitation.index >= SHAPE.submitted + SHAPE.declined &&
        invitation.index < SHAPE.submitted + SHAPE.declined + SHAPE.inProgress),
  );
  for (const invitation of responding) {
    const submitted = invitation.index < SHAPE.submitted;
    const random = randomFrom(1000 + invitation.index);
    const interest = interestProfile(random, input.areas.length);
    interestByIndex.set(invitation.index, interest);
    const responseId = randomUUID();
    const savedAt = new Date(input.now - (submitted ? 5 : 2) * DAY - invitation.index * 60_000);
    responses.push([
      responseId,
      invitation.id,
      submitted ? 'submitted' : 'draft',
      1,
      submitted ? savedAt : null,
      submitted ? 1 : 0,
    ]);
    const { sectionIds, rows } = answersFor(
      input.snapshot,
      input.areas,
      interest,
      random,
      submitted ? undefined : 2,
    );
    for (const row of rows)
      answers.push([
        responseId,
        row.questionId,
        row.areaId,
        JSON.stringify(row.value),
        invitation.userId,
        savedAt,
      ]);
    for (const sectionId of sectionIds)
      progress.push([responseId, sectionId, 'completed', invitation.userId, savedAt]);
  }
  await insertRows(
    db,
    'responses',
    [
      ['id', 'uuid'],
      ['invitation_id', 'uuid'],
      ['status', 'text'],
      ['questionnaire_version', 'int'],
      ['submitted_at', 'timestamptz'],
      ['submission_count', 'int'],
    ],
    responses,
  );
  await insertRows(
    db,
    'answers',
    [
      ['response_id', 'uuid'],
      ['question_id', 'uuid'],
      ['area_id', 'uuid'],
      ['value', 'jsonb'],
      ['updated_by', 'uuid'],
      ['updated_at', 'timestamptz'],
    ],
    answers,
  );
  await insertRows(
    db,
    'section_progress',
    [
      ['response_id', 'uuid'],
      ['section_id', 'uuid'],
      ['status', 'text'],
      ['updated_by', 'uuid'],
      ['updated_at', 'timestamptz'],
    ],
    progress,
  );
  // The submission is what the provider submitted: its answers at that moment, as submit() records them.
  await db.raw(
    `INSERT INTO response_submissions (response_id, number, questionnaire_version, answers, submitted_by, submitted_at)
     SELECT r.id, 1, r.questionnaire_version,
            jsonb_agg(jsonb_build_object('questionId', a.question_id, 'areaId', a.area_id, 'value', a.value) ORDER BY a.id),
            min(a.updated_by::text)::uuid, r.submitted_at
     FROM responses r
     JOIN invitations i ON i.id = r.invitation_id
     JOIN answers a ON a.response_id = r.id
     WHERE i.exercise_id = ? AND r.status = 'submitted'
     GROUP BY r.id`,
    [input.exerciseId],
  );
  return interestByIndex;
}
