import { NotFoundError } from '../../lib/errors';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import { deadlineOf } from '../invitations/invitation-service';
import type { ProviderInvitationService, ProviderUser } from '../invitations/provider-invitation-service';
import type { QuestionnaireService } from '../questionnaires/questionnaire-service';
import { answerKey, itemsFor, type Area, type SavedAnswers } from './answer-items';
import type { ResponseRepository } from './response-repository';

const AMENDABLE = ['invited', 'opened', 'in_progress', 'submitted'];

/** Whether the provider may still change its answers: the exercise open, the invitation live, before the deadline. */
export function isAmendable(exerciseStatus: string, invitationStatus: string, deadline: Date | null) {
  return (
    exerciseStatus === 'open' && AMENDABLE.includes(invitationStatus) && (!deadline || deadline > new Date())
  );
}

/** Reads a provider's response with everything its pages need, scoped to its own organisation. */
export function createResponseLoader(deps: {
  responses: ResponseRepository;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  questionnaires: QuestionnaireService;
  providerInvitations: ProviderInvitationService;
}) {
  const { responses } = deps;

  async function load(user: ProviderUser, exerciseId: string) {
    // The invitation first: it proves the provider may see this exercise at all.
    const invitation = await deps.providerInvitations.findOwn(user, exerciseId);
    const [exercise, published, tree, response] = await Promise.all([
      deps.exercises.find(exerciseId),
      deps.questionnaires.latestPublished(exerciseId),
      deps.areas.tree(exerciseId),
      responses.findByInvitation(invitation.id),
    ]);
    if (!published) throw new NotFoundError('The questionnaire has not been published yet');
    const areas: Area[] = tree
      .filter((area) => area.status === 'active')
      .map((area) => ({ id: area.id, name: area.name }));
    const [answers, progress] = response
      ? await Promise.all([responses.answers(response.id), responses.progress(response.id)])
      : [[], []];
    const saved: SavedAnswers = new Map(answers.map((a) => [answerKey(a.questionId, a.areaId), a.value]));
    const deadline = deadlineOf(invitation, exercise);
    const open = isAmendable(exercise.status, invitation.status, deadline);
    return {
      invitation,
      exercise,
      snapshot: published.snapshot,
      questionnaireVersion: published.number,
      areas,
      response,
      saved,
      progress,
      deadline,
      open,
    };
  }

  /** Sections with what is missing, for the check-your-answers page and for submitting. */
  async function review(user: ProviderUser, exerciseId: string) {
    const context = await load(user, exerciseId);
    const sections = context.snapshot.sections.map((section) => {
      const items = itemsFor(section, context.snapshot, context.areas, context.saved);
      const missing = items.filter(
        (item) => item.question.required && (context.saved.get(item.key) ?? null) === null,
      );
      return {
        section,
        items,
        missing,
        status: context.progress.find((p) => p.sectionId === section.id)?.status ?? 'not_started',
      };
    });
    return { ...context, sections };
  }

  return { load, review };
}

export type ResponseLoader = ReturnType<typeof createResponseLoader>;
