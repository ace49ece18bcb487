import { Router, type Request } from 'express';
import { NotFoundError } from '../../lib/errors';
import type { Knex } from 'knex';
import { canRead } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import type { AuditService } from '../audit/audit-service';
import { createScoringExportRoutes } from './scoring-exports';
import { createScoringRepository } from './scoring-repository';
import { createScoringService, type ScoringService } from './scoring-service';
import { filterFrom, filterQuery } from './summary-filter';

export function createScoringServices(deps: { db: Knex; exercises: ExerciseService }) {
  return {
    scoring: createScoringService({ scoring: createScoringRepository(deps.db), exercises: deps.exercises }),
  };
}

const counts = (byKey: Record<string, number>, labels: Record<string, string>) =>
  Object.entries(byKey)
    .map(([key, count]) => `${count} ${(labels[key] ?? key).toLowerCase()}`)
    .join(', ') || 'None';

/** The market-interest summary of an exercise, for staff and viewers. */
export function createScoringRoutes(deps: { scoring: ScoringService; audit: AuditService }) {
  const router = Router();
  router.use(createScoringExportRoutes(deps));
  router.get('/exercises/:id/summary', canRead, async (req: Request<{ id: string }>, res) => {
    const filter = filterFrom(req.query);
    const { exercise, summaries, finding } = await deps.scoring.summary(req.params.id, filter);
    res.renderPage('scoring/summary', {
      title: 'Market interest summary',
      exercise,
      finding,
      filter,
      query: filterQuery(filter),
      labels: { sector: SECTOR_LABELS, reach: REACH_LABELS, size: SIZE_LABELS },
      rows: summaries.map((summary, index) => ({
        rank: index + 1,
        ...summary,
        mean: summary.meanS === null ? 'No responses' : summary.meanS.toFixed(1),
        median: summary.medianS === null ? 'No responses' : summary.medianS.toFixed(1),
        sectors: counts(summary.bySector, SECTOR_LABELS),
        reaches: counts(summary.byReach, REACH_LABELS),
      })),
    });
  });
  router.get(
    '/exercises/:id/summary/areas/:areaId',
    canRead,
    async (req: Request<{ id: string; areaId: string }>, res) => {
      const filter = filterFrom(req.query);
      const { exercise, summaries, providers } = await deps.scoring.summary(req.params.id, filter);
      const summary = summaries.find((candidate) => candidate.areaId === req.params.areaId);
      if (!summary) throw new NotFoundError('Service area not found');
      const byId = new Map(providers.map((provider) => [provider.providerId, provider]));
      res.renderPage('scoring/area', {
        title: summary.name,
        exercise,
        summary,
        query: filterQuery(filter),
        rows: [...summary.pairs]
          .sort((a, b) => b.s - a.s)
          .map((pair) => {
            const provider = byId.get(pair.providerId)!;
            return {
              ...pair,
              name: provider.name,
              invitationId: provider.invitationId,
              segment: `${SECTOR_LABELS[provider.sector as keyof typeof SECTOR_LABELS] ?? provider.sector}, ${provider.reach}, ${provider.size}`,
              outcome: provider.outcome,
              reasons: (provider.notInterestedReasons.get(summary.areaId) ?? []).join(', '),
            };
          }),
      });
    },
  );

  return router;
}
