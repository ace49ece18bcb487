import type { Response } from 'express';
import type { Readable } from 'node:stream';

/**
 * Sends an uploaded file: always as a download, never shown inline, with the type judged from
 * its content and a file name reduced to safe characters for the header.
 */
export function sendDownload(res: Response, file: { name: string; contentType: string; stream: Readable }) {
  res.set({
    'Content-Type': file.contentType,
    'Content-Disposition': `attachment; filename="${file.name.replace(/[^\w.\- ]/g, '_')}"`,
    'X-Content-Type-Options': 'nosniff',
  });
  file.stream.pipe(res);
}
