import type { QuestionnaireService } from '../questionnaires/questionnaire-service';
import { sectionIn } from '../questionnaires/questionnaire-structure';
import { inputsOfSection } from './answer-items';
import type { SectionContextRepository } from './section-context-repository';

const HINTS_KEPT = 1000;

/**
 * Reads a section page's context with only the answers the page needs, and the service areas
 * only if it needs them: a response holds a few hundred answers, the page shows a handful, and
 * reading all of them costs the database more than the rest of the page (docs/benchmarks.md).
 *
 * What it needs depends on the published version, which the same query reads, so it
 * asks for those of the version it saw last for the exercise. The query says which version is
 * published now; when that is another one (after a republication, or in a new process), the
 * answers are read again for it, so a hint can cost a round trip but never a wrong answer.
 */
export function createSectionReader(deps: {
  sectionContexts: SectionContextRepository;
  questionnaires: QuestionnaireService;
}) {
  const publishedVersionSeen = new Map<string, string>();

  function remember(exerciseId: string, versionId: string) {
    publishedVersionSeen.delete(exerciseId);
    if (publishedVersionSeen.size >= HINTS_KEPT)
      publishedVersionSeen.delete(publishedVersionSeen.keys().next().value as string);
    publishedVersionSeen.set(exerciseId, versionId);
  }

  async function inputsWanted(versionId: string, sectionId: string) {
    const snapshot = await deps.questionnaires.publishedSnapshot(versionId);
    const section = sectionIn(snapshot, sectionId);
    return section ? inputsOfSection(snapshot, section) : null;
  }

  return async function readSectionContext(organisationId: string, exerciseId: string, sectionId: string) {
    const hinted = publishedVersionSeen.get(exerciseId);
    const wanted = hinted ? await inputsWanted(hinted, sectionId) : null;
    const context = await deps.sectionContexts.find(exerciseId, organisationId, sectionId, wanted);
    if (!context?.versionId || context.versionId === hinted) return context;
    remember(exerciseId, context.versionId);
    if (!wanted) return context;
    return deps.sectionContexts.find(
      exerciseId,
      organisationId,
      sectionId,
      await inputsWanted(context.versionId, sectionId),
    );
  };
}
