import type { Actor, AuditService } from '../audit/audit-service';
import type { ClarificationService } from '../clarifications/clarification-service';
import type { MeetingLogService } from '../meetings/meeting-log-service';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import { providerLabels, type SummaryData } from '../scoring/report-rows';
import type { ScoringService, SummaryFilter } from '../scoring/scoring-service';

export type ReportKind = 'report.xlsx' | 'report.docx';

/** A held meeting's observation of one area; the free text is left out of anonymised reports. */
export type ReportObservation = {
  area: string;
  rating: number | null;
  deliveryModels: string;
  capacity: string;
  concerns: string;
  notes: string;
};

export type ReportMeeting = {
  startsAt: Date;
  provider: string;
  sector: string;
  reach: string;
  size: string;
  observations: ReportObservation[];
};

export type Report = {
  data: SummaryData;
  anonymise: boolean;
  /** Which providers the figures cover, in words, e.g. "Sector: Public; Met in person: yes". */
  providersShown: string;
  meetings: ReportMeeting[];
  clarifications: { question: string; answer: string }[];
};

const labelOf = (labels: Record<string, string>, key: string) => labels[key] ?? key;

const describe = (values: string[], labels: Record<string, string>) =>
  values.map((value) => labelOf(labels, value)).join(', ');

export function describeFilter(filter: SummaryFilter): string {
  const parts = [
    filter.sector.length ? `Sector: ${describe(filter.sector, SECTOR_LABELS)}` : '',
    filter.reach.length ? `Reach: ${describe(filter.reach, REACH_LABELS)}` : '',
    filter.size.length ? `Size: ${describe(filter.size, SIZE_LABELS)}` : '',
    filter.met ? `Met in person: ${filter.met}` : '',
  ].filter(Boolean);
  return parts.length ? parts.join('; ') : 'All invited providers';
}

/**
 * Gathers what the Excel and Word reports show: the one market-interest summary, the meetings
 * held with the providers it covers, and the clarifications published to every invitee.
 */
export function createReportService(deps: {
  scoring: ScoringService;
  meetingLog: MeetingLogService;
  clarifications: ClarificationService;
  audit: AuditService;
}) {
  return {
    async load(
      actor: Actor,
      exerciseId: string,
      options: { filter: SummaryFilter; anonymise: boolean; kind: ReportKind },
    ): Promise<Report> {
      const { filter, anonymise } = options;
      const data = await deps.scoring.summary(exerciseId, filter, { choices: true });
      const [held, published] = await Promise.all([
        deps.meetingLog.heldWithRatings(exerciseId),
        deps.clarifications.listPublished(exerciseId),
      ]);
      await deps.audit.record(actor, {
        action: 'summary.exported',
        recordType: 'exercise',
        recordId: data.exercise.id,
        changes: { kind: options.kind, anonymise, filter },
      });
      const labels = providerLabels(data, anonymise);
      const byInvitation = new Map(data.providers.map((provider) => [provider.invitationId, provider]));
      const meetings = held.flatMap((meeting) => {
        const provider = byInvitation.get(meeting.invitationId);
        // Outside the segment shown (or withdrawn): not part of these figures.
        if (!provider) return [];
        return [
          {
            startsAt: meeting.startsAt,
            provider: labels.get(provider.providerId)!,
            sector: labelOf(SECTOR_LABELS, provider.sector),
            reach: labelOf(REACH_LABELS, provider.reach),
            size: labelOf(SIZE_LABELS, provider.size),
            // Staff notes are free text that may name people, so a report for publication leaves them out.
            observations: meeting.observations.map((observation) => ({
              area: observation.areaName,
              rating: observation.rating,
              deliveryModels: anonymise ? '' : observation.deliveryModels,
              capacity: anonymise ? '' : observation.capacity,
              concerns: anonymise ? '' : observation.concerns,
              notes: anonymise ? '' : observation.notes,
            })),
          },
        ];
      });
      return {
        data,
        anonymise,
        providersShown: describeFilter(filter),
        meetings,
        // Published clarifications never say who asked.
        clarifications: published.map((clarification) => ({
          question: clarification.publishedQuestion ?? clarification.question,
          answer: clarification.answer ?? '',
        })),
      };
    },
  };
}

export type ReportService = ReturnType<typeof createReportService>;
