import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type MeetingFile = {
  id: string;
  meetingId: string;
  originalName: string;
  storedName: string;
  fileType: string;
  sizeBytes: number;
  uploadedByName: string | null;
  uploadedAt: Date;
};

export function createMeetingFileRepository(db: Knex) {
  const base = () =>
    db('meeting_files as f')
      .leftJoin('users as u', 'u.id', 'f.uploaded_by')
      .select(
        'f.id',
        'f.meeting_id as meetingId',
        'f.original_name as originalName',
        'f.stored_name as storedName',
        'f.file_type as fileType',
        'f.size_bytes as sizeBytes',
        'u.name as uploadedByName',
        'f.uploaded_at as uploadedAt',
      );
  return {
    list: async (meetingId: string): Promise<MeetingFile[]> =>
      (await base().where('f.meeting_id', meetingId).orderBy('f.uploaded_at')) as MeetingFile[],
    find: async (meetingId: string, id: string): Promise<MeetingFile | undefined> =>
      isUuid(id)
        ? ((await base().where({ 'f.meeting_id': meetingId, 'f.id': id }).first()) as MeetingFile | undefined)
        : undefined,
    async insert(
      file: {
        meetingId: string;
        originalName: string;
        storedName: string;
        fileType: string;
        sizeBytes: number;
        sha256: string;
      },
      userId: string,
      trx: Knex,
    ): Promise<string> {
      const [{ id }] = await trx('meeting_files')
        .insert({
          meeting_id: file.meetingId,
          original_name: file.originalName,
          stored_name: file.storedName,
          file_type: file.fileType,
          size_bytes: file.sizeBytes,
          sha256: file.sha256,
          uploaded_by: userId,
        })
        .returning<{ id: string }[]>('id');
      return id;
    },
  };
}

export type MeetingFileRepository = ReturnType<typeof createMeetingFileRepository>;
