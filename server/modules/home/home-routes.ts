import { Router, type Request, type Response } from 'express';
import type { ExerciseService } from '../exercises/exercise-service';
import { STATUS_LABELS } from '../exercises/exercise-rules';
import { HOME_BY_ROLE, requireRole, signedInUser } from '../../http/auth';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import type { OrganisationService } from '../providers/organisation-service';
import type { UserService } from '../users/user-service';

const LABELS = { sector: SECTOR_LABELS, reach: REACH_LABELS, size: SIZE_LABELS };

/** Each role lands on its own home page after signing in. */
export function createHomeRoutes(deps: {
  organisations: OrganisationService;
  users: UserService;
  exercises: ExerciseService;
}) {
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

  /** Staff and viewers start from the exercises that are running. */
  const exerciseHome = (view: string) => async (req: Request, res: Response) => {
    const all = await deps.exercises.list({});
    res.renderPage(view, {
      title: 'Market testing',
      running: all.filter((exercise) => exercise.status === 'open' || exercise.status === 'draft'),
      mine: all.filter((exercise) => exercise.ownerUserId === req.user?.id && exercise.status !== 'archived'),
      statusLabels: STATUS_LABELS,
    });
  };
  router.get('/staff', requireRole('staff'), exerciseHome('home/staff'));
  router.get('/viewer', requireRole('viewer'), exerciseHome('home/viewer'));

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
