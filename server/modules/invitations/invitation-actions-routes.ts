import { Router, type Request, type Response } from 'express';
import { actorFrom } from '../../http/auth';
import { datePartsFrom, requiredDate, timeFrom } from '../../http/date-fields';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { londonTimeToDate, type DateParts } from '../../lib/dates';
import type { AuditService } from '../audit/audit-service';
import { canRead, canWrite, userErrorStatus } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import { STATUS_LABELS, STATUS_TAG_CLASSES } from './invitation-labels';
import { DECLINE_REASONS, reasonSchema, versionSchema } from './invitation-schemas';
import { deadlineOf, type InvitationService } from './invitation-service';

type WithInvitation = Request<{ id: string; invitationId: string }>;

/** One invitation: its contacts, reminders and history, and the chasing actions. */
export function createInvitationActionRoutes(deps: {
  exercises: ExerciseService;
  invitations: InvitationService;
  audit: AuditService;
}) {
  const router = Router();
  const path = (req: WithInvitation) => `/exercises/${req.params.id}/invitations/${req.params.invitationId}`;

  async function renderInvitation(
    req: WithInvitation,
    res: Response,
    errors: FormErrors,
    extend?: { deadline: DateParts; time: string; reason: string },
  ) {
    const exercise = await deps.exercises.find(req.params.id);
    const invitation = await deps.invitations.find(exercise.id, req.params.invitationId);
    res.renderPage('invitations/show', {
      title: invitation.organisationName,
      exercise,
      invitation,
      contacts: await deps.invitations.contactsOf(invitation.id),
      deadline: deadlineOf(invitation, exercise),
      history: await deps.audit.listForRecord('invitation', invitation.id),
      statusLabel: STATUS_LABELS[invitation.status],
      statusClass: STATUS_TAG_CLASSES[invitation.status],
      awaiting: ['invited', 'opened', 'in_progress'].includes(invitation.status),
      declineText: [
        ...invitation.declinedReasons.map(
          (code) => DECLINE_REASONS.find((r) => r.value === code)?.label ?? code,
        ),
        invitation.declinedReason,
      ]
        .filter(Boolean)
        .join('; '),
      canWrite: req.user?.role === 'staff' && exercise.status === 'open',
      extend: extend ?? { deadline: { day: '', month: '', year: '' }, time: '', reason: '' },
      errors,
    });
  }

  router.get('/exercises/:id/invitations/:invitationId', canRead, (req: WithInvitation, res) =>
    renderInvitation(req, res, NO_ERRORS),
  );

  async function act(req: WithInvitation, res: Response, field: string, action: () => Promise<void>) {
    try {
      await action();
      res.redirect(303, path(req));
    } catch (error) {
      res.status(userErrorStatus(error));
      await renderInvitation(req, res, fieldError(field, (error as Error).message));
    }
  }

  router.post('/exercises/:id/invitations/:invitationId/remind', canWrite, (req: WithInvitation, res) =>
    act(req, res, 'remind', () =>
      deps.invitations.remind(actorFrom(req), req.params.id, req.params.invitationId),
    ),
  );

  router.post(
    '/exercises/:id/invitations/:invitationId/withdraw',
    canWrite,
    async (req: WithInvitation, res) => {
      const parsed = versionSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400);
        await renderInvitation(req, res, formErrors(parsed.error, ['withdraw']));
        return;
      }
      await act(req, res, 'withdraw', () =>
        deps.invitations.withdraw(
          actorFrom(req),
          req.params.id,
          req.params.invitationId,
          parsed.data.version,
        ),
      );
    },
  );

  router.post(
    '/exercises/:id/invitations/:invitationId/extend',
    canWrite,
    async (req: WithInvitation, res) => {
      const typed = typedValues(req.body, ['time', 'reason'] as const);
      const extend = { deadline: datePartsFrom(req.body, 'deadline'), ...typed };
      const date = requiredDate(extend.deadline, 'The new deadline');
      const time = timeFrom(typed.time, 'The time of the new deadline');
      const parsed = reasonSchema.safeParse(req.body);
      if (date.error || time.error || !parsed.success) {
        const errors: FormErrors = parsed.success
          ? { list: [], byField: {} }
          : formErrors(parsed.error, ['reason']);
        if (date.error) errors.byField.deadline = date.error;
        if (time.error) errors.byField.time = time.error;
        errors.list = ['deadline', 'time', 'reason', 'version']
          .filter((f) => errors.byField[f])
          .map((f) => ({ text: errors.byField[f], href: `#${f}` }));
        res.status(400);
        await renderInvitation(req, res, errors, extend);
        return;
      }
      const until = londonTimeToDate(date.isoDate!, time.time!);
      try {
        await deps.invitations.extendDeadline(
          actorFrom(req),
          req.params.id,
          req.params.invitationId,
          parsed.data.version,
          until,
          parsed.data.reason,
        );
        res.redirect(303, path(req));
      } catch (error) {
        res.status(userErrorStatus(error));
        await renderInvitation(
          req,
          res,
          fieldError((error as { field?: string }).field ?? 'deadline', (error as Error).message),
          extend,
        );
      }
    },
  );

  return router;
}
