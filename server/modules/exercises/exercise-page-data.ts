import { formatDate, formatDateTime } from '../../lib/format';
import type { User } from '../users/user-repository';
import type { EngagementService } from './engagement-service';
import type { Exercise } from './exercise-repository';
import { isReadOnly, retentionDueAt, STATUS_LABELS, TRANSITION_LABELS, TRANSITIONS } from './exercise-rules';
import type { ExerciseService } from './exercise-service';
import type { ServiceAreaService } from './service-area-service';

/** Gathers what the exercise's hub and notice pages show, from the module's services. */
export function createExercisePageData(deps: {
  exercises: ExerciseService;
  areas: ServiceAreaService;
  engagement: EngagementService;
}) {
  return {
    async hub(id: string, user: User) {
      const exercise = await deps.exercises.find(id);
      const [areas, events, declarations, scopeChanges, history] = await Promise.all([
        deps.areas.tree(id),
        deps.engagement.events(id),
        deps.engagement.declarations(id),
        deps.areas.scopeChanges(id),
        deps.exercises.history(id),
      ]);
      const canWrite = user.role === 'staff';
      return {
        title: exercise.title,
        exercise,
        areas,
        events,
        declarations,
        scopeChanges,
        history,
        statusLabel: STATUS_LABELS[exercise.status],
        transitions: canWrite
          ? TRANSITIONS[exercise.status].map((to) => ({
              to,
              label: TRANSITION_LABELS[`${exercise.status}->${to}`],
            }))
          : [],
        canWrite,
        canEdit: canWrite && !isReadOnly(exercise),
        retentionDueAt: retentionDueAt(exercise),
        myDeclarationMissing: canWrite && !declarations.some((declaration) => declaration.userId === user.id),
        myConflicts: canWrite ? declarations.filter((d) => d.userId === user.id && d.organisationId) : [],
      };
    },

    async notice(id: string, user: User) {
      const exercise = await deps.exercises.find(id);
      const [areas, events] = await Promise.all([deps.areas.tree(id), deps.engagement.events(id)]);
      return {
        title: 'Preliminary market engagement notice',
        exercise,
        noticeText: noticeText(exercise, areas, events),
        canEdit: user.role === 'staff' && !isReadOnly(exercise),
      };
    },
  };
}

export type ExercisePageData = ReturnType<typeof createExercisePageData>;

/**
 * Plain text ready to paste into a UK preliminary market engagement notice: the process,
 * the events with dates and places, and the submission periods.
 */
export function noticeText(
  exercise: Exercise,
  areas: { name: string; status: string; subServices: { name: string; status: string }[] }[],
  events: { title: string; eventDate: string; place: string; details: string }[],
): string {
  const lines = [`${exercise.title} (reference ${exercise.reference})`, '', 'Purpose', exercise.purpose];
  if (exercise.processDescription) lines.push('', 'Description of the process', exercise.processDescription);
  const active = areas.filter((area) => area.status === 'active');
  if (active.length > 0) {
    lines.push('', 'Services in scope');
    for (const area of active) {
      const subServices = area.subServices.filter((sub) => sub.status === 'active').map((sub) => sub.name);
      lines.push(`- ${area.name}${subServices.length ? ` (${subServices.join(', ')})` : ''}`);
    }
  }
  lines.push('', 'Submission periods');
  const opens = exercise.opensAt ? formatDateTime(exercise.opensAt) : 'when the exercise opens';
  if (exercise.questionsCloseAt)
    lines.push(`- Clarification questions: from ${opens} until ${formatDateTime(exercise.questionsCloseAt)}`);
  lines.push(
    exercise.responsesCloseAt
      ? `- Questionnaire responses: from ${opens} until ${formatDateTime(exercise.responsesCloseAt)}`
      : '- Questionnaire responses: dates to be confirmed',
  );
  if (exercise.meetingsFrom && exercise.meetingsTo) {
    lines.push(
      `- Supplier meetings: between ${formatDate(exercise.meetingsFrom)} and ${formatDate(exercise.meetingsTo)}`,
    );
  }
  if (events.length > 0) {
    lines.push('', 'Engagement events');
    for (const event of events) {
      lines.push(
        `- ${event.title}: ${formatDate(event.eventDate)}, ${event.place}${event.details ? `. ${event.details}` : ''}`,
      );
    }
  }
  lines.push('', 'Contact', `${exercise.contactName}, ${exercise.contactEmail}`);
  lines.push(
    '',
    'This is not a call for competition. Taking part does not commit any provider or the contracting authority.',
  );
  return lines.join('\n');
}
