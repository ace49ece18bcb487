import { londonDateAndTime } from '../../lib/dates';
import {
  AREA_HEADERS,
  areaCells,
  DETAIL_HEADERS,
  detailCells,
  reasonRows,
  SEGMENT_COLUMNS,
  segmentRows,
} from '../scoring/report-rows';
import type { Report } from './report-service';

export type Cell = string | number | Date | null;
export type Column = { header: string; width: number; numFmt?: string };
/** A table with one header row; `after` are notes written below it, outside the filtered range. */
export type Sheet = { name: string; columns: Column[]; rows: Iterable<Cell[]>; after?: Cell[][] };

/** Rows made one at a time as the writer asks for them, not all held at once. */
function* lazily<T>(items: Iterable<T>, toRows: (item: T) => Cell[][]): Generator<Cell[]> {
  for (const item of items) yield* toRows(item);
}

const SCORE = '0.0';
const LONDON_DATE_TIME = 'd mmm yyyy hh:mm';
const AREA = { header: 'Service area', width: 36 };

/**
 * Excel has no time zones, so a meeting is written as its Europe/London wall-clock time: the
 * date and time a council officer expects to read, in summer and in winter.
 */
function londonWallClock(instant: Date): Date {
  const { isoDate, time } = londonDateAndTime(instant);
  return new Date(`${isoDate}T${time}:00Z`);
}

const AREA_WIDTHS = [7, AREA.width, 10, 12, 12, 14, 12, 14];

function summarySheet(report: Report): Sheet {
  return {
    name: 'Summary',
    columns: [
      ...AREA_HEADERS.map((header, index) => ({
        header,
        width: AREA_WIDTHS[index],
        ...(header.endsWith('score') ? { numFmt: SCORE } : {}),
      })),
      ...SEGMENT_COLUMNS.map((column) => ({ header: column.header, width: 18 })),
    ],
    rows: areaCells(report.data),
    after: [
      ['Finding', report.data.finding],
      ['Providers shown', report.providersShown],
    ],
  };
}

const segmentSheet = (report: Report): Sheet => ({
  name: 'By segment',
  columns: [
    AREA,
    { header: 'Segment type', width: 14 },
    { header: 'Segment', width: 40 },
    { header: 'Invited', width: 10 },
    { header: 'Responded', width: 12 },
    { header: 'Interested', width: 12 },
  ],
  rows: segmentRows(report.data).map((row) => [
    row.area,
    row.dimension,
    row.segment,
    row.invited,
    row.responded,
    row.interested,
  ]),
});

const DETAIL_WIDTHS = [40, 24, 11, 22, AREA.width, 12, 16, 8, 8, 8, 12, 15, 50, 50];

/** The columns and cells of the CSV detail export, with numbers kept as numbers. */
const detailSheet = (report: Report): Sheet => ({
  name: 'Detail',
  columns: DETAIL_HEADERS.map((header, index) => ({
    header,
    width: DETAIL_WIDTHS[index],
    ...(['Q', 'M', 'S'].includes(header) ? { numFmt: SCORE } : {}),
  })),
  rows: detailCells(report.data, report.anonymise),
});

const reasonSheet = (report: Report): Sheet => ({
  name: 'Reasons',
  columns: [
    AREA,
    { header: 'Reason for no interest', width: 36 },
    { header: 'Providers giving it', width: 20 },
  ],
  rows: reasonRows(report.data).map((row) => [row.area, row.reason, row.count]),
});

/** One row per meeting and area discussed; staff's free-text notes only when providers are named. */
function meetingSheet(report: Report): Sheet {
  const notes = report.anonymise
    ? []
    : ['Delivery models discussed', 'Capacity', 'Concerns', 'Notes'].map((header) => ({ header, width: 40 }));
  return {
    name: 'Meetings',
    columns: [
      { header: 'Date (UK time)', width: 20, numFmt: LONDON_DATE_TIME },
      { header: 'Provider', width: 40 },
      { header: 'Sector', width: 24 },
      { header: 'Reach', width: 11 },
      { header: 'Size', width: 22 },
      { header: 'Service area discussed', width: 36 },
      { header: 'Rating (0-4)', width: 13 },
      ...notes,
    ],
    rows: lazily(report.meetings, (meeting) => {
      const when = londonWallClock(meeting.startsAt);
      const base = [when, meeting.provider, meeting.sector, meeting.reach, meeting.size];
      if (meeting.observations.length === 0) return [[...base, null, null]];
      return meeting.observations.map((o) => [
        ...base,
        o.area,
        o.rating,
        ...(report.anonymise ? [] : [o.deliveryModels, o.capacity, o.concerns, o.notes]),
      ]);
    }),
  };
}

function settingsSheet(report: Report): Sheet {
  const { exercise } = report.data;
  return {
    name: 'Settings',
    columns: [
      { header: 'Setting', width: 50 },
      { header: 'Value', width: 60 },
    ],
    rows: [
      ['Exercise', exercise.title],
      ['Reference', exercise.reference],
      ['Interest weight (w_I)', exercise.interestWeight],
      ['Meeting weight (alpha)', exercise.meetingWeight],
      ['Interest threshold (tau, out of 100)', exercise.interestThreshold],
      ['Strong market depth from (interested providers)', exercise.depthStrong],
      ['Moderate market depth from (interested providers)', exercise.depthModerate],
      ['Providers shown', report.providersShown],
      ['Providers named', report.anonymise ? 'No: anonymised' : 'Yes'],
    ],
  };
}

/** The workbook's sheets, in order. */
export const reportSheets = (report: Report): Sheet[] => [
  summarySheet(report),
  segmentSheet(report),
  detailSheet(report),
  reasonSheet(report),
  meetingSheet(report),
  settingsSheet(report),
];
