import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify';
import { actorFrom } from '../../http/auth';
import { formulaSafe } from '../../lib/formula-safe';
import type { AuditService } from '../audit/audit-service';
import { canRead } from '../exercises/exercise-routes';
import { AREA_HEADERS, areaCells, DETAIL_HEADERS, detailCells, SEGMENT_COLUMNS } from './report-rows';
import { filterFrom } from './summary-filter';
import type { ScoringService } from './scoring-service';

type Cell = string | number | null;

/**
 * Streams rows as CSV with every text cell made formula-safe, pulling rows only as fast as the
 * client reads them, so a slow download does not buffer the whole file in memory.
 */
async function sendCsv(res: Response, fileName: string, columns: string[], rows: Iterable<Cell[]>) {
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
  });
  function* safeRows() {
    for (const row of rows) yield row.map((cell) => (typeof cell === 'string' ? formulaSafe(cell) : cell));
  }
  await pipeline(Readable.from(safeRows()), stringify({ header: true, columns, bom: true }), res).catch(
    (error: unknown) => {
      // A client that goes away mid-download is not an error of ours.
      if (!res.destroyed) throw error;
    },
  );
}

/**
 * The same figures as the summary page, as CSV. `?anonymise=1` replaces provider names with
 * "Provider 7, private, national" for reports that will be published.
 */
export function createScoringExportRoutes(deps: { scoring: ScoringService; audit: AuditService }) {
  const router = Router();

  async function load(req: Request<{ id: string }>, kind: string) {
    const anonymise = req.query.anonymise === '1';
    const filter = filterFrom(req.query);
    const data = await deps.scoring.summary(req.params.id, filter, { choices: true });
    await deps.audit.record(actorFrom(req), {
      action: 'summary.exported',
      recordType: 'exercise',
      recordId: data.exercise.id,
      changes: { kind, anonymise, filter },
    });
    return { data, anonymise };
  }

  router.get('/exercises/:id/summary/areas.csv', canRead, async (req: Request<{ id: string }>, res) => {
    const { data } = await load(req, 'areas.csv');
    const { exercise } = data;
    await sendCsv(
      res,
      `${exercise.reference}-areas.csv`,
      [
        ...AREA_HEADERS,
        ...SEGMENT_COLUMNS.map((column) => column.header),
        'Interest weight',
        'Meeting weight',
        'Threshold',
      ],
      areaCells(data).map((cells) => [
        ...cells,
        exercise.interestWeight,
        exercise.meetingWeight,
        exercise.interestThreshold,
      ]),
    );
  });

  router.get('/exercises/:id/summary/detail.csv', canRead, async (req: Request<{ id: string }>, res) => {
    const { data, anonymise } = await load(req, 'detail.csv');
    await sendCsv(
      res,
      `${data.exercise.reference}-detail${anonymise ? '-anonymised' : ''}.csv`,
      [...DETAIL_HEADERS],
      detailCells(data, anonymise),
    );
  });

  return router;
}
