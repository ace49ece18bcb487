import type { Knex } from 'knex';
import type { Actor } from '../audit/audit-service';
import type { ProviderUser } from '../invitations/provider-invitation-service';
import type { ChangeSummary } from '../questionnaires/questionnaire-structure';
import type { ResponseLoader } from './response-loader';
import type { ResponseDeps } from './response-service';

/** New questionnaire versions: telling providers who answered, and their confirmation. */
export function createVersionOps(deps: ResponseDeps, loader: Pick<ResponseLoader, 'load'>) {
  const { db, responses } = deps;
  const { load } = loader;
  return {
    /**
     * A new questionnaire version: every provider that answered an earlier one is told what changed
     * and asked to confirm or update its answers (in the publishing transaction).
     */
    async notifyRepublished(trx: Knex, exerciseId: string, version: number, summary: ChangeSummary) {
      const exercise = await deps.exercises.find(exerciseId);
      const changes = [
        ...summary.added.map((q) => `New question: ${q.label}`),
        ...summary.changed.map((q) => `Changed: ${q.label}`),
        ...summary.removed.map((q) => `Removed: ${q.label}`),
      ];
      for (const response of await responses.answeredBefore(exerciseId, version, trx)) {
        for (const contact of await deps.invitations.contactsOf(response.invitationId)) {
          await deps.mail.queue(trx, contact.email, {
            subject: `The questionnaire has changed: ${exercise.title}`,
            greeting: `Dear ${contact.name},`,
            paragraphs: [
              `The council has published version ${version} of the questionnaire for ${exercise.title}. Your answers are kept.`,
              ...changes.slice(0, 20),
              'Please check your answers, then either update them or confirm that they still stand.',
            ],
            link: {
              text: 'Check your response',
              url: `${deps.baseUrl}/provider/exercises/${exerciseId}/response`,
            },
          });
        }
      }
    },

    /** The provider confirms its answers stand for the current questionnaire version. */
    async confirmCurrentVersion(actor: Actor, user: ProviderUser, exerciseId: string) {
      const context = await load(user, exerciseId);
      if (!context.response || context.response.questionnaireVersion >= context.questionnaireVersion) return;
      await db.transaction(async (trx) => {
        await responses.update(
          context.response!.id,
          { questionnaire_version: context.questionnaireVersion },
          trx,
        );
        await deps.audit.record(
          actor,
          {
            action: 'response.version_confirmed',
            recordType: 'response',
            recordId: context.response!.id,
            changes: { version: context.questionnaireVersion },
          },
          trx,
        );
      });
    },

    async changesSinceAnswered(exerciseId: string, answeredVersion: number, currentVersion: number) {
      return answeredVersion < currentVersion
        ? deps.questionnaires.changesBetween(exerciseId, answeredVersion, currentVersion)
        : undefined;
    },
  };
}
