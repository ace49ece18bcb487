import { Router, type Request } from 'express';
import { NotFoundError } from '../../lib/errors';
import type { Knex } from 'knex';
import { canRead } from '../exercises/exercise-routes';
import type { ExerciseService } from '../exercises/exercise-service';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import { areaRows, choiceCounts, detailRows, reasonRows } from './report-rows';
import { createProviderScoreRoutes } from './provider-score-routes';
import { createScoringExportRoutes } from './scoring-exports';
import { createScoringRepository } from './scoring-repository';
import { stackedInterestChart } from './interest-chart';
import { createScoringService } from './scoring-service';
import { filterFrom, filterQuery } from './summary-filter';

export function createScoringServices(deps: { db: Knex; exercises: ExerciseService }) {
  return {
    scoring: createScoringService({ scoring: createScoringRepository(deps.db), exercises: deps.exercises }),
  };
}

const CHARTS = [
  {
    chartTitle: 'Interested providers in each service area, by sector',
    tableCaption: 'Interested providers by sector',
    countsKey: 'bySector' as const,
    categories: [
      { key: 'private', label: 'Private' },
      { key: 'public', label: 'Public' },
      { key: 'voluntary', label: 'Voluntary' },
    ],
  },
  {
    chartTitle: 'Interested providers in each service area, by reach',
    tableCaption: 'Interested providers by reach',
    countsKey: 'byReach' as const,
    categories: [
      { key: 'national', label: 'National' },
      { key: 'regional', label: 'Regional' },
      { key: 'local', label: 'Local' },
    ],
  },
];

/** The market-interest summary of an exercise, for staff and viewers. */
export function createScoringRoutes(
  deps: Parameters<typeof createScoringExportRoutes>[0] & Parameters<typeof createProviderScoreRoutes>[0],
) {
  const router = Router();
  router.use(createScoringExportRoutes(deps));
  router.use(createProviderScoreRoutes(deps));
  router.get('/exercises/:id/summary', canRead, async (req: Request<{ id: string }>, res) => {
    const filter = filterFrom(req.query);
    const data = await deps.scoring.summary(req.params.id, filter);
    const { exercise, summaries, finding } = data;
    res.renderPage('scoring/summary', {
      title: 'Market interest summary',
      exercise,
      finding,
      filter,
      query: filterQuery(filter),
      labels: { sector: SECTOR_LABELS, reach: REACH_LABELS, size: SIZE_LABELS },
      charts: CHARTS.map((chart) => ({
        ...chart,
        chart: stackedInterestChart(summaries, (summary) => summary[chart.countsKey], chart.categories),
      })),
      summaries,
      rows: areaRows(data).map((row) => ({
        ...row,
        mean: row.meanS === null ? 'No responses' : row.meanS.toFixed(1),
        median: row.medianS === null ? 'No responses' : row.medianS.toFixed(1),
      })),
    });
  });
  router.get(
    '/exercises/:id/summary/areas/:areaId',
    canRead,
    async (req: Request<{ id: string; areaId: string }>, res) => {
      const filter = filterFrom(req.query);
      const data = await deps.scoring.summary(req.params.id, filter, { choices: true });
      const summary = data.summaries.find((candidate) => candidate.areaId === req.params.areaId);
      if (!summary) throw new NotFoundError('Service area not found');
      res.renderPage('scoring/area', {
        title: summary.name,
        exercise: data.exercise,
        summary,
        query: filterQuery(filter),
        choices: choiceCounts(data).get(summary.areaId) ?? [],
        reasons: reasonRows(data).filter((row) => row.areaId === summary.areaId),
        rows: [...detailRows(data, false, summary.areaId)],
      });
    },
  );

  return router;
}
