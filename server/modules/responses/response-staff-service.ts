import { UserFacingError } from '../../lib/errors';
import type { Actor } from '../audit/audit-service';
import { answerKey, itemsFor, type Area, type SavedAnswers } from './answer-items';
import type { ResponseDeps } from './response-service';

/** Staff read any response, and reopen a submitted one with a reason. */
export function createStaffResponseOps(deps: ResponseDeps) {
  const { db, responses } = deps;
  return {
    /** Staff read any response: answers as they stand, every change, every submission. */
    async forStaff(exerciseId: string, invitationId: string) {
      const invitation = await deps.invitations.find(exerciseId, invitationId);
      const exercise = await deps.exercises.find(exerciseId);
      const published = await deps.questionnaires.latestPublished(exerciseId);
      const areas: Area[] = (await deps.areas.tree(exerciseId))
        .filter((a) => a.status === 'active')
        .map((a) => ({ id: a.id, name: a.name }));
      const response = await responses.findByInvitation(invitation.id);
      const saved: SavedAnswers = new Map(
        (response ? await responses.answers(response.id) : []).map((a) => [
          answerKey(a.questionId, a.areaId),
          a.value,
        ]),
      );
      const sections = (published?.snapshot.sections ?? []).map((section) => ({
        section,
        items: itemsFor(section, published!.snapshot, areas, saved),
      }));
      return {
        invitation,
        exercise,
        response,
        saved,
        sections,
        history: response ? await responses.history(response.id) : [],
      };
    },

    async reopen(actor: Actor, exerciseId: string, invitationId: string, reason: string) {
      const invitation = await deps.invitations.find(exerciseId, invitationId);
      const exercise = await deps.exercises.find(exerciseId);
      await db.transaction(async (trx) => {
        const response = await responses.findByInvitation(invitation.id, trx);
        if (!response || response.status !== 'submitted')
          throw new UserFacingError('Only a submitted response can be reopened', 'reason');
        await responses.update(response.id, { status: 'draft' }, trx);
        await deps.invitations.recordResponseReopened(trx, invitation.id);
        await deps.audit.record(
          actor,
          { action: 'response.reopened', recordType: 'response', recordId: response.id, changes: { reason } },
          trx,
        );
        for (const contact of await deps.invitations.contactsOf(invitation.id)) {
          await deps.mail.queue(trx, contact.email, {
            subject: `Your response has been reopened: ${exercise.title}`,
            greeting: `Dear ${contact.name},`,
            paragraphs: [
              `The council has reopened your organisation’s response to ${exercise.title} so that it can be changed.`,
              `Reason: ${reason}`,
              'Make any changes and submit it again.',
            ],
            link: {
              text: 'Open your response',
              url: `${deps.baseUrl}/provider/exercises/${exerciseId}/response`,
            },
          });
        }
      });
    },
  };
}
