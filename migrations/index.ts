import type { Knex } from 'knex';
import * as foundation from './20261124000100_foundation';
import * as exercisesAndRegistry from './20261124000200_exercises_and_registry';
import * as providerRegistry from './20261124000300_provider_registry';
import * as questionnaires from './20261124000400_questionnaires';
import * as invitations from './20261124000500_invitations';
import * as clarifications from './20261124000600_clarifications';
import * as responses from './20261124000700_responses';
import * as attachments from './20261124000900_attachments';
import * as declineReasons from './20261124001000_decline_reasons';
import * as meetingFiles from './20261124001100_meeting_files';
import * as meetings from './20261124000800_meetings';
import * as dataRetention from './20261124001200_data_retention';
import * as submissionScoringInputs from './20261124001300_submission_scoring_inputs';
import * as scoringInputsAsJson from './20261124001400_scoring_inputs_as_json';

type Migration = { up: (knex: Knex) => Promise<void>; down: (knex: Knex) => Promise<void> };

/** Every migration, in the order it must run. Add new ones at the end. */
export const migrations: Record<string, Migration> = {
  '20261124000100_foundation': foundation,
  '20261124000200_exercises_and_registry': exercisesAndRegistry,
  '20261124000300_provider_registry': providerRegistry,
  '20261124000400_questionnaires': questionnaires,
  '20261124000500_invitations': invitations,
  '20261124000600_clarifications': clarifications,
  '20261124000700_responses': responses,
  '20261124000900_attachments': attachments,
  '20261124001000_decline_reasons': declineReasons,
  '20261124000800_meetings': meetings,
  '20261124001100_meeting_files': meetingFiles,
  '20261124001200_data_retention': dataRetention,
  '20261124001300_submission_scoring_inputs': submissionScoringInputs,
  '20261124001400_scoring_inputs_as_json': scoringInputsAsJson,
};
