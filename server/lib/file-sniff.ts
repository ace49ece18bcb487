/**
 * Identifies an uploaded file by its content, never by its name or the browser's claim. Covers
 * the document types questionnaires accept. (npm `file-type` is ESM-only from v17, which the
 * test runner cannot load; these signatures are the ones it uses for these types.)
 */
export type SniffedType = 'pdf' | 'png' | 'jpg' | 'docx' | 'xlsx' | 'pptx' | 'odt' | 'ods' | 'csv';

export const CONTENT_TYPES: Record<SniffedType, string> = {
  pdf: 'application/pdf',
  png: 'image/png',
  jpg: 'image/jpeg',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  csv: 'text/csv',
};

const startsWith = (buffer: Buffer, bytes: number[]) => bytes.every((byte, index) => buffer[index] === byte);

function zipKind(buffer: Buffer): SniffedType | undefined {
  // OpenDocument stores its type uncompressed as the first entry, named "mimetype".
  const head = buffer.subarray(30, 100).toString('latin1');
  if (head.startsWith('mimetypeapplication/vnd.oasis.opendocument.text')) return 'odt';
  if (head.startsWith('mimetypeapplication/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  // Office Open XML: the entry names in the zip say which application wrote it.
  if (buffer.includes('word/document.xml', 0, 'latin1')) return 'docx';
  if (buffer.includes('xl/workbook.xml', 0, 'latin1')) return 'xlsx';
  if (buffer.includes('ppt/presentation.xml', 0, 'latin1')) return 'pptx';
  return undefined;
}

function isUtf8Text(buffer: Buffer): boolean {
  if (buffer.includes(0)) return false;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(buffer);
    return true;
  } catch {
    return false;
  }
}

export function sniffFileType(buffer: Buffer): SniffedType | undefined {
  if (startsWith(buffer, [0x25, 0x50, 0x44, 0x46, 0x2d])) return 'pdf';
  if (startsWith(buffer, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(buffer, [0xff, 0xd8, 0xff])) return 'jpg';
  if (startsWith(buffer, [0x50, 0x4b, 0x03, 0x04])) return zipKind(buffer);
  if (buffer.length > 0 && isUtf8Text(buffer)) return 'csv';
  return undefined;
}
