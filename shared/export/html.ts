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
import type { Wave } from '../ordering';
import type { TrackedStatus } from '../rollout-steps';
import type { TrainView } from '../train';
import type { PaperSize } from './formats';
import {
  type DeploymentStatusInTrain,
  type ExportSelection,
  type ExportSnapshot,
  deploymentIndex,
  gatesOf,
  haltOf,
  planOf,
  selectSnapshot,
  statusWords,
  stepStatusIndex,
  trainStatusIndex,
} from './snapshot';

// The printable schedule: a sheet of paper a lead pins to a wall. One train's
// rollout plan (its days, gates and waves with every deployment), a calendar of
// trains by quarter, or one deployment's releases. Self-contained HTML: inline
// CSS, no script, every text escaped. Landscape A4 or Letter; it reads in black
// and white (phases differ by pattern and shade, states carry a symbol and a
// word), and on screen each sheet looks like the paper it prints on.
//
// No inline style attributes: the app shows the same markup under its Content
// Security Policy, which allows stylesheets but not style="" (see
// renderer/src/views/export/PrintView.tsx). Widths come from the table layout.

export interface PrintOptions {
  paper: PaperSize;
}

const PRODUCT = 'Release Calendar';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
const esc = escapeHtml;

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

function statusPill(status: TrackedStatus): string {
  return `<span class="pill pill-${status}">${esc(capitalise(statusWords(status)))}</span>`;
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

function sheet(context: SheetContext, kind: string, title: string, body: string): string {
  return `<section class="sheet sheet-${kind}">
<header class="sheet-head">
<div class="brand"><span class="brand-mark" aria-hidden="true">◆</span>${esc(PRODUCT)}</div>
<div class="head-selection"><span class="head-label">Selection</span>${esc(context.selectionText)}</div>
<div class="head-generated"><span class="head-label">Generated</span>${esc(context.generated)}</div>
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
  /** The row's header cell content (already HTML). */
  head: string;
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

function gridRow(days: readonly Day[], row: GridRow, spans: Spans): string {
  const last = days.at(-1)!;
  const cells = days.map((day, i) => {
    const classes = dayClasses(day);
    const phase = row.phases.find((p) => p.start <= day && day <= p.end);
    let bar = '';
    // One bar per phase, drawn from its first visible day across the cells of its days.
    if (phase && (day === phase.start || i === 0)) {
      const shown = daysBetween(day, minDay(phase.end, last)) + 1;
      spans.add(shown);
      const ends = [day === phase.start ? 'round-l' : '', phase.end <= last ? 'round-r' : ''].filter(Boolean);
      bar = `<i class="${['fill', `fill-${phase.kind}`, `span-${shown}`, ...ends].join(' ')}"></i>`;
      const text = PHASE_LABEL[phase.kind] ?? phase.name;
      if (row.labelMinDays !== null && shown >= row.labelMinDays)
        bar += `<span class="bar-label label-${phase.kind}">${esc(text)}</span>`;
    }
    const waves = row.waves.get(day);
    if (waves) classes.push('release');
    let marker = '';
    if (waves)
      marker = `<span class="wave-mark" title="Wave ${waves.join(', ')}">${waves.map((w) => `<b>${w}</b>`).join('')}</span>`;
    else if (row.releaseDays.has(day)) {
      classes.push('release');
      marker = '<span class="release-mark" title="Release day, no wave planned">◆</span>';
    }
    if (bar) classes.push('has-bar');
    return `<td class="${classes.join(' ')}">${bar}${marker}</td>`;
  });
  return `<tr class="${row.className}"><th scope="row">${row.head}</th>${cells.join('')}</tr>`;
}

/** Month names over their days, then weekday names, then day numbers. */
function gridHeader(days: readonly Day[], options: { weekdayNames: 'initial' | 'short' }): string {
  const months: { month: string; span: number }[] = [];
  for (const day of days) {
    const key = day.slice(0, 7);
    const last = months.at(-1);
    if (last && last.month === key) last.span++;
    else months.push({ month: key, span: 1 });
  }
  const monthCells = months
    .map(({ month, span }) => {
      const m = Number(month.slice(5, 7));
      const name = span >= 6 ? `${monthName(m)} ${month.slice(0, 4)}` : monthName(m, true);
      return `<th colspan="${span}" class="month" scope="colgroup">${span >= 3 ? esc(name) : ''}</th>`;
    })
    .join('');
  const numbers = days
    .map((day) => `<th class="${['daynum', ...dayClasses(day)].join(' ')}" scope="col">${Number(day.slice(8))}</th>`)
    .join('');
  const weekdays = days
    .map((day) => {
      const name = weekdayName(isoWeekday(day), true);
      return `<th class="${['weekday', ...dayClasses(day)].join(' ')}">${esc(options.weekdayNames === 'initial' ? name.charAt(0) : name)}</th>`;
    })
    .join('');
  return `<thead><tr><th class="corner" rowspan="3"></th>${monthCells}</tr><tr>${weekdays}</tr><tr>${numbers}</tr></thead>`;
}

function dayGrid(
  className: string,
  days: readonly Day[],
  rows: readonly GridRow[],
  weekdayNames: 'initial' | 'short',
  spans: Spans,
): string {
  return `<table class="grid ${className}">
<colgroup><col class="grid-head-col"><col span="${days.length}"></colgroup>
${gridHeader(days, { weekdayNames })}
<tbody>
${rows.map((r) => gridRow(days, r, spans)).join('\n')}
</tbody>
</table>`;
}

function legend(items: readonly string[]): string {
  return `<footer class="legend">${items.map((i) => `<span class="legend-item">${i}</span>`).join('')}</footer>`;
}

const PHASE_LEGEND = ['development', 'validation', 'rollout', 'monitoring'].map(
  (kind) => `<span class="swatch fill-${kind}"></span>${esc(PHASE_LABEL[kind]!)}`,
);
const WAVE_LEGEND =
  '<span class="wave-mark legend-mark"><b>2</b></span>Release day of wave 2 (0 is the internal deployment)';
const RELEASE_LEGEND = '<span class="release-mark legend-mark">◆</span>Release day, no wave planned yet';
const STEP_LEGEND = (['released', 'in_progress', 'pending', 'failed', 'rolled_back', 'skipped'] as const).map(
  (s) => `<span class="sym sym-${s}">${STEP_SYMBOL[s]}</span>${esc(statusWords(s))}`,
);

// ----- one train: its days, gates and waves -----

function offNote(train: TrainView): string {
  if (train.state === 'active') return '';
  const what = train.state === 'cancelled' ? 'Cancelled' : 'Skipped';
  return `<p class="banner banner-off"><strong>${what}.</strong> ${esc(train.stateReason ?? 'No reason given.')} It releases to nobody.</p>`;
}

function trainSheet(snapshot: ExportSnapshot, train: TrainView, context: SheetContext): string {
  const selected = selectSnapshot(snapshot, { kind: 'train', trainId: train.id });
  const status = trainStatusIndex(snapshot)(train);
  const stepStatus = stepStatusIndex(selected);
  const deployment = deploymentIndex(selected);
  const waves = planOf(selected, train.id)?.waves ?? [];
  const byDay = wavesByDay(waves);
  const halt = haltOf(selected, train.id);

  const facts = `<div class="train-facts">
${statusPill(status)}
<span class="fact"><span class="fact-label">Dates</span>${esc(formatRange(train.start, train.end))}</span>
<span class="fact"><span class="fact-label">Release days</span>${
    train.releaseDays.length === 0
      ? 'none'
      : esc(train.releaseDays.map((d) => formatDay(d, { weekday: true, year: false })).join(' · '))
  }</span>
<span class="fact"><span class="fact-label">Deployments</span>${waves.reduce((n, w) => n + w.keys.length, 0)} in ${plural(waves.length, 'wave')}</span>
</div>`;

  const haltBanner = halt
    ? `<p class="banner banner-halt"><strong>Halted.</strong> ${esc(halt.reason)} (${esc(halt.reference)}). Further releases wait until a fix is integrated.</p>`
    : '';

  const days = eachDay(train.start, train.end);
  const timeline = dayGrid(
    'grid-train',
    days,
    train.phases.map((p) => ({
      head: `<span class="row-title">${esc(p.name)}</span><span class="row-sub">${esc(formatRange(p.start, p.end))}</span>`,
      className: `phase-row${train.state === 'active' ? '' : ' is-off'}`,
      phases: [p],
      waves: new Map([...byDay].filter(([day]) => p.start <= day && day <= p.end)),
      releaseDays: new Set(p.releaseDays.flatMap((r) => (r.actual ? [r.actual] : []))),
      labelMinDays: null,
    })),
    'short',
    context.spans,
  );

  const gates = gatesOf(selected, train.id);
  const gateList = selected.gates
    ? `<section class="block block-gates"><h2>Validation gates</h2>${
        gates.length === 0
          ? '<p class="muted">No gates.</p>'
          : `<ul class="gates">${gates
              .map(
                (g) =>
                  `<li class="gate gate-${g.state}"><span class="sym">${GATE_SYMBOL[g.state]}</span><span class="gate-name">${esc(g.name)}</span><span class="gate-state">${g.state}</span></li>`,
              )
              .join('')}</ul>`
      }</section>`
    : '';

  const waveRows = waves.map((w) => {
    const chips = w.keys
      .map((key) => {
        const d = deployment(key);
        const s = stepStatus(train, key);
        const where = [d.region, d.timeZone].filter(Boolean).join(' · ');
        // Pending and released are the usual states: their symbol says enough; the others are spelled out.
        const state =
          s === 'pending' || s === 'released' ? '' : `<span class="chip-state">${esc(statusWords(s))}</span>`;
        return `<li class="chip chip-${s}"><span class="sym" title="${esc(statusWords(s))}">${STEP_SYMBOL[s]}</span><span class="chip-key">${esc(key)}</span><span class="chip-where">${esc(where)}</span>${state}</li>`;
      })
      .join('');
    return `<tr class="wave-row">
<th scope="row"><span class="wave-name">Wave ${w.index}</span> <span class="wave-count">${w.index === 0 ? 'internal' : plural(w.keys.length, 'deployment')}</span><span class="wave-date">${esc(formatDay(w.date, { weekday: true }))}</span></th>
<td><ul class="chips">${chips}</ul></td>
</tr>`;
  });
  const waveTable =
    waves.length === 0
      ? '<p class="muted">No rollout plan yet: plan the rollout in the app, or with "rollout plan --train '.concat(
          esc(train.version),
          '".</p>',
        )
      : `<table class="waves"><tbody>${waveRows.join('\n')}</tbody></table>`;

  const body = `${facts}
${haltBanner}${offNote(train)}
<section class="block"><h2>Phases and release days <span class="h2-note">${WAVE_LEGEND} ${RELEASE_LEGEND}</span></h2>${timeline}</section>
${gateList}
<section class="block block-waves"><h2>Waves <span class="h2-note">${STEP_LEGEND.join(' ')}</span></h2>${waveTable}</section>`;
  return sheet(context, 'train', `Release ${esc(train.version)} <span class="title-sub">Rollout plan</span>`, body);
}

// ----- trains by quarter -----

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

function pageTitle(page: Page): string {
  const aligned = page.from === quarterStart(page.from) && page.to === endOfMonth(addMonths(page.from, 2));
  if (!aligned) return esc(formatRange(page.from, page.to));
  const first = Number(page.from.slice(5, 7));
  return `Q${(first + 2) / 3} ${page.from.slice(0, 4)} <span class="title-sub">${monthName(first)} – ${monthName(first + 2)}</span>`;
}

function calendarSheet(
  snapshot: ExportSnapshot,
  selected: ExportSnapshot,
  page: Page,
  context: SheetContext,
  trainStatus: (t: TrainView) => TrackedStatus,
): string {
  const days = eachDay(page.from, page.to);
  const trains = selected.trains.filter((t) => t.start <= page.to && page.from <= t.end);
  // A phase label fits when its bar is about as wide as the word: roughly 13 mm at 6 pt.
  const dayMillimetres = 240 / days.length;
  const labelMinDays = Math.ceil(13 / dayMillimetres);
  const rows = trains.map((t) => {
    return {
      head: `<span class="row-title">${esc(t.version)}</span><span class="row-sub status-${trainStatus(t)}">${esc(capitalise(statusWords(trainStatus(t))))}</span>`,
      className: `train-row${t.state === 'active' ? '' : ' is-off'}`,
      phases: t.phases,
      waves: wavesByDay(planOf(selected, t.id)?.waves ?? []),
      releaseDays: new Set(t.phases.flatMap((p) => p.releaseDays.flatMap((r) => (r.actual ? [r.actual] : [])))),
      labelMinDays,
    };
  });
  const grid =
    trains.length === 0
      ? '<p class="muted empty">No trains in these days.</p>'
      : dayGrid('grid-quarter', days, rows, 'initial', context.spans);

  const releases = trains
    .flatMap((t) =>
      (planOf(selected, t.id)?.waves ?? [])
        .filter((w) => page.from <= w.date && w.date <= page.to)
        .map((w) => ({ train: t, wave: w })),
    )
    .sort((a, b) => a.wave.date.localeCompare(b.wave.date) || a.train.start.localeCompare(b.train.start));
  const releaseList =
    releases.length === 0
      ? ''
      : `<section class="block block-releases"><h2>Release days</h2><ol class="releases">${releases
          .map(
            ({ train, wave }) =>
              `<li${train.state === 'active' ? '' : ' class="is-off"'}><span class="rel-day">${esc(formatDay(wave.date, { weekday: true, year: false }))}</span><span class="rel-train">${esc(train.version)}</span><span class="rel-wave">wave ${wave.index} · ${train.state === 'active' ? plural(wave.keys.length, 'deployment') : train.state}</span></li>`,
          )
          .join('')}</ol></section>`;

  return sheet(
    context,
    'quarter',
    pageTitle(page),
    `${grid}
${releaseList}
${legend([
  ...PHASE_LEGEND,
  WAVE_LEGEND,
  RELEASE_LEGEND,
  '<span class="swatch swatch-off"></span>Cancelled or skipped',
  '<span class="swatch weekend"></span>Weekend',
])}`,
  );
}

function calendarSheets(snapshot: ExportSnapshot, selection: ExportSelection, context: SheetContext): string[] {
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
    return [sheet(context, 'empty', 'Release calendar', '<p class="muted empty">No trains are planned yet.</p>')];
  return pages.map((page) => calendarSheet(snapshot, selected, page, context, trainStatus));
}

// ----- one deployment's releases -----

function deploymentSheet(snapshot: ExportSnapshot, key: string, context: SheetContext): string {
  const selected = selectSnapshot(snapshot, { kind: 'deployment', key });
  const d = deploymentIndex(selected)(key);
  const full = selected.deployments.find((x) => x.key === key);
  const stepStatus = stepStatusIndex(selected);
  const trainStatus = trainStatusIndex(snapshot);
  const rows = selected.trains.flatMap((t) => {
    const wave = planOf(selected, t.id)?.waves[0];
    if (!wave) return [];
    const s = stepStatus(t, key);
    return [
      `<tr${t.state === 'active' ? '' : ' class="is-off"'}><th scope="row">${esc(t.version)}</th><td>${esc(formatRange(t.start, t.end))}</td><td class="num">${wave.index}</td><td class="strong">${esc(formatDay(wave.date, { weekday: true }))}</td><td><span class="sym">${STEP_SYMBOL[s]}</span> ${esc(statusWords(s))}</td><td>${esc(capitalise(statusWords(trainStatus(t))))}</td></tr>`,
    ];
  });
  const facts = `<div class="train-facts">
<span class="fact"><span class="fact-label">Name</span>${esc(d.name)}</span>
<span class="fact"><span class="fact-label">Region</span>${esc(d.region || '—')}</span>
<span class="fact"><span class="fact-label">Time zone</span>${esc(d.timeZone || '—')}</span>
${full ? `<span class="fact"><span class="fact-label">Tier</span>${esc(full.tier)}</span>` : ''}
${full?.status === 'retired' ? '<span class="pill pill-cancelled">Retired</span>' : ''}
</div>`;
  const table =
    rows.length === 0
      ? '<p class="muted empty">No rollout plan includes this deployment yet.</p>'
      : `<table class="list"><thead><tr><th scope="col">Release</th><th scope="col">Train</th><th scope="col" class="num">Wave</th><th scope="col">Release day</th><th scope="col">Status here</th><th scope="col">Train status</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
  return sheet(context, 'deployment', `Releases to ${esc(key)}`, `${facts}${table}${legend(STEP_LEGEND)}`);
}

// ----- the document -----

function sheetsFor(snapshot: ExportSnapshot, selection: ExportSelection, context: SheetContext): string[] {
  switch (selection.kind) {
    case 'train': {
      const train = selectSnapshot(snapshot, selection).trains[0]!;
      return [trainSheet(snapshot, train, context)];
    }
    case 'deployment':
      return [deploymentSheet(snapshot, selection.key, context)];
    case 'all':
    case 'range':
      return calendarSheets(snapshot, selection, context);
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
  const sheets = sheetsFor(snapshot, selection, context);
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(documentTitle(snapshot, selection))}</title>
<style>
${printCss(options.paper, context.spans)}
</style>
</head>
<body>
<div class="rc-print paper-${options.paper}">
${sheets.join('\n')}
</div>
</body>
</html>
`;
}

const PAPER: Record<PaperSize, { css: string; width: string; height: string }> = {
  a4: { css: 'A4 landscape', width: '297mm', height: '210mm' },
  letter: { css: 'letter landscape', width: '279.4mm', height: '215.9mm' },
};

/** The stylesheet: `@page` for the paper, then every rule under `.rc-print`, so it can sit beside another page's styles. */
export function printCss(paper: PaperSize, spans: ReadonlySet<number>): string {
  const size = PAPER[paper];
  // Day cells share the grid's width equally, so a bar n days long is n cells wide.
  const spanRules = [...spans]
    .sort((a, b) => a - b)
    .map((n) => `.rc-print .span-${n} { --n: ${n}; }`)
    .join('\n');
  return `@page { size: ${size.css}; margin: 10mm 11mm; }
html, body { margin: 0; padding: 0; background: #fff; }
.rc-print {
  --ink: #111827; --muted: #4b5563; --rule: #9ca3af; --hair: #d1d5db; --tint: #f3f4f6;
  --dev: #ffffff; --val: #fcd34d; --roll: #1e3a8a; --mon: #d1fae5;
  color: var(--ink); background: #fff;
  font: 8.5pt/1.35 "Inter", "Segoe UI", "Helvetica Neue", Arial, "Liberation Sans", "DejaVu Sans", sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}
.rc-print *, .rc-print *::before, .rc-print *::after { box-sizing: border-box; }
.rc-print .sheet { break-after: page; }
.rc-print .sheet:last-child { break-after: auto; }
@media screen {
  .rc-print { background: #d4d4d8; padding: 8mm 0; min-height: 100vh; }
  .rc-print .sheet { width: ${size.width}; min-height: ${size.height}; margin: 0 auto 8mm; padding: 10mm 11mm; background: #fff; box-shadow: 0 1px 3px rgb(0 0 0 / 0.25), 0 8px 24px rgb(0 0 0 / 0.12); }
}

/* The head of every sheet: product, selection, time */
.rc-print .sheet-head { display: grid; grid-template-columns: auto 1fr auto; gap: 6mm; align-items: end; padding-bottom: 2mm; border-bottom: 0.6mm solid var(--ink); }
.rc-print .brand { font-weight: 800; font-size: 10pt; letter-spacing: 0.02em; white-space: nowrap; }
.rc-print .brand-mark { display: inline-block; margin-right: 1.5mm; font-size: 9pt; }
.rc-print .head-selection, .rc-print .head-generated { font-size: 8pt; }
.rc-print .head-generated { text-align: right; white-space: nowrap; }
.rc-print .head-label { display: block; font-size: 6pt; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); }
.rc-print .sheet-title { margin: 3mm 0 2mm; font-size: 17pt; line-height: 1.1; font-weight: 800; letter-spacing: -0.01em; }
.rc-print .title-sub { font-weight: 400; color: var(--muted); font-size: 13pt; margin-left: 2mm; }
.rc-print h2 { margin: 0 0 1mm; font-size: 7pt; text-transform: uppercase; letter-spacing: 0.1em; color: var(--muted); font-weight: 700; }
.rc-print .block { margin-top: 3mm; break-inside: avoid; }
.rc-print .block-waves { break-inside: auto; }
.rc-print .muted { color: var(--muted); }
.rc-print .h2-note { margin-left: 3mm; font-weight: 400; text-transform: none; letter-spacing: 0; font-size: 6.5pt; }
.rc-print .h2-note .sym { margin: 0 0.6mm 0 2mm; }
.rc-print .h2-note .legend-mark { margin: 0 0.8mm 0 2mm; vertical-align: -0.6mm; }
.rc-print .empty { margin: 10mm 0; font-size: 11pt; }

/* Facts line, pills, banners */
.rc-print .train-facts { display: flex; flex-wrap: wrap; align-items: center; gap: 2mm 6mm; }
.rc-print .fact { display: inline-flex; gap: 1.5mm; align-items: baseline; }
.rc-print .fact-label { font-size: 6.5pt; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); }
.rc-print .pill { display: inline-block; padding: 0.5mm 2.5mm; border: 0.35mm solid var(--ink); border-radius: 10mm; font-weight: 700; font-size: 8pt; }
.rc-print .pill-halted, .rc-print .pill-overdue { background: var(--ink); color: #fff; }
.rc-print .pill-completed { border-style: double; border-width: 0.8mm; }
.rc-print .pill-cancelled, .rc-print .pill-skipped { border-style: dashed; }
.rc-print .banner { margin: 3mm 0 0; padding: 2mm 3mm; border: 0.4mm solid var(--ink); border-left-width: 2mm; }
.rc-print .banner-off { border-style: dashed; border-left-style: solid; }

/* Day grids: a column per day, a row per train or phase */
.rc-print .grid { width: 100%; table-layout: fixed; border-collapse: collapse; }
.rc-print .grid-head-col { width: 30mm; }
.rc-print .grid-train .grid-head-col { width: 50mm; }
.rc-print .grid th, .rc-print .grid td { padding: 0; border: 0; }
.rc-print .grid thead th { font-weight: 400; text-align: center; color: var(--muted); white-space: nowrap; overflow: hidden; }
.rc-print .grid .month { font-weight: 700; color: var(--ink); text-align: left; padding: 0 0 0.6mm 0.8mm; border-left: 0.3mm solid var(--ink); font-size: 7.5pt; }
.rc-print .grid .month:first-child { border-left: 0; }
.rc-print .grid-quarter .daynum, .rc-print .grid-quarter .weekday { font-size: 5pt; line-height: 2.6mm; }
.rc-print .grid-train .daynum { font-size: 8pt; font-weight: 700; color: var(--ink); line-height: 4mm; }
.rc-print .grid-train .weekday { font-size: 6pt; line-height: 3mm; }
.rc-print .grid thead tr:last-child th { border-bottom: 0.35mm solid var(--ink); }
.rc-print .grid .weekend { background: var(--tint); }
.rc-print .grid .week-start { border-left: 0.2mm solid var(--hair); }
.rc-print .grid .month-start { border-left: 0.3mm solid var(--ink); }
.rc-print .grid tbody th { text-align: left; font-weight: 400; padding: 0.6mm 1.5mm 0.6mm 0; vertical-align: middle; border-bottom: 0.2mm solid var(--hair); }
.rc-print .grid tbody td { height: 10mm; border-bottom: 0.2mm solid var(--hair); vertical-align: bottom; text-align: center; }
.rc-print .grid tbody td.has-bar { position: relative; }
.rc-print .grid-train tbody td { height: 6.5mm; }
.rc-print .grid-train .fill { top: 0.9mm; bottom: 0.9mm; }
.rc-print .row-title { display: block; font-weight: 700; font-size: 8.5pt; }
.rc-print .grid-train .row-title { font-size: 7.5pt; }
.rc-print .row-sub { display: block; font-size: 6.5pt; color: var(--muted); }
.rc-print .status-halted, .rc-print .status-overdue { color: var(--ink); font-weight: 800; text-transform: uppercase; letter-spacing: 0.05em; }

/* Phase bars: one per phase, across its day cells; shade and pattern part them in black and white too */
.rc-print .fill { --n: 1; --l: 0mm; --r: 0mm; position: absolute; z-index: 0; top: 1.1mm; bottom: 1.1mm; left: var(--l); width: calc(var(--n) * 100% - var(--l) - var(--r)); }
.rc-print .fill.round-l { --l: 0.45mm; border-top-left-radius: 0.8mm; border-bottom-left-radius: 0.8mm; }
.rc-print .fill.round-r { --r: 0.45mm; border-top-right-radius: 0.8mm; border-bottom-right-radius: 0.8mm; }
${spanRules}
.rc-print .fill-development { background: repeating-linear-gradient(135deg, #fff 0 0.65mm, #9ca3af 0.65mm 0.9mm); box-shadow: inset 0 0 0 0.3mm var(--rule); }
.rc-print .fill-validation { background: var(--val); box-shadow: inset 0 0 0 0.3mm #92400e; }
.rc-print .fill-rollout { background: var(--roll); }
.rc-print .fill-monitoring { background-color: var(--mon); background-image: radial-gradient(#047857 0.2mm, transparent 0.25mm); background-size: 1.1mm 1.1mm; box-shadow: inset 0 0 0 0.3mm #047857; }
.rc-print .fill-other { background: #e5e7eb; box-shadow: inset 0 0 0 0.3mm var(--rule); }
.rc-print .is-off .fill { background: #fff; background-image: none; box-shadow: inset 0 0 0 0.3mm var(--rule); border: 0; }
.rc-print .is-off .row-title { text-decoration: line-through; }
.rc-print .bar-label { position: absolute; z-index: 1; left: 1.2mm; top: 1.5mm; padding: 0 0.6mm; font-size: 6pt; font-weight: 700; line-height: 2.5mm; white-space: nowrap; color: var(--ink); }
.rc-print .label-development { background: #fff; }
.rc-print .label-rollout { color: #fff; }
.rc-print .is-off .bar-label { color: var(--muted); background: #fff; }
.rc-print .wave-mark { position: relative; z-index: 2; display: inline-flex; gap: 0.2mm; margin-bottom: 1.5mm; }
.rc-print .wave-mark b { display: inline-block; min-width: 2.5mm; height: 2.5mm; padding: 0 0.3mm; border: 0.25mm solid var(--ink); border-radius: 1.5mm; background: #fff; color: var(--ink); font-size: 4.6pt; line-height: 2.05mm; font-weight: 800; text-align: center; }
.rc-print .grid-train .wave-mark { margin-bottom: 1.2mm; }
.rc-print .grid-train .wave-mark b { min-width: 4.2mm; height: 4.2mm; border-radius: 3mm; border-width: 0.3mm; font-size: 7pt; line-height: 3.7mm; }
.rc-print .is-off .wave-mark b { border-style: dashed; color: var(--muted); }
.rc-print .release-mark { position: relative; z-index: 2; display: inline-block; min-width: 2.5mm; height: 2.5mm; margin-bottom: 1.5mm; border: 0.25mm solid var(--ink); border-radius: 1.5mm; background: #fff; color: var(--ink); font-size: 4.2pt; line-height: 2.05mm; text-align: center; }
.rc-print .grid-train .release-mark { min-width: 4.2mm; height: 4.2mm; margin-bottom: 1.2mm; border-radius: 3mm; font-size: 6pt; line-height: 3.7mm; }

/* Gates */
.rc-print .gates { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 1.5mm; }
.rc-print .gate { display: inline-flex; align-items: baseline; gap: 1.2mm; padding: 0.5mm 2.2mm; border: 0.3mm solid var(--rule); border-radius: 1mm; }
.rc-print .gate-passed { border-color: var(--ink); }
.rc-print .gate-failed { border: 0.5mm solid var(--ink); font-weight: 700; }
.rc-print .gate-waived { border-style: dashed; border-color: var(--ink); }
.rc-print .gate-name { font-weight: 600; }
.rc-print .gate-state { font-size: 6.5pt; text-transform: uppercase; letter-spacing: 0.06em; color: var(--muted); }

/* Waves: a row each, the deployments as chips */
.rc-print .waves { width: 100%; border-collapse: collapse; }
.rc-print .wave-row { break-inside: avoid; }
.rc-print .waves th { width: 34mm; text-align: left; vertical-align: top; padding: 0.9mm 2mm 0.9mm 0; border-top: 0.35mm solid var(--ink); font-weight: 400; }
.rc-print .waves td { padding: 0.9mm 0; border-top: 0.35mm solid var(--ink); vertical-align: top; }
.rc-print .waves tr:last-child th, .rc-print .waves tr:last-child td { border-bottom: 0.35mm solid var(--ink); }
.rc-print .wave-name { font-weight: 800; font-size: 10pt; }
.rc-print .wave-date { display: block; font-weight: 700; }
.rc-print .wave-count { font-size: 6.5pt; color: var(--muted); white-space: nowrap; }
.rc-print .chips { list-style: none; margin: 0; padding: 0; display: grid; grid-template-columns: repeat(auto-fill, minmax(33mm, 1fr)); gap: 1mm; }
.rc-print .chip { display: grid; grid-template-columns: 3mm minmax(0, 1fr); column-gap: 0.6mm; align-items: baseline; padding: 0.4mm 1.2mm; border: 0.25mm solid var(--rule); border-radius: 1mm; break-inside: avoid; line-height: 1.25; }
.rc-print .chip .sym { font-size: 7.5pt; }
.rc-print .chip-key { font: 700 7.5pt/1.25 "SFMono-Regular", Consolas, "Liberation Mono", "DejaVu Sans Mono", monospace; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.rc-print .chip-where { grid-column: 2; font-size: 6pt; color: var(--muted); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
.rc-print .chip-state { grid-column: 2; font-size: 5.5pt; font-weight: 800; text-transform: uppercase; letter-spacing: 0.05em; }
.rc-print .chip-released { border-color: var(--ink); }
.rc-print .chip-in_progress { border: 0.5mm solid var(--ink); }
.rc-print .chip-failed, .rc-print .chip-rolled_back { border: 0.6mm solid var(--ink); background: var(--tint); }
.rc-print .chip-skipped, .rc-print .chip-cancelled { border-style: dashed; color: var(--muted); }

/* Release days by date, one deployment's releases */
.rc-print .releases { list-style: none; margin: 0; padding: 0; columns: 4; column-gap: 5mm; column-rule: 0.2mm solid var(--hair); font-size: 7.5pt; }
.rc-print .releases li { display: grid; grid-template-columns: 17mm 13mm 1fr; break-inside: avoid; padding: 0.25mm 0; white-space: nowrap; }
.rc-print .releases li.is-off { color: var(--muted); }
.rc-print .rel-day { font-weight: 700; }
.rc-print .rel-train { font-weight: 700; }
.rc-print .releases li.is-off .rel-train { text-decoration: line-through; }
.rc-print .list { width: 100%; margin-top: 4mm; border-collapse: collapse; font-size: 9pt; }
.rc-print .list th, .rc-print .list td { text-align: left; padding: 1.6mm 3mm 1.6mm 0; border-bottom: 0.2mm solid var(--hair); }
.rc-print .list thead th { font-size: 6.5pt; text-transform: uppercase; letter-spacing: 0.08em; color: var(--muted); border-bottom: 0.35mm solid var(--ink); }
.rc-print .list tbody th { font-weight: 800; }
.rc-print .list .num { text-align: right; padding-right: 6mm; }
.rc-print .list .strong { font-weight: 700; }
.rc-print .list tr.is-off { color: var(--muted); }
.rc-print .list tr.is-off th { text-decoration: line-through; }

/* Legend */
.rc-print .legend { display: flex; flex-wrap: wrap; gap: 1mm 5mm; margin-top: 3mm; padding-top: 1.5mm; border-top: 0.2mm solid var(--hair); font-size: 6.5pt; color: var(--muted); break-inside: avoid; }
.rc-print .legend-item { display: inline-flex; align-items: center; gap: 1.2mm; }
.rc-print .swatch { display: inline-block; width: 6mm; height: 3mm; border-radius: 0.6mm; }
.rc-print .swatch.weekend { background: var(--tint); border: 0.2mm solid var(--hair); }
.rc-print .swatch-off { border: 0.3mm solid var(--rule); background: #fff; }
.rc-print .legend-mark { margin: 0; }
.rc-print .sym { color: var(--ink); }
`;
}
