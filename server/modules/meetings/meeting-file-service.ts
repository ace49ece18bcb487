import fs from 'node:fs';
import type { Knex } from 'knex';
import { UserFacingError } from '../../lib/errors';
import { CONTENT_TYPES, sniffFileType, type SniffedType } from '../../lib/file-sniff';
import type { FileStore } from '../../lib/file-store';
import type { Actor, AuditService } from '../audit/audit-service';
import type { MeetingFileRepository } from './meeting-file-repository';
import type { MeetingService } from './meeting-service';

const ALLOWED: SniffedType[] = ['pdf', 'docx', 'xlsx', 'pptx', 'odt', 'ods', 'csv', 'png', 'jpg'];
const MAX_BYTES = 20 * 1024 * 1024;

export type IncomingFile = { fieldname: string; originalname: string; path: string; size: number };

/** Slides and minutes kept with a meeting: staff only, the same upload rules as responses. */
export function createMeetingFileService(deps: {
  db: Knex;
  files: MeetingFileRepository;
  store: FileStore;
  meetings: MeetingService;
  audit: AuditService;
}) {
  return {
    list: (meetingId: string) => deps.files.list(meetingId),

    async attach(
      actor: Actor,
      exerciseId: string,
      meetingId: string,
      uploads: IncomingFile[],
    ): Promise<void> {
      const meeting = await deps.meetings.find(exerciseId, meetingId);
      const chosen = uploads.filter((file) => file.fieldname === 'files' && file.size > 0);
      if (chosen.length === 0) throw new UserFacingError('Choose a file to upload', 'files');
      const checked: { file: IncomingFile; fileType: SniffedType }[] = [];
      for (const file of chosen) {
        if (file.size > MAX_BYTES)
          throw new UserFacingError(`${file.originalname} must be smaller than 20 MB`, 'files');
        const fileType = sniffFileType(await fs.promises.readFile(file.path));
        if (!fileType || !ALLOWED.includes(fileType)) {
          throw new UserFacingError(
            `${file.originalname} must be a PDF, Word, Excel, PowerPoint, OpenDocument, CSV, PNG or JPEG file`,
            'files',
          );
        }
        checked.push({ file, fileType });
      }
      const kept = await deps.store.keepAll(checked.map((upload) => upload.file.path));
      const stored = checked.map((upload, index) => ({ ...upload, ...kept[index] }));
      try {
        await deps.db.transaction(async (trx) => {
          for (const { file, fileType, storedName, sha256 } of stored) {
            const id = await deps.files.insert(
              {
                meetingId: meeting.id,
                originalName: file.originalname.slice(0, 200),
                storedName,
                fileType,
                sizeBytes: file.size,
                sha256,
              },
              actor.userId!,
              trx,
            );
            await deps.audit.record(
              actor,
              {
                action: 'meeting.file_added',
                recordType: 'meeting',
                recordId: meeting.id,
                changes: { fileId: id, name: file.originalname },
              },
              trx,
            );
          }
        });
      } catch (error) {
        await Promise.all(stored.map((upload) => deps.store.remove(upload.storedName)));
        throw error;
      }
    },

    async open(exerciseId: string, meetingId: string, fileId: string) {
      const meeting = await deps.meetings.find(exerciseId, meetingId);
      const file = await deps.files.find(meeting.id, fileId);
      if (!file) return undefined;
      return {
        file,
        contentType: CONTENT_TYPES[file.fileType as SniffedType] ?? 'application/octet-stream',
        stream: deps.store.read(file.storedName),
      };
    },
  };
}

export type MeetingFileService = ReturnType<typeof createMeetingFileService>;
