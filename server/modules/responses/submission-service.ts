import { ConflictError, UserFacingError } from '../../lib/errors';
import type { Actor } from '../audit/audit-service';
import type { ProviderUser } from '../invitations/provider-invitation-service';
import { formatAnswer, itemLabel } from './answer-format';
import type { ResponseLoader } from './response-loader';
import type { ResponseDeps } from './response-service';

/** Submitting a response: complete sections, within the deadline, each submission kept. */
export function createSubmissionOps(deps: ResponseDeps, loader: Pick<ResponseLoader, 'review'>) {
  const { db, responses } = deps;
  const { review } = loader;
  /** The submitted answers as plain lines for the email receipt. */
  function answerCopy(checked: Awaited<ReturnType<typeof review>>): string[] {
    return checked.sections.flatMap(({ section, items }) => [
      `${section.title}:`,
      ...items.map(
        (item) => `- ${itemLabel(item)}: ${formatAnswer(item, checked.saved.get(item.key) ?? null)}`,
      ),
    ]);
  }

  return {
    async submit(actor: Actor, user: ProviderUser, exerciseId: string, expectedVersion: number) {
      const checked = await review(user, exerciseId);
      if (!checked.open)
        throw new UserFacingError(
          'This questionnaire can no longer be submitted: the deadline has passed or the exercise has closed',
        );
      const incomplete = checked.sections.filter((s) => s.status !== 'completed' || s.missing.length > 0);
      if (!checked.response || incomplete.length > 0) {
        throw new UserFacingError(
          `Complete every section before submitting: ${incomplete.map((s) => s.section.title).join(', ')}`,
          'submit',
        );
      }
      const response = checked.response;
      if (response.status === 'submitted') return;
      await db.transaction(async (trx) => {
        const locked = await responses.ensure(checked.invitation.id, checked.questionnaireVersion, trx);
        if (locked.version !== expectedVersion)
          throw new ConflictError(
            'Your organisation’s response changed since you checked it. Check your answers again.',
          );
        const number = locked.submissionCount + 1;
        const answers = (await responses.answers(locked.id, trx)).map(({ questionId, areaId, value }) => ({
          questionId,
          areaId,
          value,
        }));
        await responses.insertSubmission(
          {
            responseId: locked.id,
            number,
            questionnaireVersion: checked.questionnaireVersion,
            answers,
            userId: actor.userId!,
          },
          trx,
        );
        await responses.update(
          locked.id,
          { status: 'submitted', submitted_at: trx.fn.now(), submission_count: number },
          trx,
        );
        await deps.invitations.recordResponseProgress(trx, checked.invitation.id, 'submitted');
        await deps.audit.record(
          actor,
          {
            action: 'response.submitted',
            recordType: 'response',
            recordId: locked.id,
            changes: { submission: number },
          },
          trx,
        );
        for (const contact of await deps.invitations.contactsOf(checked.invitation.id)) {
          await deps.mail.queue(trx, contact.email, {
            subject: `Response received: ${checked.exercise.title}`,
            greeting: `Dear ${contact.name},`,
            paragraphs: [
              `Thank you. Your organisation’s response to ${checked.exercise.title} (${checked.exercise.reference}) was received. You can change it until the deadline; changes must be submitted again.`,
              'A copy of your answers:',
              ...answerCopy(checked),
            ],
            link: {
              text: 'See your response',
              url: `${deps.baseUrl}/provider/exercises/${exerciseId}/response`,
            },
          });
        }
      });
    },
  };
}
