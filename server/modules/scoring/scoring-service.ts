import type { ExerciseService } from '../exercises/exercise-service';
import type { Snapshot } from '../questionnaires/questionnaire-structure';
import { NotFoundError } from '../../lib/errors';
import { isUuid } from '../../lib/uuid';
import { scoredAnswersFor } from './answer-scores';
import { finding, pairOf, summarise, type ProviderInput } from './scoring-model';
import type { InvitationScope, LatestSubmissionRow, ScoringRepository } from './scoring-repository';
import {
  isCurrent,
  modelInputsFrom,
  NO_INPUTS,
  scoringInputsFrom,
  type AreaChoice,
  type ScoringInputs,
} from './scoring-inputs';

type SubmissionInputs = { inputs: ScoringInputs; snapshot: Snapshot | undefined };

/**
 * The scoring inputs of the latest submissions with the snapshot each answered, working out and
 * storing those not yet stored (submissions made before inputs were stored, or loaded in bulk).
 */
async function inputsOf(
  scoring: ScoringRepository,
  submissions: LatestSubmissionRow[],
  snapshots: Map<number, Snapshot>,
): Promise<Map<string, SubmissionInputs>> {
  const byInvitation = new Map<string, SubmissionInputs>();
  const snapshotOf = (s: LatestSubmissionRow) => snapshots.get(s.questionnaireVersion);
  for (const s of submissions) {
    if (!isCurrent(s.scoringInputs)) continue;
    const choices = s.scoringChoices ?? undefined;
    const inputs = choices ? { ...s.scoringInputs, choices } : s.scoringInputs;
    byInvitation.set(s.invitationId, { inputs, snapshot: snapshotOf(s) });
  }
  const missing = submissions.filter((s) => !isCurrent(s.scoringInputs));
  if (missing.length === 0) return byInvitation;
  const answers = new Map(
    (await scoring.submissionAnswers(missing.map((s) => s.submissionId))).map((row) => [row.id, row.answers]),
  );
  const computed = missing.map((s) => {
    const snapshot = snapshotOf(s);
    const inputs = scoringInputsFrom(answers.get(s.submissionId) ?? [], snapshot);
    return { id: s.submissionId, invitationId: s.invitationId, snapshot, inputs };
  });
  await scoring.saveScoringInputs(computed);
  for (const row of computed)
    byInvitation.set(row.invitationId, { inputs: row.inputs, snapshot: row.snapshot });
  return byInvitation;
}

export type ScoredProvider = ProviderInput & {
  name: string;
  invitationId: string;
  met: boolean;
  areaChoices: Map<string, AreaChoice[]>;
};

export type SummaryFilter = { sector: string[]; reach: string[]; size: string[]; met: '' | 'yes' | 'no' };
export const NO_FILTER: SummaryFilter = { sector: [], reach: [], size: [], met: '' };

/** One computation of an exercise's market interest, used by every page and export. */
export function createScoringService(deps: { scoring: ScoringRepository; exercises: ExerciseService }) {
  /**
   * The providers in a segment with everything the model takes (for one invitation only with
   * `only`), and every invitation's id whatever the segment.
   */
  async function scoredProviders(
    exerciseId: string,
    options: { choices: boolean; filter?: SummaryFilter; only?: InvitationScope },
  ) {
    const exercise = await deps.exercises.find(exerciseId);
    const { only, filter = NO_FILTER } = options;
    const [areas, allInvitations, submissions, snapshots, ratings, metIds] = await Promise.all([
      deps.scoring.areas(exerciseId),
      deps.scoring.invitations(exerciseId, only),
      deps.scoring.latestSubmissions(exerciseId, options.choices, only),
      deps.scoring.snapshots(exerciseId),
      deps.scoring.meetingRatings(exerciseId, only),
      deps.scoring.metInvitations(exerciseId, only),
    ]);
    // Indexed once, so the summary stays linear in the number of providers.
    const met = new Set(metIds);
    const inputsByInvitation = await inputsOf(deps.scoring, submissions, snapshots);
    const ratingsByInvitation = new Map(
      ratings.map((row) => [row.invitationId, new Map(Object.entries(row.ratings))]),
    );
    const invitations = allInvitations.filter(
      (invitation) =>
        (filter.sector.length === 0 || filter.sector.includes(invitation.sector)) &&
        (filter.reach.length === 0 || filter.reach.includes(invitation.reach)) &&
        (filter.size.length === 0 || filter.size.includes(invitation.size)) &&
        (filter.met === '' || (filter.met === 'yes') === met.has(invitation.invitationId)),
    );
    const providers = invitations.map((invitation): ScoredProvider => {
      const submitted = inputsByInvitation.get(invitation.invitationId);
      const parsed = modelInputsFrom(submitted?.inputs ?? NO_INPUTS, submitted?.snapshot);
      const declined = invitation.status === 'declined';
      return {
        name: invitation.name,
        invitationId: invitation.invitationId,
        providerId: invitation.organisationId,
        sector: invitation.sector,
        reach: invitation.reach,
        size: invitation.size,
        outcome: declined ? 'declined' : submitted ? 'submitted' : 'awaiting',
        interest: parsed.interest,
        answers: parsed.answers,
        met: met.has(invitation.invitationId),
        areaChoices: parsed.choices,
        meetingRatings: ratingsByInvitation.get(invitation.invitationId) ?? new Map<string, number>(),
        notInterestedReasons: declined
          ? new Map(areas.map((area) => [area.id, invitation.declinedReasons]))
          : parsed.reasons,
      };
    });
    const invitationIds = allInvitations.map((invitation) => invitation.invitationId);
    return { exercise, areas, providers, invitationIds, snapshots };
  }

  return {
    /** The figures for an exercise, optionally for a segment of providers only (the same filter everywhere). */
    async summary(exerciseId: string, filter: SummaryFilter = NO_FILTER, options = { choices: false }) {
      const { exercise, areas, providers, invitationIds } = await scoredProviders(exerciseId, {
        ...options,
        filter,
      });
      const summaries = summarise(areas, providers, exercise);
      // Anonymous numbers run over every invitation, so a provider keeps its number in any segment.
      const anonymousNumbers = new Map(
        invitationIds.sort().map((invitationId, index) => [invitationId, index + 1]),
      );
      return { exercise, summaries, providers, anonymousNumbers, finding: finding(summaries) };
    },

    /**
     * One provider's figures for one area and the scored answers behind its Q, worked out for
     * that provider alone: a provider's scores do not depend on the others'.
     */
    async breakdown(exerciseId: string, areaId: string, invitationId: string) {
      if (!isUuid(invitationId)) throw new NotFoundError('Provider or service area not found');
      const { exercise, areas, providers, snapshots } = await scoredProviders(exerciseId, {
        choices: true,
        only: { invitationId },
      });
      const area = areas.find((candidate) => candidate.id === areaId);
      const provider = providers[0];
      if (!area || !provider) throw new NotFoundError('Provider or service area not found');
      const submission =
        provider.outcome === 'submitted' ? await deps.scoring.latestSubmission(invitationId) : undefined;
      const snapshot = submission && snapshots.get(submission.questionnaireVersion);
      return {
        exercise,
        area,
        provider,
        pair: pairOf(provider, areaId, exercise),
        answers: submission && snapshot ? scoredAnswersFor(submission, snapshot, areaId) : [],
      };
    },
  };
}

export type ScoringService = ReturnType<typeof createScoringService>;
