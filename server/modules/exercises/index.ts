import { Router } from 'express';
import type { Knex } from 'knex';
import type { AuditService } from '../audit/audit-service';
import type { OrganisationService } from '../providers/organisation-service';
import { createEngagementRepository } from './engagement-repository';
import { createEngagementRoutes } from './engagement-routes';
import { createEngagementService } from './engagement-service';
import { createExercisePageData } from './exercise-page-data';
import { createExerciseRepository } from './exercise-repository';
import { createExerciseRoutes } from './exercise-routes';
import { createExerciseService } from './exercise-service';
import { createExerciseSettingsRoutes } from './exercise-settings-routes';
import { createRetentionRoutes } from './retention-routes';
import { createServiceAreaRepository } from './service-area-repository';
import { createServiceAreaRoutes } from './service-area-routes';
import { createServiceAreaService, type ScopeChangeListener } from './service-area-service';

/** The exercises module's services, built from its repositories. */
export function createExerciseServices(deps: {
  db: Knex;
  audit: AuditService;
  organisations: OrganisationService;
  onScopeChange: ScopeChangeListener;
}) {
  const exerciseRepository = createExerciseRepository(deps.db);
  const areaRepository = createServiceAreaRepository(deps.db);
  const shared = { db: deps.db, exercises: exerciseRepository, audit: deps.audit };
  const exercises = createExerciseService({ ...shared, areas: areaRepository });
  const areas = createServiceAreaService({
    ...shared,
    areas: areaRepository,
    onScopeChange: deps.onScopeChange,
  });
  const engagement = createEngagementService({
    ...shared,
    engagement: createEngagementRepository(deps.db),
    organisations: deps.organisations,
  });
  return { exercises, areas, engagement, pageData: createExercisePageData({ exercises, areas, engagement }) };
}

export type ExerciseServices = ReturnType<typeof createExerciseServices>;

export function createExercisesRouter(services: ExerciseServices & { organisations: OrganisationService }) {
  const router = Router();
  router.use(createExerciseRoutes({ exercises: services.exercises, pageData: services.pageData }));
  router.use(createExerciseSettingsRoutes({ exercises: services.exercises }));
  router.use(createRetentionRoutes({ exercises: services.exercises }));
  router.use(createServiceAreaRoutes({ exercises: services.exercises, areas: services.areas }));
  router.use(
    createEngagementRoutes({
      exercises: services.exercises,
      engagement: services.engagement,
      organisations: services.organisations,
    }),
  );
  return router;
}
