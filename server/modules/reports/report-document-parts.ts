import { HeadingLevel, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { formatDateTime } from '../../lib/format';
import type { Report } from './report-service';

export const heading = (text: string, level: 1 | 2 | 3) =>
  new Paragraph({
    text,
    heading: { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3 }[level],
  });

export const paragraph = (text: string) => new Paragraph({ text });

/** "Label: text" with the label in bold, for the lines of a per-area paragraph. */
export const labelled = (label: string, text: string) =>
  new Paragraph({ children: [new TextRun({ text: `${label}: `, bold: true }), new TextRun(text)] });

export const bullet = (text: string) => new Paragraph({ text, bullet: { level: 0 } });

/** A full-width table whose header row repeats on every page. */
export function table(head: string[], rows: string[][]) {
  const cell = (text: string, bold = false) =>
    new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold })] })] });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: head.map((text) => cell(text, true)) }),
      ...rows.map((row) => new TableRow({ children: row.map((text) => cell(text)) })),
    ],
  });
}

/** How the scores are worked out, in the words of docs/scoring.md, with this exercise's settings. */
export function methodSection(report: Report) {
  const { exercise } = report.data;
  return [
    heading('Method and settings', 2),
    paragraph(
      'Each provider’s submitted answers, and the ratings staff gave after meeting it, are turned into a score from 0 to 100 for every service area. ' +
        'The questionnaire score combines the provider’s stated interest (0 not interested to 4 very high) with its answers to scored questions, each weighted. ' +
        'If staff rated the area after the provider’s most recent meeting, the combined score blends the questionnaire score with that rating; otherwise it is the questionnaire score. ' +
        'A provider counts as interested in an area when its combined score reaches the interest threshold.',
    ),
    paragraph(
      'Only submitted responses are scored. A provider that declined counts as having responded with no interest; invitations still awaiting an answer count only as invited, and withdrawn invitations are left out. ' +
        'Areas are ranked by the number of interested providers, then by mean score.',
    ),
    bullet(`Interest weight: ${exercise.interestWeight}`),
    bullet(
      `Meeting weight: ${exercise.meetingWeight} (the share of the combined score taken from the meeting rating)`,
    ),
    bullet(`Interest threshold: ${exercise.interestThreshold} out of 100`),
    bullet(
      `Market depth: strong from ${exercise.depthStrong} interested providers, moderate from ${exercise.depthModerate}, limited with 1, none with 0`,
    ),
    bullet(`Providers covered: ${report.providersShown}`),
  ];
}

export function clarificationsAppendix(report: Report) {
  return [
    heading('Appendix A: published clarifications', 2),
    ...(report.clarifications.length === 0
      ? [paragraph('No clarifications were published.')]
      : report.clarifications.flatMap((clarification, index) => [
          labelled(`Question ${index + 1}`, clarification.question),
          labelled('Answer', clarification.answer),
        ])),
  ];
}

export function meetingsAppendix(report: Report) {
  return [
    heading('Appendix B: meetings held', 2),
    report.meetings.length === 0
      ? paragraph('No meetings were held with the providers covered.')
      : table(
          ['Date (UK time)', 'Provider', 'Service areas discussed (staff rating out of 4)'],
          report.meetings.map((meeting) => [
            formatDateTime(meeting.startsAt),
            meeting.provider,
            meeting.observations
              .map((o) => `${o.area}: ${o.rating === null ? 'not rated' : o.rating}`)
              .join('; ') || 'No areas recorded',
          ]),
        ),
  ];
}
