/** One line of the benchmark table. */
export interface ResultRow {
  /** Which benchmark, e.g. "1. Engine floor". */
  benchmark: string;
  /** What was measured, e.g. "up, 1 RecorderDeployment (median of 5)". */
  figure: string;
  /** The measured value, formatted. */
  value: string;
  /** The target, when this figure has one. */
  target?: string;
  /** Whether the target was met; `undefined` when there is no target. */
  met?: boolean;
}

/**
 * Formats rows as a Markdown table, readable in a terminal and pasteable into BENCHMARKS.md.
 *
 * @example
 * ```ts
 * console.log(formatResultsTable([{ benchmark: "3", figure: "p99", value: "2 ms", target: "< 20 ms", met: true }]));
 * ```
 */
export function formatResultsTable(rows: readonly ResultRow[]): string {
  const header = ["Benchmark", "Figure", "Value", "Target", "Met"];
  const cells = rows.map((row) => [
    row.benchmark,
    row.figure,
    row.value,
    row.target ?? "",
    row.met === undefined ? "" : row.met ? "yes" : "NO",
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((line) => line[column].length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column])).join(" | ")} |`;
  return [
    line(header),
    `|${widths.map((width) => "-".repeat(width + 2)).join("|")}|`,
    ...cells.map(line),
  ].join("\n");
}
