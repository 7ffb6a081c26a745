import type { CSSProperties } from 'react';

export interface HeatmapRow {
  key: string;
  name?: string;
  /** Per column: the customer wave (1…), or null when the deployment was not planned. */
  waves: readonly (number | null)[];
  /** Extra figures shown after the cells, in the order of `extraColumns`. */
  extras?: readonly string[];
}

interface HeatmapProps {
  /** Names the table for assistive technology, e.g. "Waves per deployment and train". */
  label: string;
  /** Column headers (train versions, or train numbers in a simulation). */
  columns: readonly string[];
  /** How a column is spoken in a cell's label: "2027.02", "train 12". */
  columnName?: (column: string) => string;
  rows: readonly HeatmapRow[];
  extraColumns?: readonly { label: string; title: string }[];
  /** Small cells without numbers, for long simulations. */
  compact?: boolean;
  testId?: string;
  rowTestIdPrefix?: string;
}

/** The highest wave in the rows, at least 1: the lightest colour of the scale. */
export function lastWave(rows: readonly HeatmapRow[]): number {
  let max = 1;
  for (const r of rows) for (const w of r.waves) if (w !== null && w > max) max = w;
  return max;
}

/** Wave 1 in the strongest accent, the last wave lightest. */
function waveStyle(wave: number, last: number): CSSProperties {
  const share = last <= 1 ? 1 : (last - wave) / (last - 1);
  const strength = Math.round(24 + share * 76);
  return {
    background: `color-mix(in srgb, var(--accent) ${strength}%, var(--surface))`,
    color: strength >= 55 ? '#fff' : 'var(--text)',
  };
}

export function HeatmapLegend({ last }: { last: number }) {
  return (
    <ul className="heatmap-legend" aria-label="Legend">
      {Array.from({ length: last }, (_, i) => i + 1).map((w) => (
        <li key={w}>
          <span className="heatmap-swatch" style={waveStyle(w, last)} aria-hidden="true" />
          {w === 1 ? 'Wave 1 (first customers)' : `Wave ${w}`}
        </li>
      ))}
      <li>
        <span className="heatmap-swatch heatmap-swatch-empty" aria-hidden="true" />
        Not planned
      </li>
    </ul>
  );
}

/** Deployments × trains, each cell coloured by the wave the deployment was in. */
export function Heatmap({
  label,
  columns,
  columnName = (c) => c,
  rows,
  extraColumns = [],
  compact = false,
  testId,
  rowTestIdPrefix = 'heatmap-row-',
}: HeatmapProps) {
  const last = lastWave(rows);
  return (
    <div className={`heatmap-frame${compact ? ' heatmap-compact' : ''}`}>
      <table className="heatmap" aria-label={label} data-testid={testId}>
        <thead>
          <tr>
            <th scope="col" className="heatmap-corner">
              Deployment
            </th>
            {columns.map((c) => (
              <th key={c} scope="col" className="heatmap-column" title={columnName(c)}>
                <span>{c}</span>
              </th>
            ))}
            {extraColumns.map((x) => (
              <th key={x.label} scope="col" className="heatmap-extra-head" title={x.title}>
                {x.label}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.key} data-testid={`${rowTestIdPrefix}${row.key}`}>
              <th scope="row" className="heatmap-key" title={row.name}>
                {row.key}
              </th>
              {row.waves.map((w, i) => {
                const text = `${row.key} in ${columnName(columns[i] ?? '')}: ${w === null ? 'not planned' : `wave ${w}`}`;
                return (
                  <td
                    key={i}
                    className={`heatmap-cell${w === null ? ' heatmap-cell-empty' : ''}`}
                    style={w === null ? undefined : waveStyle(w, last)}
                    title={text}
                    aria-label={text}
                  >
                    {!compact && w !== null ? w : null}
                  </td>
                );
              })}
              {row.extras?.map((x, i) => (
                <td key={`x${i}`} className="heatmap-extra">
                  {x}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
