import { Router, type Request, type Response } from 'express';
import { Packer } from 'docx';
import { actorFrom } from '../../http/auth';
import { canRead } from '../exercises/exercise-routes';
import { filterFrom } from '../scoring/summary-filter';
import { buildReportDocument } from './report-document';
import type { ReportKind, ReportService } from './report-service';
import { writeReportWorkbook } from './report-workbook';

const CONTENT_TYPES: Record<ReportKind, string> = {
  'report.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'report.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/**
 * The market-interest summary as an Excel workbook and a Word committee report section, with
 * the same segment filter as the summary page and `?anonymise=1` for reports to be published.
 */
export function createReportRoutes(deps: { reports: ReportService }) {
  const router = Router();

  async function load(req: Request<{ id: string }>, res: Response, kind: ReportKind) {
    const anonymise = req.query.anonymise === '1';
    const report = await deps.reports.load(actorFrom(req), req.params.id, {
      filter: filterFrom(req.query),
      anonymise,
      kind,
    });
    const extension = kind.slice(kind.indexOf('.'));
    const fileName = `${report.data.exercise.reference}-market-interest${anonymise ? '-anonymised' : ''}${extension}`;
    res.set({
      'Content-Type': CONTENT_TYPES[kind],
      'Content-Disposition': `attachment; filename="${fileName.replace(/[^\w.-]/g, '_')}"`,
    });
    return report;
  }

  router.get('/exercises/:id/summary/report.xlsx', canRead, async (req: Request<{ id: string }>, res) => {
    await writeReportWorkbook(res, await load(req, res, 'report.xlsx'));
  });

  router.get('/exercises/:id/summary/report.docx', canRead, async (req: Request<{ id: string }>, res) => {
    const document = buildReportDocument(await load(req, res, 'report.docx'));
    res.send(await Packer.toBuffer(document));
  });

  return router;
}
