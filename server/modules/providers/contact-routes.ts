import { randomUUID } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import { z } from 'zod';
import { actorFrom, requireRole } from '../../http/auth';
import { fieldError, formErrors, NO_ERRORS, typedValues, type FormErrors } from '../../http/validation';
import { ConflictError, UserFacingError } from '../../lib/errors';
import type { Contact } from './contact-repository';
import { CONTACT_FIELDS, contactSchema } from './contact-schemas';
import type { ContactService } from './contact-service';
import type { Organisation } from './organisation-repository';
import { creationKeySchema, versionSchema } from './organisation-schemas';
import type { OrganisationService } from './organisation-service';
import { EDITORS, MANAGERS, paramOf, viewerFrom } from './provider-access';

type Values = Record<(typeof CONTACT_FIELDS)[number], string>;

const valuesOf = (contact: Contact): Values => ({
  name: contact.name,
  jobRole: contact.jobRole ?? '',
  email: contact.email,
  phone: contact.phone ?? '',
});

/** Contacts live under their organisation's URL; every lookup goes through the organisation. */
export function createContactRoutes(deps: { organisations: OrganisationService; contacts: ContactService }) {
  const router = Router();
  const { contacts } = deps;
  const organisationFor = (req: Request) =>
    deps.organisations.findVisible(viewerFrom(req), paramOf(req, 'id'));
  const pageOf = (organisation: Organisation) => `/providers/${organisation.id}`;

  function renderForm(
    res: Response,
    organisation: Organisation,
    locals: { contact?: Contact; values: Values; errors: FormErrors } & Record<string, unknown>,
  ) {
    const { contact } = locals;
    res.renderPage('providers/contact-form', {
      title: contact ? `Change ${contact.name}` : 'Add a contact',
      organisation,
      action: contact ? `${pageOf(organisation)}/contacts/${contact.id}` : `${pageOf(organisation)}/contacts`,
      ...locals,
    });
  }

  router.get('/providers/:id/contacts/new', requireRole(...EDITORS), async (req, res) => {
    const organisation = await organisationFor(req);
    const values = typedValues({}, CONTACT_FIELDS);
    renderForm(res, organisation, { values, errors: NO_ERRORS, creationKey: randomUUID() });
  });

  router.post('/providers/:id/contacts', requireRole(...EDITORS), async (req, res) => {
    const organisation = await organisationFor(req);
    const values = typedValues(req.body, CONTACT_FIELDS);
    const key = creationKeySchema.safeParse(req.body);
    const creationKey = key.success ? key.data.creationKey : randomUUID();
    const parsed = contactSchema.safeParse(req.body);
    try {
      if (!parsed.success) throw parsed.error;
      await contacts.add(actorFrom(req), organisation.id, parsed.data, creationKey);
      res.redirect(303, `${pageOf(organisation)}?done=contact-added`);
    } catch (error) {
      const errors = formErrorsOf(error);
      res.status(400);
      renderForm(res, organisation, { values, errors, creationKey });
    }
  });

  router.get('/providers/:id/contacts/:contactId/edit', requireRole(...EDITORS), async (req, res) => {
    const organisation = await organisationFor(req);
    const contact = await contacts.find(organisation.id, paramOf(req, 'contactId'));
    renderForm(res, organisation, { contact, values: valuesOf(contact), errors: NO_ERRORS });
  });

  router.post('/providers/:id/contacts/:contactId', requireRole(...EDITORS), async (req, res) => {
    const organisation = await organisationFor(req);
    const contact = await contacts.find(organisation.id, paramOf(req, 'contactId'));
    const values = typedValues(req.body, CONTACT_FIELDS);
    try {
      const parsed = contactSchema.safeParse(req.body);
      if (!parsed.success) throw parsed.error;
      const version = versionSchema.safeParse(req.body);
      if (!version.success) throw new UserFacingError('Reload the page and try again', 'name');
      await contacts.update(actorFrom(req), organisation.id, contact.id, version.data.version, parsed.data);
      res.redirect(303, `${pageOf(organisation)}?done=contact-updated`);
    } catch (error) {
      const errors = formErrorsOf(error);
      // After a conflict the form carries the saved version, so saving again is a deliberate overwrite.
      const saved =
        error instanceof ConflictError ? await contacts.find(organisation.id, contact.id) : contact;
      res.status(error instanceof ConflictError ? 409 : 400);
      renderForm(res, organisation, {
        contact: saved,
        values,
        errors,
        saved: error instanceof ConflictError,
      });
    }
  });

  router.get('/providers/:id/contacts/:contactId/remove', requireRole(...EDITORS), async (req, res) => {
    const organisation = await organisationFor(req);
    const contact = await contacts.find(organisation.id, paramOf(req, 'contactId'));
    res.renderPage('providers/contact-remove', { title: `Remove ${contact.name}?`, organisation, contact });
  });

  router.post('/providers/:id/contacts/:contactId/remove', requireRole(...EDITORS), async (req, res) => {
    const organisation = await organisationFor(req);
    await contacts.remove(actorFrom(req), organisation.id, paramOf(req, 'contactId'));
    res.redirect(303, `${pageOf(organisation)}?done=contact-removed`);
  });

  const renderAccount = async (req: Request, res: Response, errors: FormErrors) => {
    const organisation = await organisationFor(req);
    const contact = await contacts.find(organisation.id, paramOf(req, 'contactId'));
    res.renderPage('providers/contact-account', {
      title: `Give ${contact.name} a provider account`,
      organisation,
      contact,
      errors,
    });
  };

  router.get('/providers/:id/contacts/:contactId/account', requireRole(...MANAGERS), async (req, res) => {
    await renderAccount(req, res, NO_ERRORS);
  });

  router.post('/providers/:id/contacts/:contactId/account', requireRole(...MANAGERS), async (req, res) => {
    const organisation = await organisationFor(req);
    try {
      const outcome = await contacts.giveAccount(actorFrom(req), organisation.id, paramOf(req, 'contactId'));
      res.redirect(303, `${pageOf(organisation)}?done=account-${outcome}`);
    } catch (error) {
      if (!(error instanceof UserFacingError)) throw error;
      res.status(400);
      await renderAccount(req, res, fieldError('account', error.message));
    }
  });

  return router;
}

function formErrorsOf(error: unknown): FormErrors {
  if (error instanceof UserFacingError) return fieldError(error.field ?? 'name', error.message);
  if (error instanceof z.ZodError) return formErrors(error, [...CONTACT_FIELDS]);
  throw error;
}
