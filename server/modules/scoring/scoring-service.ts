import type { ExerciseService } from '../exercises/exercise-service';
import type { Snapshot } from '../questionnaires/questionnaire-structure';
import { optionsOf, type QuestionType } from '../questionnaires/question-types';
import { NotFoundError } from '../../lib/errors';
import { answerScore, scoredAnswersFor } from './answer-scores';
import { finding, summarise, type ProviderInput, type ScoredAnswer } from './scoring-model';
import type { ScoringRepository, SubmissionRow } from './scoring-repository';

const CHOICE_TYPES: QuestionType[] = ['single_choice', 'multiple_choice'];

/** A per-area choice answer, such as the delivery models a provider would consider for an area. */
export type AreaChoice = { question: string; labels: string[] };

function providerAnswers(submission: SubmissionRow | undefined, snapshot: Snapshot | undefined) {
  const interest = new Map<string, number>();
  const reasons = new Map<string, string[]>();
  const choices = new Map<string, AreaChoice[]>();
  const answers: ScoredAnswer[] = [];
  if (!submission || !snapshot) return { interest, reasons, choices, answers };
  const questions = new Map(snapshot.sections.flatMap((section) => section.questions).map((q) => [q.id, q]));
  for (const answer of submission.answers) {
    const question = questions.get(answer.questionId);
    if (!question || answer.value === null) continue;
    if (question.type === 'interest_matrix' && answer.areaId)
      interest.set(answer.areaId, Number(answer.value));
    else if (question.type === 'not_interested_reasons' && answer.areaId) {
      reasons.set(answer.areaId, Array.isArray(answer.value) ? answer.value : [answer.value]);
    } else {
      const score = answerScore(question, answer.value);
      if (score !== undefined) answers.push({ areaId: answer.areaId, weight: question.weight, score });
      if (answer.areaId && CHOICE_TYPES.includes(question.type)) {
        const chosen = Array.isArray(answer.value) ? answer.value : [answer.value];
        const labels = optionsOf(question)
          .filter((option) => chosen.includes(option.value))
          .map((option) => option.label);
        choices.set(answer.areaId, [
          ...(choices.get(answer.areaId) ?? []),
          { question: question.label, labels },
        ]);
      }
    }
  }
  return { interest, reasons, choices, answers };
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
  return {
    /** The figures for an exercise, optionally for a segment of providers only (the same filter everywhere). */
    async summary(exerciseId: string, filter: SummaryFilter = NO_FILTER) {
      const exercise = await deps.exercises.find(exerciseId);
      const [areas, allInvitations, submissions, snapshots, ratings, metIds] = await Promise.all([
        deps.scoring.areas(exerciseId),
        deps.scoring.invitations(exerciseId),
        deps.scoring.latestSubmissions(exerciseId),
        deps.scoring.snapshots(exerciseId),
        deps.scoring.meetingRatings(exerciseId),
        deps.scoring.metInvitations(exerciseId),
      ]);
      // Indexed once, so the summary stays linear in the number of providers.
      const met = new Set(metIds);
      const submissionByInvitation = new Map(submissions.map((s) => [s.invitationId, s]));
      const ratingsByInvitation = new Map<string, Map<string, number>>();
      for (const { invitationId, areaId, rating } of ratings) {
        ratingsByInvitation.set(
          invitationId,
          (ratingsByInvitation.get(invitationId) ?? new Map<string, number>()).set(areaId, rating),
        );
      }
      const invitations = allInvitations.filter(
        (invitation) =>
          (filter.sector.length === 0 || filter.sector.includes(invitation.sector)) &&
          (filter.reach.length === 0 || filter.reach.includes(invitation.reach)) &&
          (filter.size.length === 0 || filter.size.includes(invitation.size)) &&
          (filter.met === '' || (filter.met === 'yes') === met.has(invitation.invitationId)),
      );
      const providers: ScoredProvider[] = invitations.map((invitation) => {
        const submission = submissionByInvitation.get(invitation.invitationId);
        const parsed = providerAnswers(
          submission,
          submission && snapshots.get(submission.questionnaireVersion),
        );
        const declined = invitation.status === 'declined';
        return {
          name: invitation.name,
          invitationId: invitation.invitationId,
          providerId: invitation.organisationId,
          sector: invitation.sector,
          reach: invitation.reach,
          size: invitation.size,
          outcome: declined ? 'declined' : submission ? 'submitted' : 'awaiting',
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
      const summaries = summarise(areas, providers, exercise);
      return { exercise, summaries, providers, finding: finding(summaries) };
    },

    /** One provider's figures for one area and the scored answers behind its Q. */
    async breakdown(exerciseId: string, areaId: string, invitationId: string) {
      const data = await this.summary(exerciseId);
      const summary = data.summaries.find((candidate) => candidate.areaId === areaId);
      const provider = data.providers.find((candidate) => candidate.invitationId === invitationId);
      const pair = summary?.pairs.find((candidate) => candidate.providerId === provider?.providerId);
      if (!summary || !provider) throw new NotFoundError('Provider or service area not found');
      const submission =
        provider.outcome === 'submitted' ? await deps.scoring.latestSubmission(invitationId) : undefined;
      const snapshot =
        submission && (await deps.scoring.snapshots(exerciseId)).get(submission.questionnaireVersion);
      return {
        exercise: data.exercise,
        summary,
        provider,
        pair,
        answers: submission && snapshot ? scoredAnswersFor(submission, snapshot, areaId) : [],
      };
    },
  };
}

export type ScoringService = ReturnType<typeof createScoringService>;
