import { Router } from 'express';
import { createContactRoutes } from './contact-routes';
import type { ContactService } from './contact-service';
import { createImportRoutes } from './import-routes';
import type { ImportService } from './import-service';
import { createOrganisationRoutes } from './organisation-routes';
import type { OrganisationService } from './organisation-service';

/** The provider registry under /providers. Imports first, so /providers/import is not read as an id. */
export function createProviderRoutes(deps: {
  organisations: OrganisationService;
  contacts: ContactService;
  imports: ImportService;
}) {
  const router = Router();
  router.use(createImportRoutes({ imports: deps.imports }));
  router.use(createOrganisationRoutes(deps));
  router.use(createContactRoutes(deps));
  return router;
}
