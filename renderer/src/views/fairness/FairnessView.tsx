import { useEffect, useState } from 'react';
import { FormAlert } from '../../components/FormAlert';
import { PageHeader } from '../../components/PageHeader';
import { PageLoading } from '../../components/PageState';
import { useFairnessStore } from '../../stores/fairness';
import { FairnessFigures } from './FairnessFigures';
import { Heatmap, HeatmapLegend, type HeatmapRow, lastWave } from './Heatmap';
import { SimulatorPanel } from './SimulatorPanel';
import './fairness.css';

const EXTRA_COLUMNS = [
  { label: 'First', title: 'Trains in the first customer wave' },
  { label: 'Mean pos.', title: 'Mean normalized position: 0 is always first, 1 always last, 0.5 is ideal' },
  { label: 'Streak', title: 'Longest run of trains in the first customer wave' },
  { label: 'Gap', title: 'Longest run of trains without an early slot' },
  { label: 'Regr.', title: 'Regressions that reached it: each one counts against its exposure in the next plans' },
] as const;

/** Which trains the fleet figures count: the report's window (the last K), or every planned train. */
type Horizon = 'window' | 'all';

function ReportSection() {
  const [horizon, setHorizon] = useState<Horizon>('window');
  const report = useFairnessStore((s) => s.report);
  const status = useFairnessStore((s) => s.status);
  const loadError = useFairnessStore((s) => s.loadError);
  const load = useFairnessStore((s) => s.load);

  if (status === 'error')
    return (
      <section className="fairness-card">
        <FormAlert message={loadError ?? 'The fairness report could not be loaded.'} />
        <div>
          <button type="button" className="button" onClick={() => void load()}>
            Try again
          </button>
        </div>
      </section>
    );
  if (!report) return <PageLoading what="the fairness report" />;
  const figures = horizon === 'window' ? report.metrics : report.allTime;

  const per = new Map(report.metrics.perDeployment.map((d) => [d.key, d]));
  const rows: HeatmapRow[] = report.heatmap.map((r) => {
    const d = per.get(r.key);
    return {
      key: r.key,
      name: r.name,
      waves: r.waves,
      extras: d
        ? [
            String(d.firstWave),
            d.meanPosition === null ? '–' : d.meanPosition.toFixed(2),
            String(d.longestFirstStreak),
            String(d.longestGap),
            String(d.regressions),
          ]
        : ['–', '–', '–', '–', '–'],
    };
  });

  return (
    <>
      <section className="fairness-card" aria-labelledby="fairness-figures-title">
        <div className="fairness-card-head">
          <h2 id="fairness-figures-title" className="fairness-card-title">
            Fleet figures
          </h2>
          {report.trains.length > 0 && (
            <div className="segmented" role="group" aria-label="Horizon of the figures">
              {(
                [
                  ['window', `Last ${report.metrics.trains} trains`],
                  ['all', `All time (${report.allTime.trains})`],
                ] as const
              ).map(([id, label]) => (
                <button
                  key={id}
                  type="button"
                  className={`segmented-item${id === horizon ? ' is-selected' : ''}`}
                  aria-pressed={id === horizon}
                  onClick={() => setHorizon(id)}
                >
                  {label}
                </button>
              ))}
            </div>
          )}
        </div>
        {report.trains.length === 0 ? (
          <p className="fairness-empty">No train has a rollout plan yet: plan one from its drawer on the calendar.</p>
        ) : (
          <FairnessFigures
            metrics={figures}
            label={horizon === 'window' ? 'Fleet figures, last trains' : 'Fleet figures, all time'}
          />
        )}
      </section>
      {report.trains.length > 0 && (
        <section className="fairness-card" aria-labelledby="fairness-heatmap-title">
          <div className="fairness-card-head">
            <div>
              <h2 id="fairness-heatmap-title" className="fairness-card-title">
                Waves per deployment
              </h2>
              <p className="fairness-card-description">
                Each column is a planned train, oldest first; the stronger the colour, the earlier the deployment got
                the release. A fair plan has no row that is always strong.
              </p>
            </div>
            <HeatmapLegend last={lastWave(rows)} />
          </div>
          <Heatmap
            label="Waves per deployment and train"
            columns={report.trains.map((t) => t.version)}
            rows={rows}
            extraColumns={EXTRA_COLUMNS}
            testId="fairness-heatmap"
          />
        </section>
      )}
    </>
  );
}

/** The Fairness section: who went first, train after train, and a simulator to try the policy at scale. */
export function FairnessView() {
  // Always fetch on open: plans change from the calendar and the CLI.
  useEffect(() => {
    void useFairnessStore.getState().load();
  }, []);

  return (
    <div className="page fairness-page" data-testid="fairness">
      <PageHeader
        title="Fairness"
        subtitle="Whether every deployment takes its turn in the first customer wave: over the last planned trains, and all time."
      />
      <ReportSection />
      <SimulatorPanel />
    </div>
  );
}
