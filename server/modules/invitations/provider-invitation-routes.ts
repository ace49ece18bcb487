import { Router, type Request, type Response } from 'express';
import { actorFrom, requireRole, signedInUser } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { userErrorStatus } from '../exercises/exercise-routes';
import { STATUS_LABELS, STATUS_TAG_CLASSES } from './invitation-labels';
import { checkboxValues, DECLINE_REASONS, declineSchema } from './invitation-schemas';
import type { ProviderInvitationService } from './provider-invitation-service';

type WithId = Request<{ id: string }>;

/** The provider's side: the exercises its organisation is invited to. */
export function createProviderInvitationRoutes(deps: {
  providerInvitations: ProviderInvitationService;
  questionnaires: { latestPublished(exerciseId: string): Promise<unknown> };
}) {
  const router = Router();
  const provider = requireRole('provider');

  router.get('/provider/exercises', provider, async (req, res) => {
    res.renderPage('invitations/provider-list', {
      title: 'Market testing exercises',
      entries: await deps.providerInvitations.list(signedInUser(req)),
      statusLabels: STATUS_LABELS,
      statusClasses: STATUS_TAG_CLASSES,
    });
  });

  router.get('/provider/exercises/:id', provider, async (req: WithId, res) => {
    const page = await deps.providerInvitations.open(actorFrom(req), signedInUser(req), req.params.id);
    res.renderPage('invitations/provider-exercise', {
      title: page.exercise.title,
      ...page,
      statusLabel: STATUS_LABELS[page.invitation.status],
      statusClass: STATUS_TAG_CLASSES[page.invitation.status],
      canDecline: ['invited', 'opened', 'in_progress'].includes(page.invitation.status),
      questionnairePublished: Boolean(await deps.questionnaires.latestPublished(req.params.id)),
    });
  });

  const renderDecline = async (
    req: WithId,
    res: Response,
    values: { reason: string; reasons: string[] },
    errors: FormErrors,
  ) => {
    const page = await deps.providerInvitations.open(actorFrom(req), signedInUser(req), req.params.id);
    res.renderPage('invitations/provider-decline', {
      title: 'Decline this invitation',
      ...page,
      values,
      errors,
      reasonOptions: DECLINE_REASONS,
    });
  };

  router.get('/provider/exercises/:id/decline', provider, (req: WithId, res) =>
    renderDecline(req, res, { reason: '', reasons: [] }, NO_ERRORS),
  );

  router.post('/provider/exercises/:id/decline', provider, async (req: WithId, res) => {
    const values = {
      ...typedValues(req.body, ['reason'] as const),
      reasons: checkboxValues.catch([]).parse((req.body as { reasons?: unknown }).reasons),
    };
    const parsed = declineSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderDecline(req, res, values, formErrors(parsed.error, ['reasons', 'reason']));
      return;
    }
    try {
      await deps.providerInvitations.decline(
        actorFrom(req),
        signedInUser(req),
        req.params.id,
        parsed.data.version,
        parsed.data.reasons,
        parsed.data.reason,
      );
      res.redirect(303, `/provider/exercises/${req.params.id}`);
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderDecline(req, res, values, fieldError('reason', (error as Error).message));
    }
  });

  return router;
}
