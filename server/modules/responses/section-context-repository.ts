import type { Knex } from 'knex';
import { queryPrepared } from '../../db/prepared';
import { isUuid } from '../../lib/uuid';
import type { AnswerValue, Area } from './answer-items';

export type SectionContext = {
  invitationId: string;
  invitationStatus: string;
  deadlineExtendedTo: Date | null;
  exerciseId: string;
  exerciseTitle: string;
  exerciseStatus: string;
  responsesCloseAt: Date | null;
  /** The published questionnaire version providers answer now; null before the first publication. */
  versionId: string | null;
  /** Empty when the areas were not asked for. */
  areas: Area[];
  responseId: string | null;
  answers: [questionId: string, areaId: string | null, value: AnswerValue][];
  /** The names of the files uploaded to those questions, by attachment id. */
  fileNames: [attachmentId: string, originalName: string][];
  sectionVersion: number;
};

/** The page's query; `onlyWanted` gives the condition, if any, that keeps a table's rows to the wanted questions. */
const sectionContextQuery = (onlyWanted: (table: string) => string) => `WITH invitation AS (
           SELECT id, status, deadline_extended_to FROM invitations
           WHERE exercise_id = $1 AND organisation_id = $2 AND status <> 'withdrawn'
         ), response AS (
           SELECT r.id FROM responses r JOIN invitation ON r.invitation_id = invitation.id
         )
         SELECT invitation.id AS "invitationId",
                invitation.status AS "invitationStatus",
                invitation.deadline_extended_to AS "deadlineExtendedTo",
                e.id AS "exerciseId",
                e.title AS "exerciseTitle",
                e.status AS "exerciseStatus",
                e.responses_close_at AS "responsesCloseAt",
                v.id AS "versionId",
                CASE WHEN $4::boolean THEN
                  (SELECT coalesce(json_agg(json_build_object('id', a.id, 'name', a.name) ORDER BY a.position), '[]')
                     FROM service_areas a
                    WHERE a.exercise_id = e.id AND a.parent_id IS NULL AND a.status = 'active')
                ELSE '[]' END AS areas,
                (SELECT id FROM response) AS "responseId",
                (SELECT coalesce(json_agg(json_build_array(an.question_id, an.area_id, an.value)), '[]')
                   FROM answers an
                  WHERE an.response_id = (SELECT id FROM response)
                    ${onlyWanted('an')}) AS answers,
                (SELECT coalesce(json_agg(json_build_array(f.id, f.original_name)), '[]')
                   FROM attachments f
                  WHERE f.response_id = (SELECT id FROM response)
                    ${onlyWanted('f')}) AS "fileNames",
                coalesce((SELECT p.version FROM section_progress p
                           WHERE p.response_id = (SELECT id FROM response) AND p.section_id = $3), 0)
                  AS "sectionVersion"
           FROM invitation
           JOIN exercises e ON e.id = $1
           LEFT JOIN questionnaires q ON q.exercise_id = e.id
           LEFT JOIN questionnaire_versions v ON v.questionnaire_id = q.id AND v.number = q.published_version`;
// Two statements rather than one with an optional filter, so that the wanted answers are found
// through the index on (response, question) instead of read for the whole response and filtered.
const QUERY_FOR_ALL = { name: 'section-context-all', text: sectionContextQuery(() => '') };
const QUERY_FOR_WANTED = {
  name: 'section-context',
  text: sectionContextQuery((table) => `AND ${table}.question_id = ANY($5::uuid[])`),
};

/**
 * Everything a provider's questionnaire section page needs, in one round trip.
 *
 * A read model over the invitation, exercise, service area and questionnaire tables as well as
 * this module's own (answers, progress and attachments): the section page is the page providers
 * load most, and on a small server each database round trip costs more than the rest of the page
 * (docs/benchmarks.md). It applies the same rules as the services it stands in for: the
 * invitation must belong to the provider's organisation and not be withdrawn; only active
 * top-level service areas, in their order; the questionnaire's latest published version.
 */
export function createSectionContextRepository(db: Knex) {
  return {
    async find(
      exerciseId: string,
      organisationId: string,
      sectionId: string,
      /**
       * Only the answers to these questions, and the areas only if asked for; when null, every
       * answer and the areas.
       */
      wanted: { questionIds: string[]; areas: boolean } | null,
    ): Promise<SectionContext | undefined> {
      if (!isUuid(exerciseId) || !isUuid(sectionId)) return undefined;
      if (wanted && !wanted.questionIds.every(isUuid)) throw new Error('Question ids must be UUIDs');
      const values = [exerciseId, organisationId, sectionId, wanted ? wanted.areas : true];
      const rows = wanted
        ? await queryPrepared<SectionContext>(db, QUERY_FOR_WANTED, [...values, wanted.questionIds])
        : await queryPrepared<SectionContext>(db, QUERY_FOR_ALL, values);
      return rows[0];
    },
  };
}

export type SectionContextRepository = ReturnType<typeof createSectionContextRepository>;
