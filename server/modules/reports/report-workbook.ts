import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { reportSheets, type Sheet } from './report-sheets';
import type { Report } from './report-service';

/**
 * One sheet with a bold, frozen, filterable header row. Each row is committed as it is added
 * and the writer waits whenever the client is behind, so memory stays flat however many rows.
 */
async function addSheet(
  workbook: ExcelJS.stream.xlsx.WorkbookWriter,
  stream: Writable,
  { name, columns, rows, after = [] }: Sheet,
) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  // A column's number format is one style shared by its cells, not one object per cell.
  sheet.columns = columns.map((column) => ({
    header: column.header,
    width: column.width,
    ...(column.numFmt ? { style: { numFmt: column.numFmt } } : {}),
  }));
  sheet.getRow(1).font = { bold: true };
  let count = 0;
  for (const values of rows) {
    sheet.addRow(values).commit();
    count += 1;
    if (count % ROWS_BETWEEN_PAUSES === 0) await letTheStreamDrain(stream);
  }
  // Written when the sheet is committed, so it can span the rows just streamed.
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + count, column: columns.length } };
  // Notes go below the table after a blank row, so the filter still covers only the table.
  if (after.length) sheet.addRow([]).commit();
  for (const values of after) sheet.addRow(values).commit();
  sheet.commit();
}

const ROWS_BETWEEN_PAUSES = 500;

/** Lets the zip writer compress what it has and waits for the client if it is behind. */
async function letTheStreamDrain(stream: Writable) {
  await new Promise((resolve) => setImmediate(resolve));
  if (stream.writableNeedDrain) {
    await new Promise<void>((resolve) => {
      const done = () => {
        stream.off('drain', done);
        stream.off('close', done);
        resolve();
      };
      stream.on('drain', done);
      stream.on('close', done);
    });
  }
  // A client that went away needs no more rows.
  if (stream.destroyed) throw new ClientGoneError();
}

class ClientGoneError extends Error {}

/** Streams the market-interest workbook: Summary, By segment, Detail, Reasons, Meetings, Settings. */
export async function writeReportWorkbook(stream: Writable, report: Report) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  try {
    for (const sheet of reportSheets(report)) await addSheet(workbook, stream, sheet);
    await workbook.commit();
  } catch (error) {
    if (!(error instanceof ClientGoneError)) throw error;
  }
}
