import type { RangeKpis } from '../../../../shared/kpis';
import { kpiFigures } from '../../../../shared/kpi-format';

/** The headline figures of a range, each with what it counts and its one-line definition beside it. */
export function KpiFigures({ summary }: { summary: RangeKpis }) {
  return (
    <dl className="insights-figures" aria-label="Headline figures">
      {kpiFigures(summary).map((f) => (
        <div key={f.name} className="insights-figure" data-testid={`kpi-${f.name}`}>
          <dt className="insights-figure-label">{f.label}</dt>
          <dd className="insights-figure-body">
            <span className="insights-figure-value" data-testid="kpi-value">
              {f.value}
            </span>
            <span className="insights-figure-detail" data-testid="kpi-detail">
              {f.detail}
            </span>
            <span className="insights-figure-definition">{f.definition}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}
