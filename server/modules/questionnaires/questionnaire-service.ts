import type { Knex } from 'knex';
import { deepFreeze } from '../../lib/deep-freeze';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor } from '../audit/audit-service';
import { assertEditable } from '../exercises/exercise-rules';
import { materialise, workingCopy, type ChangeDeps } from './questionnaire-changes';
import type { QuestionnaireVersion } from './questionnaire-repository';
import {
  diffSnapshots,
  isEmptySummary,
  questionsIn,
  structureProblem,
  type ChangeSummary,
  type Snapshot,
} from './questionnaire-structure';
import { STANDARD_TEMPLATE } from './standard-template';

export type CreateSource = { kind: 'empty' } | { kind: 'template' } | { kind: 'copy'; exerciseId: string };

export type PublishPreview = { nextNumber: number; summary: ChangeSummary; nothingToPublish: boolean };

const CHANGED_SINCE_REVIEW =
  'Someone changed the questionnaire after you checked the changes. Check the changes again before publishing.';

/** Told, inside the publishing transaction, when a new version replaces an earlier one. */
export type PublishListener = (
  trx: Knex,
  exerciseId: string,
  version: number,
  summary: ChangeSummary,
) => Promise<void>;

export function createQuestionnaireService(deps: ChangeDeps & { onRepublished: PublishListener }) {
  const { db, questionnaires, questions, audit } = deps;

  // A published version never changes, so its snapshot is parsed once per process.
  const publishedSnapshots = new Map<string, Snapshot>();
  const SNAPSHOTS_KEPT = 100;

  /** A published version's structure, by the version's id. */
  async function publishedSnapshot(versionId: string): Promise<Snapshot> {
    const cached = publishedSnapshots.get(versionId);
    if (cached) return cached;
    const snapshot = await questionnaires.snapshotOf(versionId);
    if (!snapshot) throw new NotFoundError('Questionnaire version not found');
    if (publishedSnapshots.size >= SNAPSHOTS_KEPT) {
      publishedSnapshots.delete(publishedSnapshots.keys().next().value as string);
    }
    // Shared by every request from now on: frozen so that no caller can change it for the others.
    publishedSnapshots.set(versionId, deepFreeze(snapshot));
    return snapshot;
  }

  async function findOrThrow(exerciseId: string) {
    const questionnaire = await questionnaires.findByExercise(exerciseId);
    if (!questionnaire) throw new NotFoundError('Questionnaire not found');
    return questionnaire;
  }

  async function versionOrThrow(questionnaireId: string, number: number): Promise<QuestionnaireVersion> {
    const version = await questionnaires.findVersion(questionnaireId, number);
    if (!version) throw new NotFoundError('Questionnaire version not found');
    return version;
  }

  /** What publishing now would change, compared with the latest published version. */
  async function publishPreview(exerciseId: string): Promise<PublishPreview> {
    const questionnaire = await findOrThrow(exerciseId);
    const snapshot = await workingCopy(questions, questionnaire.id);
    const latest = questionnaire.publishedVersion
      ? await versionOrThrow(questionnaire.id, questionnaire.publishedVersion)
      : undefined;
    const summary = diffSnapshots(latest?.snapshot ?? null, snapshot);
    return {
      nextNumber: (questionnaire.publishedVersion ?? 0) + 1,
      summary,
      nothingToPublish: latest ? isEmptySummary(summary) : questionsIn(snapshot).length === 0,
    };
  }

  return {
    find: (exerciseId: string) => questionnaires.findByExercise(exerciseId),
    findOrThrow,
    workingCopy: async (exerciseId: string) => workingCopy(questions, (await findOrThrow(exerciseId)).id),
    versions: (questionnaireId: string) => questionnaires.versions(questionnaireId),
    version: async (exerciseId: string, number: number) =>
      versionOrThrow((await findOrThrow(exerciseId)).id, number),
    copySources: (exerciseId: string) => questionnaires.copySources(exerciseId),
    history: (questionnaireId: string) => audit.listForRecord('questionnaire', questionnaireId),
    publishPreview,

    async section(exerciseId: string, sectionId: string) {
      const section = await questions.findSection((await findOrThrow(exerciseId)).id, sectionId);
      if (!section) throw new NotFoundError('Section not found');
      return section;
    },

    async question(exerciseId: string, questionId: string) {
      const question = await questions.findQuestion((await findOrThrow(exerciseId)).id, questionId);
      if (!question) throw new NotFoundError('Question not found');
      return question;
    },

    /** Empty, from the standard template, or a copy of another exercise's working copy. */
    async create(actor: Actor, exerciseId: string, source: CreateSource): Promise<void> {
      assertEditable(await deps.exercises.find(exerciseId));
      let structure: Snapshot = { sections: [] };
      if (source.kind === 'template') structure = STANDARD_TEMPLATE;
      if (source.kind === 'copy') {
        const original = await questionnaires.findByExercise(source.exerciseId);
        if (!original || source.exerciseId === exerciseId)
          throw new UserFacingError('Choose an exercise to copy the questionnaire from', 'copyFrom');
        structure = await workingCopy(questions, original.id);
      }
      await db.transaction(async (trx) => {
        const id = await questionnaires.insert(exerciseId, trx);
        // A second submit of the same form finds the questionnaire already there: nothing to do.
        if (!id) return;
        await materialise(questions, id, structure, trx);
        await audit.record(
          actor,
          {
            action: 'questionnaire.created',
            recordType: 'questionnaire',
            recordId: id,
            changes: {
              exerciseId,
              source: source.kind,
              ...(source.kind === 'copy' ? { copiedFromExerciseId: source.exerciseId } : {}),
            },
          },
          trx,
        );
      });
    },

    /**
     * Freezes the working copy as the next version. `expectedVersion` is the questionnaire version
     * the person reviewed the changes at; a repeat of a publish that already happened is a no-op.
     */
    async publish(actor: Actor, exerciseId: string, expectedVersion: number): Promise<number> {
      assertEditable(await deps.exercises.find(exerciseId));
      return db.transaction(async (trx) => {
        const questionnaire = await questionnaires.findByExercise(exerciseId, trx, true);
        if (!questionnaire) throw new NotFoundError('Questionnaire not found');
        const snapshot = await workingCopy(questions, questionnaire.id, trx);
        const latest = questionnaire.publishedVersion
          ? await questionnaires.findVersion(questionnaire.id, questionnaire.publishedVersion, trx)
          : undefined;
        const summary = diffSnapshots(latest?.snapshot ?? null, snapshot);
        if (latest && isEmptySummary(summary)) {
          if (questionnaire.hasUnpublishedChanges)
            await questionnaires.markPublished(questionnaire.id, null, trx);
          return latest.number;
        }
        if (questionnaire.version !== expectedVersion) throw new ConflictError(CHANGED_SINCE_REVIEW);
        if (questionsIn(snapshot).length === 0)
          throw new UserFacingError('Add at least one question before publishing', 'publish');
        const problem = structureProblem(snapshot);
        if (problem) throw new UserFacingError(problem.message, 'publish');
        const number = (questionnaire.publishedVersion ?? 0) + 1;
        await questionnaires.insertVersion(
          { questionnaireId: questionnaire.id, number, snapshot, changeSummary: summary },
          actor.userId!,
          trx,
        );
        await questions.markAllPublished(questionnaire.id, trx);
        await questionnaires.markPublished(questionnaire.id, number, trx);
        await audit.record(
          actor,
          {
            action: 'questionnaire.published',
            recordType: 'questionnaire',
            recordId: questionnaire.id,
            changes: {
              exerciseId,
              version: number,
              added: summary.added.length,
              changed: summary.changed.length,
              removed: summary.removed.length,
            },
          },
          trx,
        );
        if (latest) await deps.onRepublished(trx, exerciseId, number, summary);
        return number;
      });
    },

    publishedSnapshot,

    /** The structure providers answer against now, if the questionnaire has been published. */
    async latestPublished(
      exerciseId: string,
    ): Promise<{ number: number; snapshot: Snapshot; publishedAt: Date } | undefined> {
      const version = await questionnaires.publishedVersionOf(exerciseId);
      if (!version) return undefined;
      return {
        number: version.number,
        snapshot: await publishedSnapshot(version.id),
        publishedAt: version.publishedAt,
      };
    },

    /** What changed from one published version to a later one, for telling providers who answered. */
    async changesBetween(exerciseId: string, fromVersion: number, toVersion: number): Promise<ChangeSummary> {
      const questionnaire = await findOrThrow(exerciseId);
      const [from, to] = await Promise.all([
        versionOrThrow(questionnaire.id, fromVersion),
        versionOrThrow(questionnaire.id, toVersion),
      ]);
      return diffSnapshots(from.snapshot, to.snapshot);
    },
  };
}

export type QuestionnaireService = ReturnType<typeof createQuestionnaireService>;
