import { type ReactNode, type RefObject, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { Bar, BarChart, CartesianGrid, LabelList, Tooltip, type TooltipContentProps, XAxis, YAxis } from 'recharts';
import { formatDay } from '../../../../shared/days';
import { formatHours, formatPercent } from '../../../../shared/kpi-format';
import { type DeploymentExposure, KPI_DEFINITIONS, type KpiReport } from '../../../../shared/kpis';
import type { HaltSeverity } from '../../../../shared/rollout-steps';
import { SEVERITY_LABEL } from '../rollouts/rollout-format';
import {
  NO_HALTS,
  NO_REGRESSIONS,
  describeExposure,
  describeFix,
  describeHalts,
  describeOnTime,
  describeRollout,
  durationTick,
  percentTick,
} from './insights-format';
import {
  type DurationScale,
  type ExposureChart,
  SEVERITY_ORDER,
  type TrainTrendRow,
  durationScale,
  exposureChart,
  longest,
  trainTrendRows,
} from './insights-model';

// The Insights charts (recharts: SVG drawn from React components, which prints sharp and takes a
// text alternative), loaded lazily by InsightsView. Each chart is a <figure> whose figcaption names
// it, whose SVG is one image described in a sentence, and whose numbers are also a table: shown in
// place of the chart in the table view, and printed under it.

/** Charts or tables: how the numbers are shown on screen. */
export type InsightsMode = 'chart' | 'table';

const TREND_HEIGHT = 220;
const EXPOSURE_ROW = 30;

/** Colours come from the theme's tokens (styles.css), so both themes and paper draw them. */
const COLOUR = {
  onTime: 'var(--chart-on-time)',
  fix: 'var(--chart-fix)',
  rollout: 'var(--chart-rollout)',
  early: 'var(--chart-early)',
  regressions: 'var(--chart-regressions)',
} as const;

const SEVERITY_COLOUR: Record<HaltSeverity, string> = {
  low: 'var(--severity-low)',
  medium: 'var(--severity-medium)',
  high: 'var(--severity-high)',
  critical: 'var(--severity-critical)',
};

/** recharts writes its text colour inline: the theme's muted text is given here, readable in both themes. */
const TICK = { fontSize: 11, fill: 'var(--text-muted)' };
const AXIS_LINE = 'var(--border-strong)';
/** The count at the end of a bar of the exposure chart. */
const BAR_LABEL = { fontSize: 11, fill: 'var(--text)' };

/** A count's axis ends at the largest count (at least 1), not at the next round number above it. */
const COUNT_DOMAIN: [number, (dataMax: number) => number] = [0, (dataMax) => Math.max(1, Math.ceil(dataMax))];

/** The content width of an element, followed as it resizes; 0 until it is laid out. */
function useContentWidth(): [RefObject<HTMLElement | null>, number] {
  const ref = useRef<HTMLElement | null>(null);
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => {
      const style = getComputedStyle(el);
      const inner = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      setWidth(Math.max(0, Math.floor(inner)));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

interface ChartFigureProps {
  id: string;
  title: string;
  description: string;
  mode: InsightsMode;
  /** Said instead of the chart and its table when there is nothing to draw. */
  empty: string | null;
  legend?: ReactNode;
  note?: string | null;
  chart: (width: number) => ReactNode;
  table: ReactNode;
  /**
   * The table stands beside the chart in the chart view too (a list longer than the chart draws),
   * scrolling in its frame, which then takes the focus so that the keyboard can scroll it.
   */
  beside?: boolean;
}

/** The widest a chart is drawn with a table beside it: about a per-train chart's width, so it prints alike. */
const BESIDE_CHART_WIDTH = 720;
const BESIDE_GAP = 24;

/** One chart: a figure with its caption, the chart (its SVG one described image) and the same numbers as a table. */
function ChartFigure({
  id,
  title,
  description,
  mode,
  empty,
  legend,
  note,
  chart,
  table,
  beside = false,
}: ChartFigureProps) {
  const [ref, width] = useContentWidth();
  const chartWidth = beside ? Math.min(BESIDE_CHART_WIDTH, Math.floor((width - BESIDE_GAP) * 0.6)) : width;
  return (
    <figure ref={ref} className={`insights-chart insights-chart-${id}`} data-testid={`chart-${id}`}>
      <figcaption className="insights-chart-caption">
        <span className="insights-chart-title">{title}</span>
        <span className="insights-chart-description">{description}</span>
      </figcaption>
      {empty !== null ? (
        <p className="insights-chart-empty">{empty}</p>
      ) : (
        <>
          {note && <p className="insights-chart-note">{note}</p>}
          <div className={beside ? 'insights-chart-beside' : 'insights-chart-stack'}>
            <div
              className={`insights-chart-plot${mode === 'table' ? ' is-screen-hidden' : ''}`}
              style={beside ? { width: chartWidth } : undefined}
            >
              {legend}
              {chartWidth > 0 && chart(chartWidth)}
            </div>
            <div
              className={`insights-table-frame${mode === 'chart' && !beside ? ' is-print-only' : ''}`}
              {...(beside ? { tabIndex: 0, role: 'region', 'aria-label': `${title}, every deployment` } : {})}
            >
              {table}
            </div>
          </div>
        </>
      )}
    </figure>
  );
}

function Legend({ items }: { items: readonly { label: string; colour: string }[] }) {
  return (
    <ul className="insights-legend">
      {items.map((i) => (
        <li key={i.label}>
          <span className="insights-legend-swatch" style={{ background: i.colour }} aria-hidden="true" />
          {i.label}
        </li>
      ))}
    </ul>
  );
}

interface TooltipText {
  title: string;
  lines: string[];
}

/**
 * A tooltip in the app's colours: the hovered row's name and its lines. Given to recharts as an
 * element, which it clones with the hover's props.
 */
function ChartTooltip({
  active,
  payload,
  describe,
}: Partial<Pick<TooltipContentProps, 'active' | 'payload'>> & { describe: (row: never) => TooltipText }) {
  const row: unknown = payload?.[0]?.payload;
  if (!active || row === undefined) return null;
  const { title, lines } = describe(row as never);
  return (
    <div className="insights-tooltip">
      <p className="insights-tooltip-title">{title}</p>
      {lines.map((line) => (
        <p key={line}>{line}</p>
      ))}
    </div>
  );
}

const trainTitle = (r: TrainTrendRow) => `${r.version} · started ${formatDay(r.start, { year: true })}`;

/** What every per-train chart shares: the trains along x in start order, a light grid, a tooltip. */
function TrendChart({
  rows,
  width,
  label,
  yAxis,
  lines,
  children,
}: {
  rows: readonly (TrainTrendRow & Record<string, unknown>)[];
  width: number;
  label: string;
  yAxis: ReactNode;
  lines: (row: TrainTrendRow) => string[];
  children: ReactNode;
}) {
  return (
    <BarChart
      width={width}
      height={TREND_HEIGHT}
      data={rows as (TrainTrendRow & Record<string, unknown>)[]}
      margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
      accessibilityLayer={false}
      role="img"
      aria-label={label}
      barCategoryGap="20%"
    >
      <CartesianGrid vertical={false} stroke="var(--border)" />
      <XAxis
        dataKey="version"
        stroke={AXIS_LINE}
        tick={TICK}
        tickLine={false}
        interval="preserveStartEnd"
        minTickGap={10}
      />
      {yAxis}
      <Tooltip
        content={<ChartTooltip describe={(r: TrainTrendRow) => ({ title: trainTitle(r), lines: lines(r) })} />}
        cursor={{ fill: 'var(--surface-hover)' }}
        isAnimationActive={false}
      />
      {children}
    </BarChart>
  );
}

function Table({
  label,
  head,
  rows,
}: {
  label: string;
  head: readonly string[];
  rows: readonly (readonly string[])[];
}) {
  return (
    <table className="insights-table" aria-label={label}>
      <thead>
        <tr>
          {head.map((h, i) => (
            <th key={h} scope="col" className={i === 0 ? undefined : 'numeric'}>
              {h}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {rows.map((row) => (
          <tr key={row[0]}>
            {row.map((cell, i) =>
              i === 0 ? (
                <th key={i} scope="row" className="mono">
                  {cell}
                </th>
              ) : (
                <td key={i} className="numeric">
                  {cell}
                </td>
              ),
            )}
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function OnTimeFigure({ rows, mode }: { rows: TrainTrendRow[]; mode: InsightsMode }) {
  const data = rows.map((r) => ({ ...r, percent: r.onTimeRate === null ? null : r.onTimeRate * 100 }));
  const none = rows.every((r) => r.onTimeRate === null);
  return (
    <ChartFigure
      id="on-time"
      title="On-time rate"
      description="Customer release days whose wave started on its planned day, over the release days due."
      mode={mode}
      empty={none ? 'No release day was due in these trains.' : null}
      chart={(width) => (
        <TrendChart
          rows={data}
          width={width}
          label={describeOnTime(rows)}
          lines={(r) => [
            r.onTimeRate === null
              ? 'No release day due'
              : `${formatPercent(r.onTimeRate)} · ${r.onTime} of ${r.releaseDays} release days`,
          ]}
          yAxis={
            <YAxis
              domain={[0, 100]}
              ticks={[0, 25, 50, 75, 100]}
              tickFormatter={percentTick}
              tick={TICK}
              tickLine={false}
              axisLine={false}
              width={48}
            />
          }
        >
          <Bar dataKey="percent" name="On-time rate" fill={COLOUR.onTime} maxBarSize={40} isAnimationActive={false} />
        </TrendChart>
      )}
      table={
        <Table
          label="On-time rate per train"
          head={['Train', 'On time', 'Release days due', 'Rate']}
          rows={rows.map((r) => [r.version, String(r.onTime), String(r.releaseDays), formatPercent(r.onTimeRate)])}
        />
      }
    />
  );
}

function HaltsFigure({ rows, mode }: { rows: TrainTrendRow[]; mode: InsightsMode }) {
  const halted = rows.some((r) => r.halts > 0);
  const data = rows.map((r) => ({ ...r, ...r.bySeverity }));
  return (
    <ChartFigure
      id="halts"
      title="Halts"
      description="Regressions that halted each train, by the severity recorded."
      mode={mode}
      empty={halted ? null : NO_HALTS}
      legend={<Legend items={SEVERITY_ORDER.map((s) => ({ label: SEVERITY_LABEL[s], colour: SEVERITY_COLOUR[s] }))} />}
      chart={(width) => (
        <TrendChart
          rows={data}
          width={width}
          label={describeHalts(rows)}
          lines={(r) =>
            r.halts === 0
              ? ['No halt']
              : [
                  `${r.halts} ${r.halts === 1 ? 'halt' : 'halts'}`,
                  SEVERITY_ORDER.filter((s) => r.bySeverity[s] > 0)
                    .map((s) => `${SEVERITY_LABEL[s]} ${r.bySeverity[s]}`)
                    .join(' · '),
                ]
          }
          yAxis={
            <YAxis
              allowDecimals={false}
              domain={COUNT_DOMAIN}
              tick={TICK}
              tickLine={false}
              axisLine={false}
              width={48}
            />
          }
        >
          {SEVERITY_ORDER.map((s) => (
            <Bar
              key={s}
              dataKey={s}
              name={SEVERITY_LABEL[s]}
              stackId="halts"
              fill={SEVERITY_COLOUR[s]}
              stroke="var(--surface)"
              strokeWidth={1}
              maxBarSize={40}
              isAnimationActive={false}
            />
          ))}
        </TrendChart>
      )}
      table={
        <Table
          label="Halts per train, by severity"
          head={['Train', ...SEVERITY_ORDER.map((s) => SEVERITY_LABEL[s]), 'Halts']}
          rows={rows.map((r) => [r.version, ...SEVERITY_ORDER.map((s) => String(r.bySeverity[s])), String(r.halts)])}
        />
      }
    />
  );
}

function durationAxis(scale: DurationScale) {
  return (
    <YAxis
      tickFormatter={(v: number) => durationTick(v, scale)}
      tick={TICK}
      tickLine={false}
      axisLine={false}
      width={48}
    />
  );
}

function FixFigure({ rows, mode, halts }: { rows: TrainTrendRow[]; mode: InsightsMode; halts: number }) {
  const scale = durationScale(longest(rows.map((r) => r.fixHours)));
  const data = rows.map((r) => ({ ...r, value: r.fixHours === null ? null : r.fixHours / scale.hoursPerUnit }));
  const none = rows.every((r) => r.fixHours === null);
  return (
    <ChartFigure
      id="time-to-fix"
      title="Time to fix (median)"
      description={`Hours from each halt to its resume with the fix, the median per train, in ${scale.label}.`}
      mode={mode}
      empty={!none ? null : halts === 0 ? NO_HALTS : 'No halt was resumed in these trains yet.'}
      chart={(width) => (
        <TrendChart
          rows={data}
          width={width}
          label={describeFix(rows)}
          lines={(r) =>
            r.fixHours === null
              ? ['No halt resumed']
              : [`Median ${formatHours(r.fixHours)} · ${r.fixesMeasured} ${r.fixesMeasured === 1 ? 'halt' : 'halts'}`]
          }
          yAxis={durationAxis(scale)}
        >
          <Bar dataKey="value" name="Time to fix" fill={COLOUR.fix} maxBarSize={40} isAnimationActive={false} />
        </TrendChart>
      )}
      table={
        <Table
          label="Median time to fix per train"
          head={['Train', 'Halts resumed', 'Median time to fix']}
          rows={rows.map((r) => [r.version, String(r.fixesMeasured), formatHours(r.fixHours)])}
        />
      }
    />
  );
}

function RolloutFigure({ rows, mode }: { rows: TrainTrendRow[]; mode: InsightsMode }) {
  const scale = durationScale(longest(rows.map((r) => r.rolloutHours)));
  const data = rows.map((r) => ({
    ...r,
    value: r.rolloutHours === null ? null : r.rolloutHours / scale.hoursPerUnit,
  }));
  const none = rows.every((r) => r.rolloutHours === null);
  return (
    <ChartFigure
      id="rollout-duration"
      title="Rollout duration"
      description={`From the first customer step started to the last released, per complete rollout, in ${scale.label}.`}
      mode={mode}
      empty={none ? 'No rollout is complete in these trains yet.' : null}
      chart={(width) => (
        <TrendChart
          rows={data}
          width={width}
          label={describeRollout(rows)}
          lines={(r) => [r.rolloutHours === null ? 'Rollout not complete' : formatHours(r.rolloutHours)]}
          yAxis={durationAxis(scale)}
        >
          <Bar
            dataKey="value"
            name="Rollout duration"
            fill={COLOUR.rollout}
            maxBarSize={40}
            isAnimationActive={false}
          />
        </TrendChart>
      )}
      table={
        <Table
          label="Rollout duration per train"
          head={['Train', 'Rollout duration']}
          rows={rows.map((r) => [r.version, formatHours(r.rolloutHours)])}
        />
      }
    />
  );
}

function ExposureFigure({ exposure, mode }: { exposure: ExposureChart; mode: InsightsMode }) {
  const height = exposure.rows.length * EXPOSURE_ROW + 40;
  return (
    <ChartFigure
      id="exposure"
      title="Regressions and early slots per deployment"
      description={KPI_DEFINITIONS.exposure}
      mode={mode}
      empty={exposure.all.length === 0 ? 'No deployment was planned in these trains.' : null}
      note={exposure.rows.length === 0 ? NO_REGRESSIONS : exposure.note}
      beside
      legend={
        exposure.rows.length > 0 && (
          <Legend
            items={[
              { label: 'Regressions', colour: COLOUR.regressions },
              { label: 'Early slots', colour: COLOUR.early },
            ]}
          />
        )
      }
      chart={(width) =>
        exposure.rows.length > 0 && (
          <BarChart
            width={width}
            height={height}
            data={exposure.rows}
            layout="vertical"
            margin={{ top: 0, right: 28, bottom: 0, left: 0 }}
            accessibilityLayer={false}
            role="img"
            aria-label={describeExposure(exposure)}
            barCategoryGap="22%"
            barGap={2}
          >
            <CartesianGrid horizontal={false} stroke="var(--border)" />
            <XAxis
              type="number"
              stroke={AXIS_LINE}
              allowDecimals={false}
              domain={COUNT_DOMAIN}
              tick={TICK}
              tickLine={false}
            />
            <YAxis
              type="category"
              dataKey="key"
              stroke={AXIS_LINE}
              tick={TICK}
              tickLine={false}
              width={132}
              interval={0}
            />
            <Tooltip
              content={
                <ChartTooltip
                  describe={(d: DeploymentExposure) => ({
                    title: d.key,
                    lines: [
                      `${d.regressions} ${d.regressions === 1 ? 'regression' : 'regressions'}`,
                      `${d.earlySlots} ${d.earlySlots === 1 ? 'early slot' : 'early slots'} in ${d.trains} ${d.trains === 1 ? 'train' : 'trains'}`,
                    ],
                  })}
                />
              }
              cursor={{ fill: 'var(--surface-hover)' }}
              isAnimationActive={false}
            />
            <Bar
              dataKey="regressions"
              name="Regressions"
              fill={COLOUR.regressions}
              maxBarSize={12}
              radius={[0, 3, 3, 0]}
              isAnimationActive={false}
            >
              <LabelList dataKey="regressions" position="right" {...BAR_LABEL} />
            </Bar>
            <Bar
              dataKey="earlySlots"
              name="Early slots"
              fill={COLOUR.early}
              maxBarSize={12}
              radius={[0, 3, 3, 0]}
              isAnimationActive={false}
            >
              <LabelList dataKey="earlySlots" position="right" {...BAR_LABEL} />
            </Bar>
          </BarChart>
        )
      }
      table={
        <Table
          label="Regressions and early slots per deployment"
          head={['Deployment', 'Trains', 'Early slots', 'Regressions']}
          rows={exposure.all.map((d) => [d.key, String(d.trains), String(d.earlySlots), String(d.regressions)])}
        />
      }
    />
  );
}

/** The trends per train and the exposure per deployment of one report. */
export function InsightsCharts({ report, mode }: { report: KpiReport; mode: InsightsMode }) {
  const rows = useMemo(() => trainTrendRows(report.trains), [report]);
  const exposure = useMemo(() => exposureChart(report.summary.deployments), [report]);
  return (
    <>
      <section className="insights-card" aria-labelledby="insights-trends-title">
        <div>
          <h2 id="insights-trends-title" className="insights-card-title">
            Per train
          </h2>
          <p className="insights-card-description">Each train of the range, in the order they started.</p>
        </div>
        <div className="insights-charts">
          <OnTimeFigure rows={rows} mode={mode} />
          <HaltsFigure rows={rows} mode={mode} />
          <FixFigure rows={rows} mode={mode} halts={report.summary.halts} />
          <RolloutFigure rows={rows} mode={mode} />
        </div>
      </section>
      <section className="insights-card" aria-labelledby="insights-exposure-title">
        <div>
          <h2 id="insights-exposure-title" className="insights-card-title">
            Per deployment
          </h2>
          <p className="insights-card-description">
            Which deployments regressions reached, beside how often they went first.
          </p>
        </div>
        <ExposureFigure exposure={exposure} mode={mode} />
      </section>
    </>
  );
}
