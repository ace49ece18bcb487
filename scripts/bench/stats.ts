export const percentile = (values: number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
};

export const median = (values: number[]) => percentile(values, 0.5);

export const megabytes = (bytes: number) => bytes / (1024 * 1024);

export type Row = { metric: string; measured: string; target: string; pass: boolean | null };

/** Prints the results as an aligned table; pass null means there is no target to meet. */
export function printTable(rows: Row[]) {
  const widths = [
    Math.max(6, ...rows.map((row) => row.metric.length)),
    Math.max(8, ...rows.map((row) => row.measured.length)),
    Math.max(6, ...rows.map((row) => row.target.length)),
  ];
  const line = (cells: string[]) =>
    cells
      .map((cell, index) => cell.padEnd(widths[index] ?? 4))
      .join('  ')
      .trimEnd();
  console.log(line(['Metric', 'Measured', 'Target', 'Result']));
  console.log(line(widths.map((width) => '-'.repeat(width)).concat('------')));
  for (const row of rows)
    console.log(
      line([row.metric, row.measured, row.target, row.pass === null ? '-' : row.pass ? 'PASS' : 'FAIL']),
    );
}
