import { Suspense, lazy, useEffect, useState } from 'react';
import { formatDay } from '../../../../shared/days';
import { describeKpiRange } from '../../../../shared/kpi-format';
import type { KpiReport } from '../../../../shared/kpis';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageState';
import { useInsightsStore } from '../../stores/insights';
import type { InsightsMode } from './InsightsCharts';
import { KpiFigures } from './KpiFigures';
import { RangeControl } from './RangeControl';
import './insights.css';

// The charts bring recharts, the app's largest library: loaded when Insights first opens, so the
// other views never download or parse it.
const InsightsCharts = lazy(() => import('./InsightsCharts').then((m) => ({ default: m.InsightsCharts })));

/** Charts or tables: the same numbers either way; both are printed. */
function ModeToggle({ mode, onChange }: { mode: InsightsMode; onChange: (mode: InsightsMode) => void }) {
  return (
    <div className="segmented insights-mode" role="group" aria-label="Show the numbers as">
      {(
        [
          ['chart', 'Charts'],
          ['table', 'Tables'],
        ] as const
      ).map(([id, label]) => (
        <button
          key={id}
          type="button"
          className={`segmented-item${id === mode ? ' is-selected' : ''}`}
          aria-pressed={id === mode}
          onClick={() => onChange(id)}
        >
          {label}
        </button>
      ))}
    </div>
  );
}

function EmptyRange() {
  return (
    <section className="insights-card" aria-labelledby="insights-empty-title" data-testid="insights-empty">
      <h2 id="insights-empty-title" className="insights-card-title">
        No trains in this range
      </h2>
      <p className="insights-card-description">
        No train of the calendar starts in it. Choose a preset, or a range of days in which trains start.
      </p>
    </section>
  );
}

function Report({ report, mode }: { report: KpiReport; mode: InsightsMode }) {
  if (report.trains.length === 0) return <EmptyRange />;
  return (
    <>
      <section aria-labelledby="insights-figures-title">
        <h2 id="insights-figures-title" className="visually-hidden">
          Headline figures
        </h2>
        <KpiFigures summary={report.summary} />
      </section>
      <Suspense fallback={<PageLoading what="the charts" />}>
        <InsightsCharts report={report} mode={mode} />
      </Suspense>
    </>
  );
}

/** The Insights section: how releases went over a range of trains, in figures, trends per train and exposure per deployment. */
export function InsightsView() {
  const report = useInsightsStore((s) => s.report);
  const status = useInsightsStore((s) => s.status);
  const loadError = useInsightsStore((s) => s.loadError);
  const load = useInsightsStore((s) => s.load);
  const [mode, setMode] = useState<InsightsMode>('chart');

  // Always read on open: rollouts move on from the other views and the CLI.
  useEffect(() => {
    void useInsightsStore.getState().load();
  }, []);

  return (
    <div className="page insights-page" data-testid="insights">
      <PageHeader
        title="Insights"
        subtitle="Release health over a range of trains: on time, halts, time to fix, rollout duration, and the deployments regressions reached."
        actions={
          <>
            <ModeToggle mode={mode} onChange={setMode} />
            {/* The browser's (or the desktop app's) print dialog; the page prints through @media print. */}
            <button type="button" className="button" onClick={() => window.print()} disabled={!report}>
              Print…
            </button>
          </>
        }
      />
      <section className="insights-toolbar" aria-label="Range" aria-busy={status === 'loading'}>
        <RangeControl>
          {report && (
            <p className="insights-range-words" data-testid="insights-range-words">
              <span>{describeKpiRange(report)}</span>
              <span className="insights-range-asof">
                as of {formatDay(report.today, { weekday: true, year: true })}
                {status === 'loading' ? ' · updating…' : ''}
              </span>
            </p>
          )}
        </RangeControl>
      </section>
      {status === 'error' && (
        <div className="insights-error">
          <FormAlert message={loadError ?? 'The figures could not be loaded.'} />
          <button type="button" className="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      )}
      {report ? (
        <Report report={report} mode={mode} />
      ) : (
        status !== 'error' && <PageLoading what="the release health figures" />
      )}
    </div>
  );
}
