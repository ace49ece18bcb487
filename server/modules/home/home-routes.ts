import { Router } from 'express';
import { HOME_BY_ROLE, requireRole, signedInUser } from '../../http/auth';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import type { OrganisationService } from '../providers/organisation-service';
import type { UserService } from '../users/user-service';

const LABELS = { sector: SECTOR_LABELS, reach: REACH_LABELS, size: SIZE_LABELS };

/** Each role lands on its own home page after signing in. */
export function createHomeRoutes(deps: { organisations: OrganisationService; users: UserService }) {
  const router = Router();

  router.get('/', (req, res) => {
    if (req.user) {
      res.redirect(303, HOME_BY_ROLE[req.user.role]);
      return;
    }
    res.renderPage('home/start', { title: 'Market testing' });
  });

  router.get('/admin', requireRole('admin'), async (_req, res) => {
    const users = await deps.users.list();
    const count = (status: string) => users.filter((user) => user.status === status).length;
    res.renderPage('home/admin', {
      title: 'Administration',
      counts: { active: count('active'), invited: count('invited'), disabled: count('disabled') },
    });
  });

  router.get('/staff', requireRole('staff'), async (_req, res) => {
    res.renderPage('home/staff', {
      title: 'Market testing',
      organisations: await deps.organisations.list(),
      labels: LABELS,
    });
  });

  router.get('/viewer', requireRole('viewer'), async (_req, res) => {
    res.renderPage('home/viewer', {
      title: 'Market testing',
      organisations: await deps.organisations.list(),
      labels: LABELS,
    });
  });

  router.get('/provider', requireRole('provider'), async (req, res) => {
    const user = signedInUser(req);
    const organisationId = user.organisationId ?? '';
    const [organisation, colleagues] = await Promise.all([
      deps.organisations.find(organisationId),
      deps.users.listByOrganisation(organisationId),
    ]);
    res.renderPage('home/provider', {
      title: organisation?.name ?? 'Your organisation',
      organisation,
      colleagues,
      labels: LABELS,
    });
  });

  return router;
}
