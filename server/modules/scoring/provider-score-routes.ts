import { Router, type Request } from 'express';
import { formatDateTime } from '../../lib/format';
import { canRead } from '../exercises/exercise-routes';
import type { MeetingLogService } from '../meetings/meeting-log-service';
import { REACH_LABELS, SECTOR_LABELS, SIZE_LABELS } from '../providers/organisation-repository';
import { reasonLabel } from './report-rows';
import { round1 } from './scoring-model';
import type { ScoringService } from './scoring-service';

type Params = { id: string; areaId: string; invitationId: string };

/** The last step of the drill-down: one provider's score for one area and what lies behind it. */
export function createProviderScoreRoutes(deps: { scoring: ScoringService; meetingLog: MeetingLogService }) {
  const router = Router();
  router.get(
    '/exercises/:id/summary/areas/:areaId/providers/:invitationId',
    canRead,
    async (req: Request<Params>, res) => {
      const { exercise, area, provider, pair, answers } = await deps.scoring.breakdown(
        req.params.id,
        req.params.areaId,
        req.params.invitationId,
      );
      const meetings = (await deps.meetingLog.heldWithRatings(exercise.id, provider.invitationId)).map(
        (meeting) => ({
          id: meeting.meetingId,
          when: formatDateTime(meeting.startsAt),
          summary: meeting.summary,
          observation: meeting.observations.find((observation) => observation.serviceAreaId === area.id),
        }),
      );
      res.renderPage('scoring/provider', {
        title: `${provider.name}: ${area.name}`,
        exercise,
        area,
        provider,
        segment: [SECTOR_LABELS, REACH_LABELS, SIZE_LABELS]
          .map((labels, index) => {
            const key = [provider.sector, provider.reach, provider.size][index];
            return labels[key as keyof typeof labels] ?? key;
          })
          .join(', '),
        // Rounded like every other page and export, so the figures match to the decimal.
        pair: pair && {
          ...pair,
          q: round1(pair.q),
          m: pair.m === null ? null : round1(pair.m),
          s: round1(pair.s),
        },
        answers,
        choices: provider.areaChoices.get(area.id) ?? [],
        reasons: (provider.notInterestedReasons.get(area.id) ?? []).map(reasonLabel),
        meetings,
      });
    },
  );
  return router;
}
