import { Router } from 'express';
import type { Knex } from 'knex';
import type { AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import { createQuestionRepository } from './question-repository';
import { createQuestionRoutes } from './question-routes';
import { createQuestionService } from './question-service';
import { createQuestionnairePageData } from './questionnaire-page-data';
import { createQuestionnaireRepository } from './questionnaire-repository';
import { createQuestionnaireRoutes } from './questionnaire-routes';
import { createQuestionnaireService, type PublishListener } from './questionnaire-service';
import { createSectionRoutes } from './section-routes';

/** The questionnaire builder's services: the working copy, its versions, and the page data. */
export function createQuestionnaireServices(deps: {
  db: Knex;
  audit: AuditService;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  onRepublished: PublishListener;
}) {
  const shared = {
    db: deps.db,
    audit: deps.audit,
    exercises: deps.exercises,
    questionnaires: createQuestionnaireRepository(deps.db),
    questions: createQuestionRepository(deps.db),
  };
  const questionnaires = createQuestionnaireService({ ...shared, onRepublished: deps.onRepublished });
  const questions = createQuestionService(shared);
  const questionnairePageData = createQuestionnairePageData({
    exercises: deps.exercises,
    areas: deps.areas,
    questionnaires,
  });
  // Named for the composition root, where other modules' services sit beside them.
  return { questionnaires, questionnaireQuestions: questions, questionnairePageData };
}

export type QuestionnaireServices = ReturnType<typeof createQuestionnaireServices>;

export function createQuestionnairesRouter(services: QuestionnaireServices & { exercises: ExerciseService }) {
  const deps = {
    exercises: services.exercises,
    questionnaires: services.questionnaires,
    questions: services.questionnaireQuestions,
    pageData: services.questionnairePageData,
  };
  const router = Router();
  router.use(createQuestionnaireRoutes(deps));
  router.use(createSectionRoutes(deps));
  router.use(createQuestionRoutes(deps));
  return router;
}
