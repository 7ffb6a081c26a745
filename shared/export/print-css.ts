import type { PaperSize } from './formats';

// The printable schedule's stylesheet. It reads in black and white (phases differ
// by pattern and shade), and on screen each sheet looks like the paper it prints on.

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
.rc-print .kpi-heading { margin-top: 6mm; }
.rc-print .kpi-figures td.muted { font-size: 7.5pt; color: var(--muted); }
.rc-print .kpi-figures td.num { white-space: nowrap; }
.rc-print .sheet-kpis .list { font-size: 8pt; margin-top: 2mm; }
.rc-print .sheet-kpis .list th, .rc-print .sheet-kpis .list td { padding-top: 1.1mm; padding-bottom: 1.1mm; }

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
