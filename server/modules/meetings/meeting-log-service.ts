import type { Knex } from 'knex';
import { ConflictError, NotFoundError, UserFacingError } from '../../lib/errors';
import type { Actor, AuditService } from '../audit/audit-service';
import type { ClarificationService } from '../clarifications/clarification-service';
import type { ExerciseService } from '../exercises/exercise-service';
import type { ServiceAreaService } from '../exercises/service-area-service';
import type { MeetingNotesRepository, Observation } from './meeting-notes-repository';

import type { Meeting, MeetingRepository } from './meeting-repository';

export type HeldMeeting = {
  meetingId: string;
  invitationId: string;
  startsAt: Date;
  summary: string | null;
  observations: (Observation & { areaName: string })[];
};

export type NotesInput = {
  outcome: 'held' | 'no_show';
  attended: string;
  summary: string;
  observations: Observation[];
};

/** Internal record of a meeting: notes, per-area observations and actions. Staff only. */
export function createMeetingLogService(deps: {
  db: Knex;
  meetings: MeetingRepository;
  notes: MeetingNotesRepository;
  exercises: ExerciseService;
  areas: ServiceAreaService;
  clarifications: ClarificationService;
  audit: AuditService;
}) {
  const { db, meetings, notes, audit } = deps;

  async function meetingOrThrow(exerciseId: string, id: string, trx?: Knex) {
    const meeting = await meetings.find(id, trx);
    if (!meeting || meeting.exerciseId !== exerciseId) throw new NotFoundError('Meeting not found');
    return meeting;
  }

  /** The service areas (sub-services included) that observations can be recorded against. */
  const areasOf = async (exerciseId: string) =>
    (await deps.areas.tree(exerciseId))
      .filter((area) => area.status === 'active')
      .flatMap((area) => [
        { id: area.id, name: area.name },
        // Sub-services share names across areas (HR, Finance), so each carries its parent's name.
        ...area.subServices
          .filter((sub) => sub.status === 'active')
          .map((sub) => ({ id: sub.id, name: `${area.name}: ${sub.name}` })),
      ]);

  /** Which fields changed, old and new, for the audit log. */
  function changedFields(before: Meeting, old: Observation[], input: NotesInput) {
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    const compare = (key: string, from: unknown, to: unknown) => {
      if ((from ?? '') !== (to ?? '')) changes[key] = { from: from ?? null, to };
    };
    compare('outcome', before.status, input.outcome);
    compare('attended', before.attended, input.attended);
    compare('summary', before.summary, input.summary);
    for (const next of input.observations) {
      const prev = old.find((o) => o.serviceAreaId === next.serviceAreaId);
      for (const key of ['rating', 'deliveryModels', 'capacity', 'concerns', 'notes'] as const) {
        compare(`${next.serviceAreaId}.${key}`, prev?.[key], next[key]);
      }
    }
    return changes;
  }

  return {
    areasOf,
    observations: (id: string) => notes.observations(id),
    actions: (id: string) => notes.actions(id),

    async saveNotes(actor: Actor, exerciseId: string, id: string, notesVersion: number, input: NotesInput) {
      const before = await meetingOrThrow(exerciseId, id);
      if (before.status === 'cancelled')
        throw new UserFacingError('A cancelled meeting cannot have notes', 'outcome');
      if (before.startsAt > new Date())
        throw new UserFacingError('Notes can be recorded once the meeting has started', 'outcome');
      const areaIds = new Set((await areasOf(exerciseId)).map((area) => area.id));
      if (!input.observations.every((o) => areaIds.has(o.serviceAreaId)))
        throw new UserFacingError('Record observations against the exercise’s service areas', 'outcome');
      await db.transaction(async (trx) => {
        const old = await notes.observations(id, trx);
        const saved = await notes.saveNotes(id, notesVersion, { ...input, status: input.outcome }, trx);
        if (!saved) {
          throw new ConflictError(
            'Someone else saved notes for this meeting while you were editing. Your changes are shown below: check the saved notes and save again.',
            'summary',
          );
        }
        await audit.record(
          actor,
          {
            action: 'meeting.notes_saved',
            recordType: 'meeting',
            recordId: id,
            changes: changedFields(before, old, input),
          },
          trx,
        );
      });
    },

    async addAction(
      actor: Actor,
      exerciseId: string,
      id: string,
      action: { description: string; owner: string; dueOn: string | null },
    ) {
      await meetingOrThrow(exerciseId, id);
      await db.transaction(async (trx) => {
        const actionId = await notes.insertAction(id, action, trx);
        await audit.record(
          actor,
          {
            action: 'meeting.action_added',
            recordType: 'meeting',
            recordId: id,
            changes: { actionId, ...action },
          },
          trx,
        );
      });
    },

    async setActionDone(actor: Actor, exerciseId: string, id: string, actionId: string, done: boolean) {
      await meetingOrThrow(exerciseId, id);
      await db.transaction(async (trx) => {
        if (!(await notes.setActionDone(id, actionId, done, trx)))
          throw new NotFoundError('Action not found');
        await audit.record(
          actor,
          { action: 'meeting.action_done', recordType: 'meeting', recordId: id, changes: { actionId, done } },
          trx,
        );
      });
    },

    /** A point from the meeting that every provider should know goes to the published log, anonymised. */
    async sendToClarificationLog(
      actor: Actor,
      exerciseId: string,
      id: string,
      input: { question: string; answer: string },
    ) {
      await meetingOrThrow(exerciseId, id);
      await deps.clarifications.publish(actor, exerciseId, input);
    },

    /**
     * The meetings that took place (with one provider only, given its invitation), each with its
     * per-area ratings and notes, earliest first.
     */
    async heldWithRatings(exerciseId: string, invitationId?: string): Promise<HeldMeeting[]> {
      const meetingsById = new Map<string, HeldMeeting>();
      for (const row of await notes.heldObservations(exerciseId, invitationId)) {
        const meeting = meetingsById.get(row.meetingId) ?? {
          meetingId: row.meetingId,
          invitationId: row.invitationId,
          startsAt: row.startsAt,
          summary: row.summary,
          observations: [],
        };
        meetingsById.set(row.meetingId, meeting);
        if (row.serviceAreaId === null) continue;
        meeting.observations.push({
          serviceAreaId: row.serviceAreaId,
          areaName: row.areaName ?? '',
          rating: row.rating,
          deliveryModels: row.deliveryModels ?? '',
          capacity: row.capacity ?? '',
          concerns: row.concerns ?? '',
          notes: row.notes ?? '',
        });
      }
      return [...meetingsById.values()];
    },

    history: (id: string) => audit.listForRecord('meeting', id),
  };
}

export type MeetingLogService = ReturnType<typeof createMeetingLogService>;
