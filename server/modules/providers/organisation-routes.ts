import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { actorFrom, requireRole } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { ConflictError, UserFacingError } from '../../lib/errors';
import type { ContactService } from './contact-service';
import { criteriaFrom, hrefFor, isFiltered, lastPageOf, paginationFor } from './organisation-list-query';
import { historyRows } from './organisation-history';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS, type Organisation } from './organisation-repository';
import {
  creationKeySchema,
  ORGANISATION_FIELDS,
  organisationSchema,
  providerOrganisationSchema,
  versionSchema,
} from './organisation-schemas';
import type { OrganisationService } from './organisation-service';
import {
  ANY_ROLE,
  EDITORS,
  isManager,
  MANAGERS,
  noticeFrom,
  paramOf,
  READERS,
  viewerFrom,
} from './provider-access';

export const LABELS = { sector: SECTOR_LABELS, reach: REACH_LABELS, size: SIZE_LABELS };
type Values = Record<(typeof ORGANISATION_FIELDS)[number], string>;

const valuesOf = (organisation: Organisation): Values =>
  Object.fromEntries(
    ORGANISATION_FIELDS.map((field) => [field, organisation[field] ?? '']),
  ) as unknown as Values;

export function createOrganisationRoutes(deps: {
  organisations: OrganisationService;
  contacts: ContactService;
}) {
  const router = Router();
  const { organisations } = deps;

  router.get('/providers', requireRole(...READERS), async (req, res) => {
    const criteria = criteriaFrom(req.query);
    let result = await organisations.search(criteria);
    if (result.organisations.length === 0 && criteria.page > lastPageOf(result.total)) {
      criteria.page = lastPageOf(result.total);
      result = await organisations.search(criteria);
    }
    res.renderPage('providers/list', {
      title: 'Provider organisations',
      ...result,
      criteria,
      filtered: isFiltered(criteria),
      pagination: paginationFor(criteria, result.total),
      clearHref: hrefFor({ ...criteria, q: '', sectors: [], reaches: [], sizes: [] }, 1),
      canManage: isManager(req),
      labels: LABELS,
    });
  });

  function renderForm(
    req: Request,
    res: Response,
    locals: { organisation?: Organisation; values: Values; errors: FormErrors } & Record<string, unknown>,
  ) {
    const { organisation } = locals;
    res.renderPage('providers/organisation-form', {
      title: organisation ? `Change ${organisation.name}` : 'Add an organisation',
      action: organisation ? `/providers/${organisation.id}` : '/providers',
      backHref: organisation ? `/providers/${organisation.id}` : '/providers',
      isStaff: isManager(req),
      labels: LABELS,
      duplicates: [],
      ...locals,
    });
  }

  router.get('/providers/new', requireRole(...MANAGERS), (req, res) => {
    const values = typedValues({}, ORGANISATION_FIELDS);
    renderForm(req, res, { values, errors: NO_ERRORS, creationKey: randomUUID() });
  });

  router.post('/providers', requireRole(...MANAGERS), async (req, res) => {
    const values = typedValues(req.body, ORGANISATION_FIELDS);
    const key = creationKeySchema.safeParse(req.body);
    const creationKey = key.success ? key.data.creationKey : randomUUID();
    const parsed = organisationSchema.safeParse(req.body);
    if (!parsed.success) {
      res.status(400);
      renderForm(req, res, {
        values,
        creationKey,
        errors: formErrors(parsed.error, [...ORGANISATION_FIELDS]),
      });
      return;
    }
    try {
      const result = await organisations.create(actorFrom(req), parsed.data, {
        creationKey,
        allowLikelyDuplicates: key.success && key.data.confirmDuplicate === 'yes',
      });
      if ('duplicates' in result) {
        renderForm(req, res, { values, creationKey, errors: NO_ERRORS, duplicates: result.duplicates });
        return;
      }
      res.redirect(303, `/providers/${result.created.id}?done=created`);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      res.status(400);
      renderForm(req, res, { values, creationKey, errors: fieldError(error.field ?? 'name', error.message) });
    }
  });

  router.get('/providers/:id', requireRole(...ANY_ROLE), async (req, res) => {
    const viewer = viewerFrom(req);
    const organisation = await organisations.findVisible(viewer, paramOf(req, 'id'));
    const isProvider = viewer.role === 'provider';
    res.renderPage('providers/organisation', {
      title: organisation.name,
      organisation,
      contacts: await deps.contacts.listForOrganisation(organisation.id),
      // Providers see neither staff notes nor who in the council changed what.
      history: isProvider ? [] : historyRows(await organisations.history(organisation.id)),
      showInternal: !isProvider,
      canEdit: viewer.role !== 'viewer',
      canManage: isManager(req),
      labels: LABELS,
      notice: noticeFrom(req.query),
    });
  });

  router.get('/providers/:id/edit', requireRole(...EDITORS), async (req, res) => {
    const organisation = await organisations.findVisible(viewerFrom(req), paramOf(req, 'id'));
    renderForm(req, res, {
      organisation,
      values: valuesOf(organisation),
      version: organisation.version,
      errors: NO_ERRORS,
    });
  });

  router.post('/providers/:id', requireRole(...EDITORS), async (req, res) => {
    const organisation = await organisations.findVisible(viewerFrom(req), paramOf(req, 'id'));
    const values = typedValues(req.body, ORGANISATION_FIELDS);
    const schema = isManager(req) ? organisationSchema : providerOrganisationSchema;
    const parsed = schema.safeParse(req.body);
    const version = versionSchema.safeParse(req.body);
    const fail = (status: number, errors: FormErrors, saved?: Organisation) => {
      res.status(status);
      const current = saved ?? organisation;
      renderForm(req, res, { organisation: current, values, version: current.version, errors, saved });
    };
    if (!parsed.success) return fail(400, formErrors(parsed.error, [...ORGANISATION_FIELDS]));
    if (!version.success) return fail(400, fieldError('organisation-form', 'Reload the page and try again'));
    try {
      await organisations.update(actorFrom(req), organisation.id, version.data.version, parsed.data);
      res.redirect(303, `/providers/${organisation.id}?done=updated`);
    } catch (error) {
      if (error instanceof ConflictError) {
        const saved = await organisations.findVisible(viewerFrom(req), organisation.id);
        return fail(409, fieldError('organisation-form', error.message), saved);
      }
      if (!(error instanceof UserFacingError)) throw error;
      fail(400, fieldError(error.field ?? 'name', error.message));
    }
  });

  return router;
}
