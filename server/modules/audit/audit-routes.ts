import { Router } from 'express';
import { z } from 'zod';
import { requireRole } from '../../http/auth';
import type { AuditService } from './audit-service';

const PAGE_SIZE = 50;

const filterSchema = z.object({
  action: z.string().max(100).optional().catch(undefined),
  actor: z.string().max(254).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(100000).catch(1),
});

export function createAuditRoutes(deps: { audit: AuditService }) {
  const router = Router();

  router.get('/admin/audit', requireRole('admin'), async (req, res) => {
    const { action, actor, page } = filterSchema.parse(req.query);
    const filter = { action: action || undefined, actor: actor?.trim() || undefined };
    const [{ events, total }, actions] = await Promise.all([
      deps.audit.list(filter, page, PAGE_SIZE),
      deps.audit.actions(),
    ]);
    const lastPage = Math.max(1, Math.ceil(total / PAGE_SIZE));
    const query = (target: number) =>
      `/admin/audit?${new URLSearchParams({ ...(filter.action ? { action: filter.action } : {}), ...(filter.actor ? { actor: filter.actor } : {}), page: String(target) }).toString()}`;
    res.renderPage('admin/audit', {
      title: 'Audit log',
      events,
      total,
      actions,
      filter: { action: filter.action ?? '', actor: filter.actor ?? '' },
      pagination: {
        previous: page > 1 ? { href: query(page - 1) } : undefined,
        next: page < lastPage ? { href: query(page + 1) } : undefined,
        items: lastPage > 1 ? [{ number: page, href: query(page), current: true }] : [],
      },
      page,
      lastPage,
    });
  });

  return router;
}
