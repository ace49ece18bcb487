import { Document, Paragraph } from 'docx';
import {
  AREA_HEADERS,
  areaRows,
  choiceCounts,
  providerLabels,
  reasonRows,
  SEGMENTS,
} from '../scoring/report-rows';
import {
  clarificationsAppendix,
  heading,
  labelled,
  meetingsAppendix,
  methodSection,
  paragraph,
  table,
} from './report-document-parts';
import type { Report } from './report-service';

const score = (value: number | null) => (value === null ? 'No responses' : value.toFixed(1));

const SEGMENT_COUNTS = { sector: 'bySector', reach: 'byReach', size: 'bySize' } as const;

const plural = (count: number, one: string, many: string) => `${count} ${count === 1 ? one : many}`;

/** Counts per segment, largest first, e.g. "Private sector: 3; Public sector: 1". */
function segmentCounts(counts: Record<string, number>, labels: Record<string, string>) {
  return (
    Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([key, count]) => `${labels[key] ?? key}: ${count}`)
      .join('; ') || 'None'
  );
}

type AreaRow = ReturnType<typeof areaRows>[number];

/** Worked out once for every area, so the document stays linear in the number of areas. */
function areaContext(report: Report) {
  return {
    labels: providerLabels(report.data, report.anonymise),
    choices: choiceCounts(report.data),
    reasons: reasonRows(report.data),
    summaries: new Map(report.data.summaries.map((summary) => [summary.areaId, summary])),
  };
}

/** One area's paragraphs: depth, who is interested, the choices they preferred and why others stayed away. */
function areaSection(context: ReturnType<typeof areaContext>, row: AreaRow) {
  const interested = context.summaries
    .get(row.areaId)!
    .pairs.filter((pair) => pair.interested)
    .sort((a, b) => b.s - a.s)
    .map((pair) => context.labels.get(pair.providerId)!);
  const choices = context.choices.get(row.areaId) ?? [];
  const reasons = context.reasons.filter((reason) => reason.areaId === row.areaId);
  return [
    heading(row.name, 3),
    labelled(
      'Market depth',
      `${row.depth}: ${plural(row.interested, 'provider', 'providers')} interested of ${row.responded} responding (${row.invited} invited); ` +
        `mean score ${score(row.meanS)}, median ${score(row.medianS)}.`,
    ),
    ...SEGMENTS.map(({ dimension, key, labels }) =>
      labelled(`Interested by ${dimension.toLowerCase()}`, segmentCounts(row[SEGMENT_COUNTS[key]], labels)),
    ),
    labelled('Interested providers', interested.join('; ') || 'None'),
    ...(choices.length === 0
      ? [labelled('Delivery models preferred', 'No choices recorded by interested providers.')]
      : choices.map((choice) =>
          labelled(
            choice.question,
            choice.options.map((option) => `${option.label} (${option.count})`).join('; '),
          ),
        )),
    labelled(
      'Main reasons for no interest',
      reasons.map((reason) => `${reason.reason} (${reason.count})`).join('; ') || 'None given.',
    ),
  ];
}

/** The committee report section on market interest, as a Word document. */
export function buildReportDocument(report: Report): Document {
  const { exercise, finding } = report.data;
  const rows = areaRows(report.data);
  const context = areaContext(report);
  return new Document({
    title: `Market interest: ${exercise.title}`,
    creator: 'Market Testing Portal',
    sections: [
      {
        children: [
          heading(`Market interest: ${exercise.title}`, 1),
          paragraph(
            `Exercise ${exercise.reference}. Providers covered: ${report.providersShown}.` +
              (report.anonymise ? ' Providers are anonymised.' : ''),
          ),
          heading('Finding', 2),
          paragraph(finding),
          heading('Summary by service area', 2),
          table(
            [...AREA_HEADERS],
            rows.map((row) => [
              String(row.rank),
              row.name,
              String(row.invited),
              String(row.responded),
              String(row.interested),
              row.depth,
              score(row.meanS),
              score(row.medianS),
            ]),
          ),
          new Paragraph({}),
          heading('Service areas', 2),
          ...rows.flatMap((row) => areaSection(context, row)),
          ...methodSection(report),
          ...clarificationsAppendix(report),
          ...meetingsAppendix(report),
        ],
      },
    ],
  });
}
