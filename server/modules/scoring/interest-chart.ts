import type { AreaSummary } from './scoring-model';

/**
 * A horizontal stacked bar chart of interested providers per area, laid out on the server so
 * the page needs no script. Colours differ in lightness as well as hue, and every segment wide
 * enough carries its count, so the chart still reads when printed in black and white.
 */
export type ChartCategory = { key: string; label: string };

const FILLS = [
  { fill: '#003078', text: '#ffffff' },
  { fill: '#5694ca', text: '#0b0c0c' },
  { fill: '#d2e2f1', text: '#0b0c0c' },
];

const WIDTH = 640;
const BAR_LEFT = 8;
const BAR_WIDTH = 560;
const ROW_HEIGHT = 52;
const BAR_HEIGHT = 22;
const LEGEND_HEIGHT = 36;

export function stackedInterestChart(
  summaries: AreaSummary[],
  countsOf: (summary: AreaSummary) => Record<string, number>,
  categories: ChartCategory[],
) {
  const max = Math.max(1, ...summaries.map((summary) => summary.interested));
  const scale = BAR_WIDTH / max;
  const rows = summaries.map((summary, index) => {
    const top = LEGEND_HEIGHT + index * ROW_HEIGHT;
    let x = BAR_LEFT;
    const segments = categories.flatMap((category, position) => {
      const count = countsOf(summary)[category.key] ?? 0;
      if (count === 0) return [];
      const segment = { x, width: count * scale, count, ...FILLS[position % FILLS.length] };
      x += segment.width;
      return [{ ...segment, showCount: segment.width >= 18 }];
    });
    return {
      name: summary.name,
      interested: summary.interested,
      labelY: top + 14,
      barY: top + 20,
      totalX: x + 6,
      segments,
    };
  });
  return {
    width: WIDTH,
    height: LEGEND_HEIGHT + rows.length * ROW_HEIGHT + 8,
    barHeight: BAR_HEIGHT,
    legend: categories.map((category, position) => ({
      label: category.label,
      x: BAR_LEFT + position * 200,
      ...FILLS[position % FILLS.length],
    })),
    rows,
  };
}
