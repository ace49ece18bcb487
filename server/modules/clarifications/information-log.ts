import { Router, type Request } from 'express';
import { canRead } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { QuestionnaireService } from '../questionnaires/questionnaire-service';
import type { ClarificationService } from './clarification-service';

type Entry = { at: Date; what: string; to: string; detail: string };

/**
 * Equal treatment, shown: every piece of information the council gave providers during the
 * exercise, when, and to whom (everyone invited, or one provider privately).
 */
export function createInformationLogRoutes(deps: {
  exercises: ExerciseService;
  areas: ServiceAreaService;
  questionnaires: QuestionnaireService;
  clarifications: ClarificationService;
}) {
  const router = Router();

  router.get('/exercises/:id/information-log', canRead, async (req: Request<{ id: string }>, res) => {
    const exercise = await deps.exercises.find(req.params.id);
    const questionnaire = await deps.questionnaires.find(exercise.id);
    const [clarifications, scopeChanges, versions] = await Promise.all([
      deps.clarifications.listForStaff(exercise.id),
      deps.areas.scopeChanges(exercise.id),
      questionnaire ? deps.questionnaires.versions(questionnaire.id) : Promise.resolve([]),
    ]);
    const entries: Entry[] = [
      ...clarifications
        .filter((c) => c.answeredAt)
        .map((c) => ({
          at: c.answeredAt!,
          what: 'Clarification answered',
          to:
            c.visibility === 'all'
              ? 'Every invited provider (asker not named)'
              : `${c.organisationName ?? 'The asker'} only`,
          detail: c.visibility === 'all' ? (c.publishedQuestion ?? c.question) : c.question,
        })),
      ...scopeChanges.map((change) => ({
        at: change.changedAt,
        what: 'Scope change',
        to: 'Every invited provider',
        detail: `${change.areaName} added. ${change.reason}`,
      })),
      ...versions.map((version) => ({
        at: version.publishedAt,
        what: `Questionnaire version ${version.number} published`,
        to:
          version.number === 1
            ? 'Every invited provider'
            : 'Every invited provider; those who had answered were told what changed',
        detail: `${version.changeSummary.added.length} added, ${version.changeSummary.changed.length} changed, ${version.changeSummary.removed.length} removed`,
      })),
    ].sort((a, b) => a.at.getTime() - b.at.getTime());
    res.renderPage('clarifications/information-log', {
      title: 'Information given to providers',
      exercise,
      entries,
    });
  });

  return router;
}
