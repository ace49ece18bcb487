import fs from 'node:fs';
import type { Knex } from 'knex';
import { CONTENT_TYPES, sniffFileType, type SniffedType } from '../../lib/file-sniff';
import type { FileStore } from '../../lib/file-store';
import { FILE_TYPES } from '../questionnaires/question-types';
import { fieldName, type AnswerItem, type AnswerValue } from './answer-items';
import type { AttachmentRepository } from './attachment-repository';

export type UploadedFile = { fieldname: string; originalname: string; path: string; size: number };
export type CheckedUpload = { item: AnswerItem; file: UploadedFile; fileType: SniffedType };
export type StoredUpload = CheckedUpload & { storedName: string; sha256: string };

const MB = 1024 * 1024;
export const MAX_FILES_PER_QUESTION = 5;

/** A file question's answer: the ids of its attachments (older answers hold a single id). */
export const fileIds = (value: AnswerValue): string[] =>
  Array.isArray(value) ? value : value ? [value] : [];

/**
 * Checks each file question's upload: size within the question's limit, and a type the
 * question allows, judged by the file's content. Returns problems keyed by form field.
 */
export async function checkUploads(
  items: AnswerItem[],
  files: UploadedFile[],
  saved: Map<string, AnswerValue>,
  complete: boolean,
) {
  const accepted: CheckedUpload[] = [];
  const errors: { field: string; text: string }[] = [];
  for (const item of items.filter((candidate) => candidate.question.type === 'file_upload')) {
    const field = fieldName(item.key);
    const chosen = files.filter((candidate) => candidate.fieldname === field && candidate.size > 0);
    const name = item.area ? `${item.question.label} (${item.area.name})` : item.question.label;
    const existing = fileIds(saved.get(item.key) ?? null);
    if (chosen.length === 0) {
      if (complete && item.question.required && existing.length === 0) {
        errors.push({ field, text: `Upload a file for “${name}”` });
      }
      continue;
    }
    if (existing.length + chosen.length > MAX_FILES_PER_QUESTION) {
      errors.push({ field, text: `You can attach up to ${MAX_FILES_PER_QUESTION} files for “${name}”` });
      continue;
    }
    const limitMb = item.question.maxFileMb ?? 20;
    const allowed = item.question.allowedFileTypes?.length
      ? item.question.allowedFileTypes
      : FILE_TYPES.map((t) => t.value);
    for (const file of chosen) {
      if (file.size > limitMb * MB) {
        errors.push({ field, text: `The file for “${name}” must be smaller than ${limitMb} MB` });
        break;
      }
      const fileType = sniffFileType(await fs.promises.readFile(file.path));
      if (!fileType || !allowed.includes(fileType)) {
        errors.push({
          field,
          text: `The file for “${name}” must be a ${allowed.map((t) => t.toUpperCase()).join(', ')}`,
        });
        break;
      }
      accepted.push({ item, file, fileType });
    }
  }
  return { accepted, errors };
}

export function createAttachmentService(deps: { attachments: AttachmentRepository; store: FileStore }) {
  return {
    /** Copies accepted uploads into the store, before the database transaction that records them. */
    async store(uploads: CheckedUpload[]): Promise<StoredUpload[]> {
      const kept = await deps.store.keepAll(uploads.map((upload) => upload.file.path));
      return uploads.map((upload, index) => ({ ...upload, ...kept[index] }));
    },

    /** Records stored uploads; returns the new attachment ids for each item key. */
    async record(
      responseId: string,
      stored: StoredUpload[],
      userId: string,
      trx: Knex,
    ): Promise<Map<string, string[]>> {
      const values = new Map<string, string[]>();
      for (const { item, file, fileType, storedName, sha256 } of stored) {
        const id = await deps.attachments.insert(
          {
            responseId,
            questionId: item.question.id,
            areaId: item.area?.id ?? null,
            originalName: file.originalname.slice(0, 200),
            storedName,
            fileType,
            sizeBytes: file.size,
            sha256,
          },
          userId,
          trx,
        );
        values.set(item.key, [...(values.get(item.key) ?? []), id]);
      }
      return values;
    },

    /** Removes stored files whose transaction failed, so no orphan is left on disk. */
    discard: (stored: StoredUpload[]) =>
      Promise.all(stored.map((upload) => deps.store.remove(upload.storedName))),

    names: async (responseId: string) =>
      new Map((await deps.attachments.listForResponse(responseId)).map((a) => [a.id, a.originalName])),
    async open(responseId: string, id: string) {
      const attachment = await deps.attachments.findForResponse(responseId, id);
      if (!attachment) return undefined;
      return {
        attachment,
        contentType: CONTENT_TYPES[attachment.fileType as SniffedType] ?? 'application/octet-stream',
        stream: deps.store.read(attachment.storedName),
      };
    },
  };
}

export type AttachmentService = ReturnType<typeof createAttachmentService>;
