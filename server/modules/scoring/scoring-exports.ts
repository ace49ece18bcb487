import { Router, type Request, type Response } from 'express';
import { stringify } from 'csv-stringify';
import { actorFrom } from '../../http/auth';
import { formulaSafe } from '../../lib/formula-safe';
import type { AuditService } from '../audit/audit-service';
import { canRead } from '../exercises/exercise-routes';
import { filterFrom } from './summary-filter';
import type { ScoringService } from './scoring-service';

type Cell = string | number | null;

/** Streams rows as CSV with every text cell made formula-safe. */
function sendCsv(res: Response, fileName: string, columns: string[], rows: Iterable<Cell[]>) {
  res.set({
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="${fileName}"`,
  });
  const csv = stringify({ header: true, columns, bom: true });
  csv.pipe(res);
  for (const row of rows) csv.write(row.map((cell) => (typeof cell === 'string' ? formulaSafe(cell) : cell)));
  csv.end();
}

const oneDecimal = (value: number | null) => (value === null ? null : Math.round(value * 10) / 10);

/**
 * The same figures as the summary page, as CSV. `?anonymise=1` replaces provider names with
 * "Provider 7, private, national" for reports that will be published.
 */
export function createScoringExportRoutes(deps: { scoring: ScoringService; audit: AuditService }) {
  const router = Router();

  async function load(req: Request<{ id: string }>, kind: string) {
    const anonymise = req.query.anonymise === '1';
    const filter = filterFrom(req.query);
    const data = await deps.scoring.summary(req.params.id, filter);
    await deps.audit.record(actorFrom(req), {
      action: 'summary.exported',
      recordType: 'exercise',
      recordId: data.exercise.id,
      changes: { kind, anonymise, filter },
    });
    return { ...data, anonymise };
  }

  router.get('/exercises/:id/summary/areas.csv', canRead, async (req: Request<{ id: string }>, res) => {
    const { exercise, summaries } = await load(req, 'areas.csv');
    const columns = [
      'Rank',
      'Service area',
      'Invited',
      'Responded',
      'Interested',
      'Market depth',
      'Mean score',
      'Median score',
      'Interested: private',
      'Interested: public',
      'Interested: voluntary',
      'Interested: national',
      'Interested: regional',
      'Interested: local',
      'Interest weight',
      'Meeting weight',
      'Threshold',
    ];
    sendCsv(
      res,
      `${exercise.reference}-areas.csv`,
      columns,
      summaries.map((s, index) => [
        index + 1,
        s.name,
        s.invited,
        s.responded,
        s.interested,
        s.depth,
        oneDecimal(s.meanS),
        oneDecimal(s.medianS),
        s.bySector.private ?? 0,
        s.bySector.public ?? 0,
        s.bySector.voluntary ?? 0,
        s.byReach.national ?? 0,
        s.byReach.regional ?? 0,
        s.byReach.local ?? 0,
        exercise.interestWeight,
        exercise.meetingWeight,
        exercise.interestThreshold,
      ]),
    );
  });

  router.get('/exercises/:id/summary/detail.csv', canRead, async (req: Request<{ id: string }>, res) => {
    const { exercise, summaries, providers, anonymise } = await load(req, 'detail.csv');
    const number = new Map(providers.map((provider, index) => [provider.providerId, index + 1]));
    const byId = new Map(providers.map((provider) => [provider.providerId, provider]));
    const columns = [
      'Provider',
      'Sector',
      'Reach',
      'Size',
      'Service area',
      'Outcome',
      'Stated interest',
      'Q',
      'M',
      'S',
      'Interested',
    ];
    function* rows(): Generator<Cell[]> {
      for (const summary of summaries) {
        for (const pair of summary.pairs) {
          const provider = byId.get(pair.providerId)!;
          const label = anonymise
            ? `Provider ${number.get(pair.providerId)}, ${provider.sector}, ${provider.reach}`
            : provider.name;
          yield [
            label,
            provider.sector,
            provider.reach,
            provider.size,
            summary.name,
            provider.outcome,
            pair.interest,
            oneDecimal(pair.q),
            oneDecimal(pair.m),
            oneDecimal(pair.s),
            pair.interested ? 'Yes' : 'No',
          ];
        }
      }
    }
    sendCsv(res, `${exercise.reference}-detail${anonymise ? '-anonymised' : ''}.csv`, columns, rows());
  });

  return router;
}
