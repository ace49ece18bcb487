import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { reportSheets, type Sheet } from './report-sheets';
import type { Report } from './report-service';

/**
 * One sheet with a bold, frozen, filterable header row. Each row is committed as it is added,
 * so the streaming writer sends it on instead of holding the workbook in memory.
 */
function addSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, { name, columns, rows, after = [] }: Sheet) {
  const sheet = workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map((column) => ({ header: column.header, width: column.width }));
  sheet.getRow(1).font = { bold: true };
  for (const values of rows) {
    const row = sheet.addRow(values);
    columns.forEach((column, index) => {
      if (column.numFmt) row.getCell(index + 1).numFmt = column.numFmt;
    });
    row.commit();
  }
  // Written when the sheet is committed, so it can span the rows just streamed.
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1 + rows.length, column: columns.length } };
  // Notes go below the table after a blank row, so the filter still covers only the table.
  if (after.length) sheet.addRow([]).commit();
  for (const values of after) sheet.addRow(values).commit();
  sheet.commit();
}

/** Streams the market-interest workbook: Summary, By segment, Detail, Reasons, Meetings, Settings. */
export async function writeReportWorkbook(stream: Writable, report: Report) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
  for (const sheet of reportSheets(report)) addSheet(workbook, sheet);
  await workbook.commit();
}
