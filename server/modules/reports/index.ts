import type { AuditService } from '../audit/audit-service';
import type { ClarificationService } from '../clarifications/clarification-service';
import type { MeetingLogService } from '../meetings/meeting-log-service';
import type { ScoringService } from '../scoring/scoring-service';
import { createReportService } from './report-service';

export { createReportRoutes } from './report-routes';

export function createReportServices(deps: {
  scoring: ScoringService;
  meetingLog: MeetingLogService;
  clarifications: ClarificationService;
  audit: AuditService;
}) {
  return { reports: createReportService(deps) };
}
