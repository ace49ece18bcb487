import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../../http/auth';
import { NotFoundError } from '../../lib/errors';
import type { MailService } from './mail-service';

const PAGE_SIZE = 50;

/** Development aid: with no SMTP server configured, staff read what the portal would have sent. */
export function createMailRoutes(deps: { mail: MailService }) {
  const router = Router();
  router.use('/emails', requireRole('admin', 'staff'));

  router.get('/emails', async (req, res) => {
    const page = z.coerce.number().int().min(1).max(100000).catch(1).parse(req.query.page);
    const { entries, total } = await deps.mail.list(page, PAGE_SIZE);
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    res.renderPage('mail/list', {
      title: 'Sent emails',
      entries,
      total,
      pagination: {
        previous: page > 1 ? { href: `/emails?page=${page - 1}` } : undefined,
        next: page < lastPage ? { href: `/emails?page=${page + 1}` } : undefined,
        items: [],
      },
    });
  });

  router.get('/emails/:id', async (req, res) => {
    const id = z.coerce.number().int().min(1).max(Number.MAX_SAFE_INTEGER).safeParse(req.params.id);
    const entry = id.success ? await deps.mail.find(id.data) : undefined;
    if (!entry) throw new NotFoundError('Email not found');
    // Links become clickable so a tester can follow an invitation straight from this page.
    const segments = entry.text.split(/(https?:\/\/[^\s]+)/);
    res.renderPage('mail/show', { title: entry.subject, entry, segments });
  });

  return router;
}
