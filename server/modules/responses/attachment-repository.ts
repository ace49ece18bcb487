import type { Knex } from 'knex';
import { isUuid } from '../../lib/uuid';

export type Attachment = {
  id: string;
  responseId: string;
  questionId: string;
  areaId: string | null;
  originalName: string;
  storedName: string;
  fileType: string;
  sizeBytes: number;
  sha256: string;
  uploadedAt: Date;
};

const COLUMNS = [
  'id',
  'response_id as responseId',
  'question_id as questionId',
  'area_id as areaId',
  'original_name as originalName',
  'stored_name as storedName',
  'file_type as fileType',
  'size_bytes as sizeBytes',
  'sha256',
  'uploaded_at as uploadedAt',
];

export function createAttachmentRepository(db: Knex) {
  return {
    async insert(
      attachment: Omit<Attachment, 'id' | 'uploadedAt'>,
      userId: string,
      trx: Knex,
    ): Promise<string> {
      const [{ id }] = await trx('attachments')
        .insert({
          response_id: attachment.responseId,
          question_id: attachment.questionId,
          area_id: attachment.areaId,
          original_name: attachment.originalName,
          stored_name: attachment.storedName,
          file_type: attachment.fileType,
          size_bytes: attachment.sizeBytes,
          sha256: attachment.sha256,
          uploaded_by: userId,
        })
        .returning<{ id: string }[]>('id');
      return id;
    },

    /** An attachment, only if it belongs to the given response: lookups are always scoped. */
    async findForResponse(responseId: string, id: string): Promise<Attachment | undefined> {
      if (!isUuid(id)) return undefined;
      return db('attachments').where({ id, response_id: responseId }).first<Attachment | undefined>(COLUMNS);
    },

    async listForResponse(responseId: string): Promise<Attachment[]> {
      return db('attachments').where({ response_id: responseId }).orderBy('uploaded_at').select(COLUMNS);
    },
  };
}

export type AttachmentRepository = ReturnType<typeof createAttachmentRepository>;
