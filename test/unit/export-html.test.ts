import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, eachDay } from '../../shared/days';
import { kpiFigures } from '../../shared/kpi-format';
import { kpiReport } from '../../shared/kpis';
import { DomainError } from '../../shared/errors';
import { toPrintableHtml } from '../../shared/export/html';
import { escapeHtml } from '../../shared/export/html-template';
import { type ExportSelection, type ExportSnapshot, planOf } from '../../shared/export/snapshot';
import { demoSnapshot, trackedGates, trackedSteps, standingHalt } from '../helpers/export-snapshot';

// The printable schedule is HTML we write by hand, so these tests read it by its
// own markers (sheet sections, rows, cells, classes) with plain string work.

function html(snapshot: ExportSnapshot, selection: ExportSelection, paper: 'a4' | 'letter' = 'a4'): string {
  return toPrintableHtml(snapshot, selection, { paper });
}

/** The sheets (one per printed page, or more when one overflows), in order. */
function sheets(doc: string): string[] {
  return doc.split('<section class="sheet ').slice(1);
}

/** The pieces of `text` that start with `marker`, each up to the next one. */
function parts(text: string, marker: string): string[] {
  return text.split(marker).slice(1);
}

function count(text: string, needle: string): number {
  return text.split(needle).length - 1;
}

/** The body rows of the first day grid of a sheet, each as its cells' markup (the row header first). */
function gridRows(sheet: string): string[][] {
  const body = sheet.slice(sheet.indexOf('<tbody>'), sheet.indexOf('</tbody>'));
  return parts(body, '<tr ').map((row) => row.split(/<t[hd][ >]/).slice(1));
}

function dayNumbers(sheet: string): number[] {
  return [...sheet.matchAll(/<th class="daynum[^"]*" scope="col">(\d+)<\/th>/g)].map((m) => Number(m[1]));
}

describe('printable schedule: the document', () => {
  const snapshot = demoSnapshot();

  it('is self-contained and inert: no script, no external resource, no style attribute, a strict CSP', () => {
    for (const selection of [{ kind: 'all' }, { kind: 'train', trainId: 2 }] as const) {
      const doc = html(snapshot, selection);
      expect(doc.startsWith('<!doctype html>')).toBe(true);
      expect(doc).not.toMatch(/<script/i);
      expect(doc).not.toMatch(/\s(src|href)=/i);
      // The app shows the same markup under a CSP that refuses inline style attributes.
      expect(doc).not.toMatch(/\sstyle=/i);
      expect(doc).toContain(
        `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
      );
      expect(count(doc, '<style>')).toBe(1);
      for (const tag of ['section', 'table', 'tr', 'ul', 'li'])
        expect(count(doc, `<${tag}`), tag).toBe(count(doc, `</${tag}>`));
    }
  });

  it('lays the paper out landscape: A4 unless Letter is asked for', () => {
    expect(html(snapshot, { kind: 'all' })).toContain('@page { size: A4 landscape;');
    const letter = html(snapshot, { kind: 'all' }, 'letter');
    expect(letter).toContain('@page { size: letter landscape;');
    expect(letter).toContain('class="rc-print paper-letter"');
  });

  it('heads every sheet with the product name, the selection and the time it was generated', () => {
    const cases: [ExportSelection, string][] = [
      [{ kind: 'all' }, 'Every train'],
      [{ kind: 'train', trainId: 2 }, 'Train 2027.02'],
      [{ kind: 'deployment', key: 'us-east-3' }, 'Deployment us-east-3 (US East 3)'],
      [{ kind: 'range', from: '2027-01-11', to: '2027-02-20' }, 'Days 11 Jan – 20 Feb 2027'],
    ];
    for (const [selection, words] of cases) {
      const list = sheets(html(snapshot, selection));
      expect(list.length).toBeGreaterThan(0);
      for (const sheet of list) {
        expect(sheet).toContain('Release Calendar</div>');
        expect(sheet).toContain(`<span class="head-label">Selection</span>${escapeHtml(words)}</div>`);
        expect(sheet).toContain('<span class="head-label">Generated</span>Mon 25 Jan 2027, 09:30 UTC</div>');
      }
    }
  });

  it('escapes every text it prints: names, reasons, references', () => {
    const hostile = '<img src=x onerror="alert(1)"> & \'quoted\'';
    const key = planOf(snapshot, 2)!.waves[1]!.keys[0]!;
    const poisoned: ExportSnapshot = {
      ...snapshot,
      deployments: snapshot.deployments.map((d) => (d.key === key ? { ...d, name: hostile, region: hostile } : d)),
      trains: snapshot.trains.map((t) => (t.id === 3 ? { ...t, state: 'cancelled', stateReason: hostile } : t)),
      halts: [standingHalt(2, { id: 1, reason: hostile, reference: '</section><h1>', from: '2027-01-27' })],
    };
    for (const selection of [
      { kind: 'all' },
      { kind: 'train', trainId: 2 },
      { kind: 'train', trainId: 3 },
      { kind: 'deployment', key },
    ] as const) {
      const doc = html(poisoned, selection);
      expect(doc).not.toContain('<img');
      expect(doc).not.toContain('</section><h1>');
      expect(count(doc, '<section')).toBe(count(doc, '</section>'));
    }
    const train = html(poisoned, { kind: 'train', trainId: 2 });
    expect(train).toContain(escapeHtml(hostile));
    expect(train).toContain('&#60;/section&#62;&#60;h1&#62;');
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
  });

  it('refuses a train or a deployment it does not hold', () => {
    expect(() => html(snapshot, { kind: 'train', trainId: 99 })).toThrow(DomainError);
    expect(() => html(snapshot, { kind: 'deployment', key: 'nowhere-1' })).toThrow(/No deployment has the key/);
  });
});

describe("printable schedule: one train's rollout plan", () => {
  const base = demoSnapshot();
  const plan = planOf(base, 2)!;
  const [first, second] = plan.waves[2]!.keys;
  const snapshot: ExportSnapshot = {
    ...base,
    steps: trackedSteps(2, { 'internal-us': 'released', [first!]: 'failed', [second!]: 'in_progress' }),
    gates: trackedGates(2, {
      'Unit tests': 'passed',
      'Acceptance suite': 'waived',
      'Internal release + bake': 'pending',
    }),
    halts: [standingHalt(2, { id: 1, reason: 'Login loop for SSO users', reference: 'INC-4411', from: '2027-01-27' })],
  };
  const doc = html(snapshot, { kind: 'train', trainId: 2 });
  const [sheet] = sheets(doc);

  it('is one sheet titled with the release, its status and its dates', () => {
    expect(sheets(doc)).toHaveLength(1);
    expect(sheet).toContain('<h1 class="sheet-title">Release 2027.02 <span class="title-sub">Rollout plan</span></h1>');
    expect(sheet).toContain('<span class="pill pill-halted">Halted</span>');
    expect(sheet).toContain('18 Jan – 14 Feb 2027');
    expect(sheet).toContain(
      '<p class="banner banner-halt"><strong>Halted.</strong> Login loop for SSO users (INC-4411).',
    );
  });

  it('lists every deployment of the plan once, in its wave, with its region and time zone', () => {
    const rows = parts(sheet!, '<tr class="wave-row">');
    expect(rows).toHaveLength(plan.waves.length);
    plan.waves.forEach((wave, i) => {
      expect(rows[i]).toContain(`<span class="wave-name">Wave ${wave.index}</span>`);
      const keys = [...rows[i]!.matchAll(/<span class="chip-key">([^<]+)<\/span>/g)].map((m) => m[1]);
      expect(keys).toEqual(wave.keys);
    });
    const usEast = base.deployments.find((d) => d.key === 'internal-us')!;
    expect(rows[0]).toContain(`<span class="chip-where">${usEast.region} · ${usEast.timeZone}</span>`);
    expect(count(sheet!, '<li class="chip ')).toBe(plan.waves.reduce((n, w) => n + w.keys.length, 0));
  });

  it('gives each step state a symbol and, unless it is pending or released, a word', () => {
    expect(sheet).toMatch(
      /<li class="chip chip-released"><span class="sym" title="released">✓<\/span><span class="chip-key">internal-us<\/span><span class="chip-where">[^<]*<\/span><\/li>/,
    );
    expect(sheet).toMatch(/<li class="chip chip-failed">[^]*?✗[^]*?<span class="chip-state">failed<\/span><\/li>/);
    expect(sheet).toContain(`<span class="chip-key">${second}</span>`);
    expect(sheet).toMatch(/<li class="chip chip-in_progress">[^]*?<span class="chip-state">in progress<\/span>/);
    expect(count(sheet!, 'class="chip chip-pending"')).toBe(plan.waves.reduce((n, w) => n + w.keys.length, 0) - 3);
  });

  it('lists the gates in order with their states', () => {
    const gates = [
      ...sheet!.matchAll(
        /<li class="gate gate-(\w+)">.*?<span class="gate-name">([^<]+)<\/span><span class="gate-state">(\w+)<\/span><\/li>/g,
      ),
    ];
    expect(gates.map((g) => [g[2], g[1], g[3]])).toEqual([
      ['Unit tests', 'passed', 'passed'],
      ['Acceptance suite', 'waived', 'waived'],
      ['Internal release + bake', 'pending', 'pending'],
    ]);
  });

  it("draws the train's days with one bar per phase, as wide as the phase, and each wave's number on its day", () => {
    const train = base.trains.find((t) => t.id === 2)!;
    const days = eachDay(train.start, train.end);
    expect(dayNumbers(sheet!)).toEqual(days.map((d) => Number(d.slice(8))));
    const rows = gridRows(sheet!);
    expect(rows).toHaveLength(train.phases.length);
    train.phases.forEach((phase, i) => {
      const cells = rows[i]!.slice(1);
      expect(cells).toHaveLength(days.length);
      const start = days.indexOf(phase.start);
      const length = daysBetween(phase.start, phase.end) + 1;
      cells.forEach((cell, j) => {
        expect(cell.includes('class="fill '), `${phase.key} day ${j}`).toBe(j === start);
        const wave = plan.waves.find((w) => w.date === days[j] && phase.start <= w.date && w.date <= phase.end);
        expect(cell.includes('class="wave-mark"'), `${phase.key} day ${j}`).toBe(wave !== undefined);
        if (wave) expect(cell).toContain(`<b>${wave.index}</b>`);
      });
      expect(cells[start]).toContain(`span-${length}`);
      expect(doc).toContain(`.rc-print .span-${length} { --n: ${length}; }`);
    });
  });

  it('says so when the train has no rollout plan yet, and when it is cancelled', () => {
    const unplanned = { ...base, plans: base.plans.filter((p) => p.trainId !== 4) };
    const sheet4 = html(unplanned, { kind: 'train', trainId: 4 });
    expect(sheet4).toContain('No rollout plan yet');
    // Its release days are still marked on its days; a planned train shows its waves there instead.
    const releaseDays = base.trains.find((t) => t.id === 4)!.releaseDays;
    expect(releaseDays.length).toBeGreaterThan(0);
    expect(count(sheet4, '<span class="release-mark"')).toBe(releaseDays.length);
    expect(count(sheet4, '<span class="wave-mark"')).toBe(0);
    expect(count(html(base, { kind: 'train', trainId: 4 }), '<span class="release-mark"')).toBe(0);
    const cancelled = demoSnapshot({ cancel: [4] });
    const text = html(cancelled, { kind: 'train', trainId: 4 });
    expect(text).toContain('<span class="pill pill-cancelled">Cancelled</span>');
    expect(text).toContain('<strong>Cancelled.</strong> Merged into the next train.');
    expect(count(text, 'class="chip chip-cancelled"')).toBe(
      planOf(cancelled, 4)!.waves.reduce((n, w) => n + w.keys.length, 0),
    );
  });
});

describe('printable schedule: trains by quarter', () => {
  const snapshot = demoSnapshot({ trains: 8, cancel: [3] });

  it('prints everything as whole calendar quarters, each train a row in every quarter it lives in', () => {
    // Eight trains from 4 Jan 2027 to 9 May 2027: the first and second quarters.
    const list = sheets(html(snapshot, { kind: 'all' }));
    expect(list.map((s) => /<h1 class="sheet-title">([^<]+)/.exec(s)![1]!.trim())).toEqual(['Q1 2027', 'Q2 2027']);
    expect(dayNumbers(list[0]!)).toHaveLength(90);
    expect(dayNumbers(list[1]!)).toHaveLength(91);
    const versions = (sheet: string) =>
      [...sheet.matchAll(/<span class="row-title">([^<]+)<\/span>/g)].map((m) => m[1]);
    expect(versions(list[0]!)).toEqual(snapshot.trains.filter((t) => t.start <= '2027-03-31').map((t) => t.version));
    expect(versions(list[1]!)).toEqual(snapshot.trains.filter((t) => t.end >= '2027-04-01').map((t) => t.version));
  });

  it('prints a range of up to three months as one sheet of exactly its days, and cuts a longer one by months', () => {
    const short = sheets(html(snapshot, { kind: 'range', from: '2027-01-11', to: '2027-03-20' }));
    expect(short).toHaveLength(1);
    expect(dayNumbers(short[0]!)).toEqual(eachDay('2027-01-11', '2027-03-20').map((d) => Number(d.slice(8))));
    const long = sheets(html(snapshot, { kind: 'range', from: '2027-01-15', to: '2027-05-10' }));
    expect(long.map((s) => dayNumbers(s).length)).toEqual([76, 40]);
    expect(long[1]).toContain('<h1 class="sheet-title">1 Apr – 10 May 2027</h1>');
  });

  it("lists each wave on its release day, and strikes a cancelled train's", () => {
    const [q1] = sheets(html(snapshot, { kind: 'all' }));
    const items = parts(q1!.slice(q1!.indexOf('<ol class="releases">')), '<li');
    const waves = snapshot.plans
      .flatMap((p) => p.waves.map((w) => ({ trainId: p.trainId, ...w })))
      .filter((w) => w.date <= '2027-03-31');
    expect(items).toHaveLength(waves.length);
    const cancelled = snapshot.trains.find((t) => t.id === 3)!;
    expect(items.filter((i) => i.startsWith(' class="is-off"'))).toHaveLength(
      waves.filter((w) => w.trainId === 3).length,
    );
    expect(q1).toContain(`<span class="row-title">${cancelled.version}</span><span class="row-sub status-cancelled">`);
    // Every wave's number sits on its day in its train's row.
    const rows = gridRows(q1!);
    const days = eachDay('2027-01-01', '2027-03-31');
    for (const w of waves) {
      const row = rows[snapshot.trains.findIndex((t) => t.id === w.trainId)]!;
      expect(row[1 + days.indexOf(w.date)]).toContain(`<b>${w.index}</b>`);
    }
  });

  it('says so when no train is in the days asked for, or none is planned', () => {
    expect(html(snapshot, { kind: 'range', from: '2030-01-01', to: '2030-01-31' })).toContain(
      'No trains in these days.',
    );
    expect(html({ ...snapshot, trains: [], plans: [] }, { kind: 'all' })).toContain('No trains are planned yet.');
  });
});

describe("printable schedule: one deployment's releases", () => {
  const snapshot = demoSnapshot({ cancel: [2] });
  const key = 'us-east-3';

  it('lists each train that reaches it, with its wave and release day; a cancelled one struck', () => {
    const [sheet] = sheets(html(snapshot, { kind: 'deployment', key }));
    expect(sheet).toContain('<h1 class="sheet-title">Releases to us-east-3</h1>');
    const rows = parts(sheet!.slice(sheet!.indexOf('<tbody>')), '<tr');
    const expected = snapshot.plans.flatMap((p) =>
      p.waves.filter((w) => w.keys.includes(key)).map((w) => ({ trainId: p.trainId, wave: w })),
    );
    expect(rows).toHaveLength(expected.length);
    expected.forEach(({ trainId, wave }, i) => {
      const train = snapshot.trains.find((t) => t.id === trainId)!;
      expect(rows[i]).toContain(`<th scope="row">${train.version}</th>`);
      expect(rows[i]).toContain(`<td class="num">${wave.index}</td>`);
      expect(rows[i]!.startsWith(' class="is-off"')).toBe(train.state !== 'active');
    });
  });
});

describe('printable schedule: release health', () => {
  const snapshot = demoSnapshot();
  const at = (day: string, hour: number) => `${day}T${String(hour).padStart(2, '0')}:00:00.000Z`;
  /** Thirty trains, each released on its day; every third one halted (medium) and fixed in 6 hours. */
  const report = kpiReport(
    Array.from({ length: 30 }, (_, i) => {
      const day = addDays('2026-01-05', 14 * i);
      return {
        id: i + 1,
        version: `2026.${String(i + 1).padStart(2, '0')}`,
        start: day,
        state: i === 4 ? ('skipped' as const) : ('active' as const),
        waves: [{ index: 1, day: addDays(day, 21) }],
        steps: [
          {
            key: i % 2 ? 'us-east-3' : 'eu-west-1',
            wave: 1,
            state: 'released' as const,
            startedAt: at(addDays(day, 21), 9),
            finishedAt: at(addDays(day, 21), 11),
          },
        ],
        halts:
          i % 3 === 0
            ? [
                {
                  severity: 'medium' as const,
                  haltedAt: at(addDays(day, 21), 12),
                  resumedAt: at(addDays(day, 21), 18),
                  deployments: [i % 2 ? 'us-east-3' : 'eu-west-1'],
                },
              ]
            : [],
      };
    }),
    { from: null, to: null, last: 30 },
    { today: '2027-06-01', dayOf: (instant) => instant.slice(0, 10) },
    '2027-06-01T09:00:00.000Z',
  );

  it('ends the quarterly schedule with the figures, their definitions, and the trains 24 a sheet', () => {
    for (const selection of [{ kind: 'all' }, { kind: 'range', from: '2027-01-25', to: '2027-02-05' }] as const) {
      const all = sheets(toPrintableHtml(snapshot, selection, { paper: 'a4', kpis: report }));
      const health = all.filter((s) => s.startsWith('sheet-kpis'));
      expect(health).toHaveLength(3);
      expect(health[0]).toContain('<h1 class="sheet-title">Release health</h1>');
      for (const f of kpiFigures(report.summary)) {
        expect(health[0]).toContain(`<th scope="row">${escapeHtml(f.label)}</th>`);
        expect(health[0]).toContain(escapeHtml(f.definition));
      }
      expect(health[0]).toContain('<td class="num strong">6 h</td>');
      // The deployments most reached: each of the two reached by five halts.
      expect(health[0]).toMatch(/<th scope="row">eu-west-1<\/th><td class="num">5<\/td>/);
      const trainRows = health.slice(1).map((s) => count(s, '<tr') - 1);
      expect(trainRows).toEqual([24, 6]);
      expect(health[2]).toContain('Release health per train (continued)');
      // The skipped train is struck through like the calendar's.
      expect(health[1]).toContain('<tr class="is-off"><th scope="row">2026.05</th>');
      // The calendar sheets come first.
      expect(all[0]!.startsWith('sheet-kpis')).toBe(false);
    }
  });

  it('says there is nothing to measure when no train has started, and is absent from a train or deployment sheet', () => {
    const empty = kpiReport(
      [],
      { from: null, to: null, last: 12 },
      { today: '2027-01-01', dayOf: (i) => i },
      '2027-01-01T00:00:00.000Z',
    );
    const health = sheets(toPrintableHtml(snapshot, { kind: 'all' }, { paper: 'a4', kpis: empty })).filter((s) =>
      s.startsWith('sheet-kpis'),
    );
    expect(health).toHaveLength(1);
    expect(health[0]).toContain('nothing to measure');
    for (const selection of [
      { kind: 'train', trainId: 1 },
      { kind: 'deployment', key: 'us-east-3' },
    ] as const)
      expect(toPrintableHtml(snapshot, selection, { paper: 'a4', kpis: report })).not.toContain(
        '<section class="sheet sheet-kpis"',
      );
  });
});
