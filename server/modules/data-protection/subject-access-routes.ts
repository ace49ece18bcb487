import { Router, type Request } from 'express';
import { actorFrom, requireRole } from '../../http/auth';
import type { SubjectAccessService } from './subject-access-service';

/**
 * Administrators only: the export gathers more about a person than any one page shows staff
 * (their audit trail with IP addresses, every email sent to them).
 */
export function createSubjectAccessRoutes(deps: { subjectAccess: SubjectAccessService }) {
  const router = Router();
  type Params = Request<{ id: string; contactId: string }>;

  router.get(
    '/providers/:id/contacts/:contactId/data.json',
    requireRole('admin'),
    async (req: Params, res) => {
      const data = await deps.subjectAccess.exportContact(
        actorFrom(req),
        req.params.id,
        req.params.contactId,
      );
      res.set({
        'Content-Disposition': `attachment; filename="contact-${data.contact.id}.json"`,
        'X-Content-Type-Options': 'nosniff',
      });
      res.type('application/json').send(JSON.stringify(data, null, 2));
    },
  );

  return router;
}
