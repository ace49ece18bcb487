import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorFrom } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, type FormErrors } from '../../http/validation';
import { canRead, canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import type { ContactService } from '../providers/contact-service';
import type { OrganisationService } from '../providers/organisation-service';
import { INVITATION_STATUSES } from './invitation-repository';
import { chooseOrganisationsSchema, checkboxValues, sendSchema } from './invitation-schemas';
import type { InvitationService } from './invitation-service';
import { STATUS_LABELS, STATUS_TAG_CLASSES } from './invitation-labels';

type WithId = Request<{ id: string }>;
const LABELS = { sector: SECTOR_LABELS, reach: REACH_LABELS, size: SIZE_LABELS };

export function createInvitationRoutes(deps: {
  exercises: ExerciseService;
  invitations: InvitationService;
  organisations: OrganisationService;
  contacts: ContactService;
}) {
  const router = Router();

  router.get('/exercises/:id/invitations', canRead, async (req: WithId, res) => {
    const exercise = await deps.exercises.find(req.params.id);
    const status = z.enum(INVITATION_STATUSES).optional().catch(undefined).parse(req.query.status);
    const tracker = await deps.invitations.tracker(exercise.id, status);
    const notice =
      typeof req.query.sent === 'string' ? `Invitations sent: ${req.query.sent} new emails.` : undefined;
    res.renderPage('invitations/tracker', {
      title: 'Invitations',
      exercise,
      ...tracker,
      status: status ?? '',
      statusLabels: STATUS_LABELS,
      statusClasses: STATUS_TAG_CLASSES,
      canWrite: req.user?.role === 'staff' && exercise.status === 'open',
      notice,
    });
  });

  /** Step 1: choose providers, filtered by sector, reach and size. */
  async function renderChoose(req: WithId, res: Response, errors: FormErrors) {
    const exercise = await deps.exercises.find(req.params.id);
    const filter = {
      sector: checkboxValues.parse(req.query.sector).filter((v) => v in SECTOR_LABELS),
      reach: checkboxValues.parse(req.query.reach).filter((v) => v in REACH_LABELS),
      size: checkboxValues.parse(req.query.size).filter((v) => v in SIZE_LABELS),
      name: typeof req.query.name === 'string' ? req.query.name.trim().slice(0, 200) : '',
    };
    const invited = new Set(await deps.invitations.invitedOrganisationIds(exercise.id));
    const organisations = (await deps.organisations.list()).filter(
      (o) =>
        (filter.sector.length === 0 || filter.sector.includes(o.sector)) &&
        (filter.reach.length === 0 || filter.reach.includes(o.reach)) &&
        (filter.size.length === 0 || filter.size.includes(o.size)) &&
        o.name.toLowerCase().includes(filter.name.toLowerCase()),
    );
    const selectAll = req.query.selectAll === '1';
    const pairs: [string, string][] = [
      ...filter.sector.map((v): [string, string] => ['sector', v]),
      ...filter.reach.map((v): [string, string] => ['reach', v]),
      ...filter.size.map((v): [string, string] => ['size', v]),
      ...(filter.name ? [['name', filter.name] as [string, string]] : []),
      ['selectAll', '1'],
    ];
    const query = new URLSearchParams(pairs).toString();
    res.renderPage('invitations/choose', {
      title: 'Choose providers to invite',
      exercise,
      organisations: organisations.map((o) => ({ ...o, invited: invited.has(o.id) })),
      filter,
      labels: LABELS,
      selectAll,
      selectAllHref: `/exercises/${exercise.id}/invitations/new?${query}`,
      errors,
    });
  }

  router.get('/exercises/:id/invitations/new', canWrite, (req: WithId, res) =>
    renderChoose(req, res, NO_ERRORS),
  );

  /** Step 2: the contacts of each chosen provider, all ticked to start with. */
  async function renderContacts(
    res: Response,
    exerciseId: string,
    organisationIds: string[],
    chosen: string[] | null,
    errors: FormErrors,
  ) {
    const exercise = await deps.exercises.find(exerciseId);
    const organisations = await Promise.all(
      organisationIds.map(async (id) => ({
        organisation: await deps.organisations.find(id),
        contacts: await deps.contacts.listForOrganisation(id),
      })),
    );
    res.renderPage('invitations/contacts', {
      title: 'Choose who to email',
      exercise,
      organisations: organisations.filter((entry) => entry.organisation),
      chosen,
      errors,
    });
  }

  router.post('/exercises/:id/invitations/contacts', canWrite, async (req: WithId, res) => {
    const parsed = chooseOrganisationsSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderChoose(req, res, formErrors(parsed.error, ['organisationIds']));
      return;
    }
    await renderContacts(res, req.params.id, parsed.data.organisationIds, null, NO_ERRORS);
  });

  router.post('/exercises/:id/invitations', canWrite, async (req: WithId, res) => {
    const parsed = sendSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderChoose(req, res, formErrors(parsed.error, ['organisationIds', 'contacts']));
      return;
    }
    const pairs = parsed.data.contacts.map((value) => value.split(':'));
    const selections = parsed.data.organisationIds.map((organisationId) => ({
      organisationId,
      contactIds: pairs.filter(([org]) => org === organisationId).map(([, contact]) => contact),
    }));
    try {
      const { emailed } = await deps.invitations.send(actorFrom(req), req.params.id, selections);
      res.redirect(303, `/exercises/${req.params.id}/invitations?sent=${emailed}`);
    } catch (error) {
      res.status(userErrorStatus(error));
      const field = (error as { field?: string }).field ?? 'contacts';
      await renderContacts(
        res,
        req.params.id,
        parsed.data.organisationIds,
        parsed.data.contacts,
        fieldError(field, (error as Error).message),
      );
    }
  });

  return router;
}
