import {
  type Day,
  addMonths,
  daysBetween,
  eachDay,
  endOfMonth,
  formatDay,
  formatRange,
  isoWeekday,
  maxDay,
  minDay,
  monthName,
  startOfMonth,
  weekdayName,
} from '../days';
import type { GateState } from '../gates';
import { describeKpiRange, formatDays, formatHours, kpiFigures } from '../kpi-format';
import type { KpiReport } from '../kpis';
import type { Wave } from '../ordering';
import type { TrackedStatus } from '../rollout-steps';
import type { TrainView } from '../train';
import type { PaperSize } from './formats';
import { type Html, joinHtml, markup, styleElement } from './html-template';
import { printCss } from './print-css';
import { scheduleRows } from './rows';
import {
  type DeploymentStatusInTrain,
  type ExportSelection,
  type ExportSnapshot,
  deploymentIndex,
  planOf,
  selectSnapshot,
  statusWords,
  trainReport,
  trainStatusIndex,
} from './snapshot';

// The printable schedule: a sheet of paper a lead pins to a wall. One train's
// rollout plan (its days, gates and waves with every deployment), a calendar of
// trains by quarter, or one deployment's releases. Self-contained HTML: inline
// CSS, no script, every text escaped (all markup is built with the `markup`
// template). Landscape A4 or Letter; it reads in black and white (phases differ
// by pattern and shade, states carry a symbol and a word).
//
// No inline style attributes: the app shows the same markup under its Content
// Security Policy, which allows stylesheets but not style="" (see
// renderer/src/views/export/PrintView.tsx). Widths come from the table layout.

export interface PrintOptions {
  paper: PaperSize;
  /** The release health of the trains printed that have started: a last sheet of the calendar (all, or a range). */
  kpis?: KpiReport;
}

const PRODUCT = 'Release Calendar';

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** `2027-01-25T09:30:00.000Z` → "Mon 25 Jan 2027, 09:30 UTC". */
function formatGenerated(iso: string): string {
  return `${formatDay(iso.slice(0, 10), { weekday: true })}, ${iso.slice(11, 16)} UTC`;
}

/** A class attribute's value from its classes, the empty ones left out. */
function classes(...names: readonly string[]): string {
  return names.filter(Boolean).join(' ');
}

// ----- symbols: every state has a glyph and a word, so neither colour nor the glyph alone carries it -----

const STEP_SYMBOL: Record<DeploymentStatusInTrain, string> = {
  pending: '○',
  in_progress: '▶',
  released: '✓',
  failed: '✗',
  rolled_back: '↺',
  skipped: '↷',
  cancelled: '⊘',
};

const GATE_SYMBOL: Record<GateState, string> = { pending: '○', passed: '✓', failed: '✗', waived: '≈' };

function statusPill(status: TrackedStatus): Html {
  return markup`<span class="pill pill-${status}">${capitalise(statusWords(status))}</span>`;
}

// ----- the sheet around every page -----

function describeSelection(snapshot: ExportSnapshot, selection: ExportSelection): string {
  switch (selection.kind) {
    case 'all':
      return 'Every train';
    case 'train':
      return `Train ${snapshot.trains.find((t) => t.id === selection.trainId)?.version ?? selection.trainId}`;
    case 'deployment': {
      const d = deploymentIndex(snapshot)(selection.key);
      return `Deployment ${d.key}${d.name !== d.key ? ` (${d.name})` : ''}`;
    }
    case 'range':
      return `Days ${formatRange(selection.from, selection.to)}`;
  }
}

interface SheetContext {
  selectionText: string;
  generated: string;
  spans: Spans;
}

function sheet(context: SheetContext, kind: string, title: Html | string, body: Html): Html {
  return markup`<section class="sheet sheet-${kind}">
<header class="sheet-head">
<div class="brand"><span class="brand-mark" aria-hidden="true">◆</span>${PRODUCT}</div>
<div class="head-selection"><span class="head-label">Selection</span>${context.selectionText}</div>
<div class="head-generated"><span class="head-label">Generated</span>${context.generated}</div>
</header>
<h1 class="sheet-title">${title}</h1>
${body}
</section>`;
}

// ----- day grids: a row of day cells per train or per phase -----

const PHASE_LABEL: Record<string, string> = {
  development: 'Development',
  validation: 'Validation',
  rollout: 'Rollout',
  monitoring: 'Monitoring',
};

interface GridRow {
  /** The row's header cell content. */
  head: Html;
  className: string;
  phases: readonly { kind: string; name: string; start: Day; end: Day }[];
  /** Waves by day: the numbers shown on release days. */
  waves: ReadonlyMap<Day, number[]>;
  /** Release days, marked where no wave is planned (yet). */
  releaseDays: ReadonlySet<Day>;
  /** Label each phase inside its bar when it is at least this many days wide on the grid. */
  labelMinDays: number | null;
}

function wavesByDay(waves: readonly Wave[]): Map<Day, number[]> {
  const out = new Map<Day, number[]>();
  for (const w of waves) out.set(w.date, [...(out.get(w.date) ?? []), w.index]);
  return out;
}

function dayClasses(day: Day): string[] {
  const out: string[] = [];
  const weekday = isoWeekday(day);
  if (weekday >= 6) out.push('weekend');
  if (weekday === 1) out.push('week-start');
  if (day.endsWith('-01')) out.push('month-start');
  return out;
}

/** The widths of the phase bars a document draws, in days: its stylesheet sizes exactly these. */
type Spans = Set<number>;

/** The bar of the phase that covers `day`, drawn from its first visible day across the cells of its days. */
function phaseBar(day: Day, first: boolean, last: Day, row: GridRow, spans: Spans): Html | null {
  const phase = row.phases.find((p) => p.start <= day && day <= p.end);
  if (!phase || !(day === phase.start || first)) return null;
  const shown = daysBetween(day, minDay(phase.end, last)) + 1;
  spans.add(shown);
  const ends = [day === phase.start ? 'round-l' : '', phase.end <= last ? 'round-r' : ''];
  const bar = markup`<i class="${classes('fill', `fill-${phase.kind}`, `span-${shown}`, ...ends)}"></i>`;
  if (row.labelMinDays === null || shown < row.labelMinDays) return bar;
  return markup`${bar}<span class="bar-label label-${phase.kind}">${PHASE_LABEL[phase.kind] ?? phase.name}</span>`;
}

function gridRow(days: readonly Day[], row: GridRow, spans: Spans): Html {
  const last = days.at(-1)!;
  const cells = days.map((day, i) => {
    const cellClasses = dayClasses(day);
    const bar = phaseBar(day, i === 0, last, row, spans);
    const waves = row.waves.get(day);
    let marker: Html | string = '';
    if (waves) {
      cellClasses.push('release');
      marker = markup`<span class="wave-mark" title="Wave ${waves.join(', ')}">${waves.map((w) => markup`<b>${w}</b>`)}</span>`;
    } else if (row.releaseDays.has(day)) {
      cellClasses.push('release');
      marker = markup`<span class="release-mark" title="Release day, no wave planned">◆</span>`;
    }
    if (bar) cellClasses.push('has-bar');
    return markup`<td class="${cellClasses.join(' ')}">${bar ?? ''}${marker}</td>`;
  });
  return markup`<tr class="${row.className}"><th scope="row">${row.head}</th>${cells}</tr>`;
}

/** Month names over their days, then weekday names, then day numbers. */
function gridHeader(days: readonly Day[], options: { weekdayNames: 'initial' | 'short' }): Html {
  const months: { month: string; span: number }[] = [];
  for (const day of days) {
    const key = day.slice(0, 7);
    const last = months.at(-1);
    if (last && last.month === key) last.span++;
    else months.push({ month: key, span: 1 });
  }
  const monthCells = months.map(({ month, span }) => {
    const m = Number(month.slice(5, 7));
    const name = span >= 6 ? `${monthName(m)} ${month.slice(0, 4)}` : monthName(m, true);
    return markup`<th colspan="${span}" class="month" scope="colgroup">${span >= 3 ? name : ''}</th>`;
  });
  const numbers = days.map(
    (day) => markup`<th class="${classes('daynum', ...dayClasses(day))}" scope="col">${Number(day.slice(8))}</th>`,
  );
  const weekdays = days.map((day) => {
    const name = weekdayName(isoWeekday(day), true);
    return markup`<th class="${classes('weekday', ...dayClasses(day))}">${options.weekdayNames === 'initial' ? name.charAt(0) : name}</th>`;
  });
  return markup`<thead><tr><th class="corner" rowspan="3"></th>${monthCells}</tr><tr>${weekdays}</tr><tr>${numbers}</tr></thead>`;
}

function dayGrid(
  className: string,
  days: readonly Day[],
  rows: readonly GridRow[],
  weekdayNames: 'initial' | 'short',
  spans: Spans,
): Html {
  const body = joinHtml(
    rows.map((r) => gridRow(days, r, spans)),
    '\n',
  );
  return markup`<table class="grid ${className}">
<colgroup><col class="grid-head-col"><col span="${days.length}"></colgroup>
${gridHeader(days, { weekdayNames })}
<tbody>
${body}
</tbody>
</table>`;
}

function legend(items: readonly Html[]): Html {
  return markup`<footer class="legend">${items.map((i) => markup`<span class="legend-item">${i}</span>`)}</footer>`;
}

const PHASE_LEGEND = ['development', 'validation', 'rollout', 'monitoring'].map(
  (kind) => markup`<span class="swatch fill-${kind}"></span>${PHASE_LABEL[kind]!}`,
);
const WAVE_LEGEND = markup`<span class="wave-mark legend-mark"><b>2</b></span>Release day of wave 2 (0 is the internal deployment)`;
const RELEASE_LEGEND = markup`<span class="release-mark legend-mark">◆</span>Release day, no wave planned yet`;
const STEP_LEGEND = (['released', 'in_progress', 'pending', 'failed', 'rolled_back', 'skipped'] as const).map(
  (s) => markup`<span class="sym sym-${s}">${STEP_SYMBOL[s]}</span>${statusWords(s)}`,
);

// ----- one train: its days, gates and waves -----

function offNote(train: TrainView): Html | string {
  if (train.state === 'active') return '';
  const what = train.state === 'cancelled' ? 'Cancelled' : 'Skipped';
  return markup`<p class="banner banner-off"><strong>${what}.</strong> ${train.stateReason ?? 'No reason given.'} It releases to nobody.</p>`;
}

function gateList(gates: readonly { name: string; state: GateState }[]): Html {
  const list =
    gates.length === 0
      ? markup`<p class="muted">No gates.</p>`
      : markup`<ul class="gates">${gates.map(
          (g) =>
            markup`<li class="gate gate-${g.state}"><span class="sym">${GATE_SYMBOL[g.state]}</span><span class="gate-name">${g.name}</span><span class="gate-state">${g.state}</span></li>`,
        )}</ul>`;
  return markup`<section class="block block-gates"><h2>Validation gates</h2>${list}</section>`;
}

function waveChip(key: string, where: string, s: DeploymentStatusInTrain): Html {
  // Pending and released are the usual states: their symbol says enough; the others are spelled out.
  const state = s === 'pending' || s === 'released' ? '' : markup`<span class="chip-state">${statusWords(s)}</span>`;
  return markup`<li class="chip chip-${s}"><span class="sym" title="${statusWords(s)}">${STEP_SYMBOL[s]}</span><span class="chip-key">${key}</span><span class="chip-where">${where}</span>${state}</li>`;
}

function trainSheet(snapshot: ExportSnapshot, train: TrainView, context: SheetContext): Html {
  const { selected, status, stepStatus, waves, halt, gates: trainGates } = trainReport(snapshot, train.id);
  const deployment = deploymentIndex(selected);
  const byDay = wavesByDay(waves);

  const releaseDays =
    train.releaseDays.length === 0
      ? 'none'
      : train.releaseDays.map((d) => formatDay(d, { weekday: true, year: false })).join(' · ');
  const facts = markup`<div class="train-facts">
${statusPill(status)}
<span class="fact"><span class="fact-label">Dates</span>${formatRange(train.start, train.end)}</span>
<span class="fact"><span class="fact-label">Release days</span>${releaseDays}</span>
<span class="fact"><span class="fact-label">Deployments</span>${waves.reduce((n, w) => n + w.keys.length, 0)} in ${plural(waves.length, 'wave')}</span>
</div>`;

  const haltBanner = halt
    ? markup`<p class="banner banner-halt"><strong>Halted.</strong> ${halt.reason} (${halt.reference}). Further releases wait until a fix is integrated.</p>`
    : '';

  const days = eachDay(train.start, train.end);
  const timeline = dayGrid(
    'grid-train',
    days,
    train.phases.map((p) => ({
      head: markup`<span class="row-title">${p.name}</span><span class="row-sub">${formatRange(p.start, p.end)}</span>`,
      className: `phase-row${train.state === 'active' ? '' : ' is-off'}`,
      phases: [p],
      waves: new Map([...byDay].filter(([day]) => p.start <= day && day <= p.end)),
      releaseDays: new Set(p.releaseDays.flatMap((r) => (r.actual ? [r.actual] : []))),
      labelMinDays: null,
    })),
    'short',
    context.spans,
  );

  const waveRows = waves.map((w) => {
    const chips = w.keys.map((key) => {
      const d = deployment(key);
      return waveChip(key, [d.region, d.timeZone].filter(Boolean).join(' · '), stepStatus(train, key));
    });
    const count = w.index === 0 ? 'internal' : plural(w.keys.length, 'deployment');
    return markup`<tr class="wave-row">
<th scope="row"><span class="wave-name">Wave ${w.index}</span> <span class="wave-count">${count}</span><span class="wave-date">${formatDay(w.date, { weekday: true })}</span></th>
<td><ul class="chips">${chips}</ul></td>
</tr>`;
  });
  const waveTable =
    waves.length === 0
      ? markup`<p class="muted">No rollout plan yet: plan the rollout in the app, or with "rollout plan --train ${train.version}".</p>`
      : markup`<table class="waves"><tbody>${joinHtml(waveRows, '\n')}</tbody></table>`;

  const gates = trainGates ? gateList(trainGates) : '';
  const body = markup`${facts}
${haltBanner}${offNote(train)}
<section class="block"><h2>Phases and release days <span class="h2-note">${WAVE_LEGEND} ${RELEASE_LEGEND}</span></h2>${timeline}</section>
${gates}
<section class="block block-waves"><h2>Waves <span class="h2-note">${joinHtml(STEP_LEGEND, ' ')}</span></h2>${waveTable}</section>`;
  return sheet(context, 'train', markup`Release ${train.version} <span class="title-sub">Rollout plan</span>`, body);
}

// ----- trains by quarter -----

/** The class attribute of a cancelled or skipped train's row, which prints greyed out. */
function offClass(train: TrainView): Html | string {
  return train.state === 'active' ? '' : markup` class="is-off"`;
}

interface Page {
  from: Day;
  to: Day;
}

/** The calendar quarter that holds `day`: January, April, July or October onwards. */
function quarterStart(day: Day): Day {
  const month = Number(day.slice(5, 7));
  return `${day.slice(0, 4)}-${String(month - ((month - 1) % 3)).padStart(2, '0')}-01`;
}

/** Pages of at most three months: whole quarters for everything, the range itself when it fits on one page. */
function calendarPages(from: Day, to: Day, wholeQuarters: boolean): Page[] {
  if (!wholeQuarters && daysBetween(from, to) < 92) return [{ from, to }];
  const pages: Page[] = [];
  for (let start = wholeQuarters ? quarterStart(from) : startOfMonth(from); start <= to; start = addMonths(start, 3)) {
    const end = endOfMonth(addMonths(start, 2));
    pages.push(wholeQuarters ? { from: start, to: end } : { from: maxDay(start, from), to: minDay(end, to) });
  }
  return pages;
}

function pageTitle(page: Page): Html | string {
  const aligned = page.from === quarterStart(page.from) && page.to === endOfMonth(addMonths(page.from, 2));
  if (!aligned) return formatRange(page.from, page.to);
  const first = Number(page.from.slice(5, 7));
  return markup`Q${(first + 2) / 3} ${page.from.slice(0, 4)} <span class="title-sub">${monthName(first)} – ${monthName(first + 2)}</span>`;
}

function calendarSheet(
  snapshot: ExportSnapshot,
  selected: ExportSnapshot,
  page: Page,
  context: SheetContext,
  trainStatus: (t: TrainView) => TrackedStatus,
): Html {
  const days = eachDay(page.from, page.to);
  const trains = selected.trains.filter((t) => t.start <= page.to && page.from <= t.end);
  // A phase label fits when its bar is about as wide as the word: roughly 13 mm at 6 pt.
  const dayMillimetres = 240 / days.length;
  const labelMinDays = Math.ceil(13 / dayMillimetres);
  const rows = trains.map((t) => {
    return {
      head: markup`<span class="row-title">${t.version}</span><span class="row-sub status-${trainStatus(t)}">${capitalise(statusWords(trainStatus(t)))}</span>`,
      className: `train-row${t.state === 'active' ? '' : ' is-off'}`,
      phases: t.phases,
      waves: wavesByDay(planOf(selected, t.id)?.waves ?? []),
      releaseDays: new Set(t.phases.flatMap((p) => p.releaseDays.flatMap((r) => (r.actual ? [r.actual] : [])))),
      labelMinDays,
    };
  });
  const grid =
    trains.length === 0
      ? markup`<p class="muted empty">No trains in these days.</p>`
      : dayGrid('grid-quarter', days, rows, 'initial', context.spans);

  const releases = trains
    .flatMap((t) =>
      (planOf(selected, t.id)?.waves ?? [])
        .filter((w) => page.from <= w.date && w.date <= page.to)
        .map((w) => ({ train: t, wave: w })),
    )
    .sort((a, b) => a.wave.date.localeCompare(b.wave.date) || a.train.start.localeCompare(b.train.start));
  const releaseItems = releases.map(({ train, wave }) => {
    const what = train.state === 'active' ? plural(wave.keys.length, 'deployment') : train.state;
    return markup`<li${offClass(train)}><span class="rel-day">${formatDay(wave.date, { weekday: true, year: false })}</span><span class="rel-train">${train.version}</span><span class="rel-wave">wave ${wave.index} · ${what}</span></li>`;
  });
  const releaseList =
    releases.length === 0
      ? ''
      : markup`<section class="block block-releases"><h2>Release days</h2><ol class="releases">${releaseItems}</ol></section>`;
  const key = legend([
    ...PHASE_LEGEND,
    WAVE_LEGEND,
    RELEASE_LEGEND,
    markup`<span class="swatch swatch-off"></span>Cancelled or skipped`,
    markup`<span class="swatch weekend"></span>Weekend`,
  ]);
  return sheet(
    context,
    'quarter',
    pageTitle(page),
    markup`${grid}
${releaseList}
${key}`,
  );
}

function calendarSheets(snapshot: ExportSnapshot, selection: ExportSelection, context: SheetContext): Html[] {
  const selected = selectSnapshot(snapshot, selection);
  const trainStatus = trainStatusIndex(snapshot);
  let pages: Page[];
  if (selection.kind === 'range') pages = calendarPages(selection.from, selection.to, false);
  else if (selected.trains.length === 0) pages = [];
  else
    pages = calendarPages(
      selected.trains.reduce((d, t) => minDay(d, t.start), selected.trains[0]!.start),
      selected.trains.reduce((d, t) => maxDay(d, t.end), selected.trains[0]!.end),
      true,
    );
  if (pages.length === 0)
    return [sheet(context, 'empty', 'Release calendar', markup`<p class="muted empty">No trains are planned yet.</p>`)];
  return pages.map((page) => calendarSheet(snapshot, selected, page, context, trainStatus));
}

// ----- one deployment's releases -----

function deploymentSheet(snapshot: ExportSnapshot, key: string, context: SheetContext): Html {
  const selection: ExportSelection = { kind: 'deployment', key };
  const selected = selectSnapshot(snapshot, selection);
  const d = deploymentIndex(selected)(key);
  const full = selected.deployments.find((x) => x.key === key);
  const trainStatus = trainStatusIndex(snapshot);
  const trainOf = new Map(selected.trains.map((t) => [t.id, t]));
  // One row per train: a deployment is in one wave of each plan that holds it.
  const rows = scheduleRows(snapshot, selection).map((r) => {
    const t = trainOf.get(r.trainId)!;
    return markup`<tr${offClass(t)}><th scope="row">${t.version}</th><td>${formatRange(t.start, t.end)}</td><td class="num">${r.wave}</td><td class="strong">${formatDay(r.date, { weekday: true })}</td><td><span class="sym">${STEP_SYMBOL[r.status]}</span> ${statusWords(r.status)}</td><td>${capitalise(statusWords(trainStatus(t)))}</td></tr>`;
  });
  const tier = full ? markup`<span class="fact"><span class="fact-label">Tier</span>${full.tier}</span>` : '';
  const retired = full?.status === 'retired' ? markup`<span class="pill pill-cancelled">Retired</span>` : '';
  const facts = markup`<div class="train-facts">
<span class="fact"><span class="fact-label">Name</span>${d.name}</span>
<span class="fact"><span class="fact-label">Region</span>${d.region || '—'}</span>
<span class="fact"><span class="fact-label">Time zone</span>${d.timeZone || '—'}</span>
${tier}
${retired}
</div>`;
  const table =
    rows.length === 0
      ? markup`<p class="muted empty">No rollout plan includes this deployment yet.</p>`
      : markup`<table class="list"><thead><tr><th scope="col">Release</th><th scope="col">Train</th><th scope="col" class="num">Wave</th><th scope="col">Release day</th><th scope="col">Status here</th><th scope="col">Train status</th></tr></thead><tbody>${rows}</tbody></table>`;
  return sheet(context, 'deployment', `Releases to ${key}`, markup`${facts}${table}${legend(STEP_LEGEND)}`);
}

// ----- release health: the figures of the trains printed that have started -----

/** Per-train rows a sheet holds: a landscape page has room for about this many. */
const KPI_TRAINS_PER_SHEET = 24;

/** The release-health sheets: the figures and the deployments most reached, then the trains, 24 a sheet. */
function kpiSheets(report: KpiReport, context: SheetContext): Html[] {
  if (report.trains.length === 0)
    return [
      sheet(
        context,
        'kpis',
        'Release health',
        markup`<p class="muted empty">No train of this schedule has started yet, so there is nothing to measure.</p>`,
      ),
    ];
  const figures = kpiFigures(report.summary).map(
    (f) =>
      markup`<tr><th scope="row">${f.label}</th><td class="num strong">${f.value}</td><td>${f.detail}</td><td class="muted">${f.definition}</td></tr>`,
  );
  const exposed = report.summary.deployments
    .filter((d) => d.regressions > 0)
    .sort((a, b) => b.regressions - a.regressions || (a.key < b.key ? -1 : 1))
    .slice(0, 5);
  const exposure =
    exposed.length === 0
      ? markup`<p class="muted">No regression reached a customer deployment in these trains.</p>`
      : markup`<table class="list"><thead><tr><th scope="col">Deployment</th><th scope="col" class="num">Regressions reached</th><th scope="col" class="num">Early slots</th><th scope="col" class="num">Trains</th></tr></thead><tbody>${exposed.map(
          (d) =>
            markup`<tr><th scope="row">${d.key}</th><td class="num">${d.regressions}</td><td class="num">${d.earlySlots}</td><td class="num">${d.trains}</td></tr>`,
        )}</tbody></table>`;
  const summary = sheet(
    context,
    'kpis',
    'Release health',
    markup`<p class="muted">${describeKpiRange(report)}</p>
<table class="list kpi-figures"><thead><tr><th scope="col">Figure</th><th scope="col" class="num">Value</th><th scope="col">Counted</th><th scope="col">Definition</th></tr></thead><tbody>${figures}</tbody></table>
<h2 class="kpi-heading">Deployments most reached by regressions</h2>
${exposure}`,
  );
  const dash = '—';
  const rows = report.trains.map(
    (t) =>
      markup`<tr${t.state === 'active' ? '' : markup` class="is-off"`}><th scope="row">${t.version}</th><td>${t.state === 'active' ? formatDay(t.start, { year: true }) : `${formatDay(t.start, { year: true })} (${t.state})`}</td><td class="num">${t.releaseDays === 0 ? dash : `${t.onTime}/${t.releaseDays}`}</td><td class="num">${t.medianSlipDays === null ? dash : formatDays(t.medianSlipDays)}</td><td class="num">${t.halts === 0 ? dash : String(t.halts)}</td><td class="num">${t.fixHours.length === 0 ? dash : t.fixHours.map(formatHours).join(', ')}</td><td class="num">${t.rolloutHours === null ? dash : formatHours(t.rolloutHours)}</td><td class="num">${t.bakeHours === null ? dash : formatHours(t.bakeHours)}</td><td class="num">${t.stepsStarted === 0 ? dash : `${t.stepsFailed}/${t.stepsStarted}`}</td><td class="num">${t.leadTimeDays === null ? dash : formatDays(t.leadTimeDays)}</td></tr>`,
  );
  const perTrain: Html[] = [];
  for (let i = 0; i < rows.length; i += KPI_TRAINS_PER_SHEET)
    perTrain.push(
      sheet(
        context,
        'kpis',
        i === 0 ? 'Release health per train' : 'Release health per train (continued)',
        markup`<table class="list"><thead><tr><th scope="col">Release</th><th scope="col">Start</th><th scope="col" class="num">On time</th><th scope="col" class="num">Slip</th><th scope="col" class="num">Halts</th><th scope="col" class="num">Time to fix</th><th scope="col" class="num">Rollout</th><th scope="col" class="num">Internal bake</th><th scope="col" class="num">Failed steps</th><th scope="col" class="num">Lead time</th></tr></thead><tbody>${rows.slice(i, i + KPI_TRAINS_PER_SHEET)}</tbody></table>`,
      ),
    );
  return [summary, ...perTrain];
}

// ----- the document -----

function sheetsFor(
  snapshot: ExportSnapshot,
  selection: ExportSelection,
  context: SheetContext,
  kpis: KpiReport | undefined,
): Html[] {
  switch (selection.kind) {
    case 'train': {
      const train = selectSnapshot(snapshot, selection).trains[0]!;
      return [trainSheet(snapshot, train, context)];
    }
    case 'deployment':
      return [deploymentSheet(snapshot, selection.key, context)];
    case 'all':
    case 'range': {
      const calendar = calendarSheets(snapshot, selection, context);
      return kpis ? [...calendar, ...kpiSheets(kpis, context)] : calendar;
    }
  }
}

function documentTitle(snapshot: ExportSnapshot, selection: ExportSelection): string {
  switch (selection.kind) {
    case 'all':
      return `${PRODUCT}: every train`;
    case 'train':
      return `${PRODUCT}: release ${snapshot.trains.find((t) => t.id === selection.trainId)?.version ?? selection.trainId} rollout plan`;
    case 'deployment':
      return `${PRODUCT}: releases to ${selection.key}`;
    case 'range':
      return `${PRODUCT}: ${formatRange(selection.from, selection.to)}`;
  }
}

/** The printable schedule of a selection, as one self-contained HTML document. */
export function toPrintableHtml(snapshot: ExportSnapshot, selection: ExportSelection, options: PrintOptions): string {
  // Refuses an unknown train or deployment (not_found) before anything is laid out.
  selectSnapshot(snapshot, selection);
  const context: SheetContext = {
    selectionText: describeSelection(snapshot, selection),
    generated: formatGenerated(snapshot.generatedAt),
    spans: new Set(),
  };
  const sheets = joinHtml(sheetsFor(snapshot, selection, context, options.kpis), '\n');
  const style = styleElement(printCss(options.paper, context.spans));
  return markup`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${documentTitle(snapshot, selection)}</title>
${style}
</head>
<body>
<div class="rc-print paper-${options.paper}">
${sheets}
</div>
</body>
</html>
`.markup;
}
