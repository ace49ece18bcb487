import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { InvitationRepository } from './invitation-repository';
import { deadlineOf } from './invitation-service';

export type ProviderUser = { id: string; organisationId: string | null };

/**
 * What a provider sees of its own invitations. Every lookup is scoped to the signed-in
 * provider's organisation, so another organisation's exercise is simply not found.
 */
export function createProviderInvitationService(deps: {
  db: Knex;
  invitations: InvitationRepository;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  audit: AuditService;
}) {
  const { invitations } = deps;

  async function ownInvitation(user: ProviderUser, exerciseId: string, trx?: Knex) {
    const invitation = user.organisationId
      ? await invitations.findForOrganisation(exerciseId, user.organisationId, trx)
      : undefined;
    if (!invitation || invitation.status === 'withdrawn') throw new NotFoundError('Exercise not found');
    return invitation;
  }

  return {
    findOwn: (user: ProviderUser, exerciseId: string) => ownInvitation(user, exerciseId),

    async list(user: ProviderUser) {
      if (!user.organisationId) return [];
      const own = (await invitations.listForOrganisation(user.organisationId)).filter(
        (i) => i.status !== 'withdrawn',
      );
      return Promise.all(
        own.map(async (invitation) => {
          const exercise = await deps.exercises.find(invitation.exerciseId);
          return { invitation, exercise, deadline: deadlineOf(invitation, exercise) };
        }),
      );
    },

    /** The exercise page; the first visit marks the invitation opened. */
    async open(actor: Actor, user: ProviderUser, exerciseId: string) {
      const invitation = await ownInvitation(user, exerciseId);
      if (invitation.status === 'invited') {
        await deps.db.transaction(async (trx) => {
          if (await invitations.update(invitation.id, invitation.version, { status: 'opened' }, trx)) {
            await deps.audit.record(
              actor,
              { action: 'invitation.opened', recordType: 'invitation', recordId: invitation.id },
              trx,
            );
          }
        });
      }
      const exercise = await deps.exercises.find(exerciseId);
      return {
        invitation: await ownInvitation(user, exerciseId),
        exercise,
        areas: await deps.areas.tree(exerciseId),
        deadline: deadlineOf(invitation, exercise),
      };
    },

    async decline(
      actor: Actor,
      user: ProviderUser,
      exerciseId: string,
      version: number,
      reasons: string[],
      reason: string,
    ) {
      await deps.db.transaction(async (trx) => {
        const invitation = await ownInvitation(user, exerciseId, trx);
        if (!['invited', 'opened', 'in_progress'].includes(invitation.status)) {
          throw new UserFacingError('Your organisation has already answered this invitation', 'reason');
        }
        const updated = await invitations.update(
          invitation.id,
          version,
          { status: 'declined', declined_reason: reason, declined_reasons: reasons },
          trx,
        );
        if (!updated)
          throw new ConflictError(
            'Someone else from your organisation changed this invitation. Check it and try again.',
          );
        await deps.audit.record(
          actor,
          {
            action: 'invitation.declined',
            recordType: 'invitation',
            recordId: invitation.id,
            changes: { reason },
          },
          trx,
        );
      });
    },
  };
}

export type ProviderInvitationService = ReturnType<typeof createProviderInvitationService>;
