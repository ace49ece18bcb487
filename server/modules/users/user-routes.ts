import { Router, type Request, type Response } from 'express';
import { ConflictError, UserFacingError } from '../../lib/errors';
import { actorFrom, requireRole } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import type { OrganisationService } from '../providers/organisation-service';
import type { UserService } from './user-service';
import { changeRoleSchema, changeStatusSchema, inviteUserSchema, ROLE_LABELS } from './user-schemas';

const INVITE_FIELDS = ['name', 'email', 'role'] as const;

export function createUserRoutes(deps: { users: UserService; organisations: OrganisationService }) {
  const router = Router();
  router.use('/admin/users', requireRole('admin'));

  router.get('/admin/users', async (req, res) => {
    const users = await deps.users.list();
    const invited = typeof req.query.invited === 'string' ? req.query.invited : undefined;
    res.renderPage('admin/users', { title: 'Users', users, roleLabels: ROLE_LABELS, invited });
  });

  const renderInvite = (
    res: Response,
    values: Record<(typeof INVITE_FIELDS)[number], string>,
    errors: FormErrors,
  ) =>
    res.renderPage('admin/invite-user', { title: 'Invite a user', values, errors, roleLabels: ROLE_LABELS });

  router.get('/admin/users/invite', (_req, res) => {
    renderInvite(res, { name: '', email: '', role: '' }, NO_ERRORS);
  });

  router.post('/admin/users/invite', async (req, res) => {
    const values = typedValues(req.body, INVITE_FIELDS);
    const parsed = inviteUserSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      renderInvite(res, values, formErrors(parsed.error, [...INVITE_FIELDS]));
      return;
    }
    try {
      const user = await deps.users.invite(actorFrom(req), parsed.data);
      res.redirect(303, `/admin/users/${user.id}?invited=1`);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      res.status(400);
      renderInvite(res, values, fieldError(error.field ?? 'email', error.message));
    }
  });

  async function renderUser(
    req: Request<{ id: string }>,
    res: Response,
    errors: FormErrors,
    notice?: string,
  ) {
    const user = await deps.users.find(req.params.id);
    const organisation = user.organisationId ? await deps.organisations.find(user.organisationId) : undefined;
    res.renderPage('admin/user', {
      title: user.name,
      user,
      organisation,
      roleLabels: ROLE_LABELS,
      isSelf: user.id === req.user?.id,
      errors,
      notice,
    });
  }

  router.get('/admin/users/:id', async (req, res) => {
    const notice =
      req.query.invited === '1'
        ? 'Invitation sent. The link in the email works once and expires in 7 days.'
        : req.query.updated === '1'
          ? 'User updated.'
          : undefined;
    await renderUser(req, res, NO_ERRORS, notice);
  });

  async function applyChange(
    req: Request<{ id: string }>,
    res: Response,
    change: () => Promise<void>,
    field: string,
  ) {
    try {
      await change();
      res.redirect(303, `/admin/users/${req.params.id}?updated=1`);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      res.status(error instanceof ConflictError ? 409 : 400);
      await renderUser(req, res, fieldError(error.field ?? field, error.message));
    }
  }

  router.post('/admin/users/:id/role', async (req, res) => {
    const parsed = changeRoleSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderUser(req, res, formErrors(parsed.error, ['role']));
      return;
    }
    const { role, version } = parsed.data;
    await applyChange(
      req,
      res,
      () => deps.users.changeRole(actorFrom(req), req.params.id, version, role),
      'role',
    );
  });

  router.post('/admin/users/:id/status', async (req, res) => {
    const parsed = changeStatusSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      await renderUser(req, res, formErrors(parsed.error, ['status']));
      return;
    }
    const { status, version } = parsed.data;
    await applyChange(
      req,
      res,
      () => deps.users.setStatus(actorFrom(req), req.params.id, version, status),
      'status',
    );
  });

  router.post('/admin/users/:id/resend-invitation', async (req, res) => {
    await applyChange(req, res, () => deps.users.resendInvitation(actorFrom(req), req.params.id), 'status');
  });

  return router;
}
