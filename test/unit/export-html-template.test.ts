import { describe, expect, it } from 'vitest';
import { toPrintableHtml } from '../../shared/export/html';
import { Html, escapeHtml, joinHtml, markup, styleElement } from '../../shared/export/html-template';
import { type ExportSelection, type ExportSnapshot, planOf } from '../../shared/export/snapshot';
import { demoSnapshot, standingHalt } from '../helpers/export-snapshot';

const HOSTILE = `<script>alert("a&b")</script>'`;
const ESCAPED = '&#60;script&#62;alert(&#34;a&#38;b&#34;)&#60;/script&#62;&#39;';

describe('the markup template', () => {
  it('escapes interpolated text and numbers, in content and in attributes', () => {
    expect(escapeHtml(HOSTILE)).toBe(ESCAPED);
    expect(markup`<b title="${HOSTILE}">${HOSTILE}</b>`.markup).toBe(`<b title="${ESCAPED}">${ESCAPED}</b>`);
    expect(markup`<i>${42}</i>`.markup).toBe('<i>42</i>');
  });

  it('puts markup it built in as it is, lists joined with nothing between', () => {
    const item = (text: string) => markup`<li>${text}</li>`;
    expect(markup`<ul>${[item('a&b'), item('<c>')]}</ul>`.markup).toBe('<ul><li>a&#38;b</li><li>&#60;c&#62;</li></ul>');
    expect(joinHtml([item('a'), item('b')], '\n').markup).toBe('<li>a</li>\n<li>b</li>');
    expect(joinHtml([item('a'), item('b')], '<hr>').markup).toBe('<li>a</li>&#60;hr&#62;<li>b</li>');
  });

  it('makes no Html from a string outside the template', () => {
    const forged = Symbol('built by html-template') as never;
    expect(() => new Html(forged, HOSTILE)).toThrow(/markup template/);
  });

  it('keeps a stylesheet inside its style element', () => {
    expect(styleElement('a { font: "Inter"; }').markup).toBe('<style>\na { font: "Inter"; }\n</style>');
    expect(() => styleElement('a {} </style><script>x</script>')).toThrow(/close/);
  });
});

describe('printable schedule: every text is escaped', () => {
  const base = demoSnapshot();
  const key = planOf(base, 2)!.waves[1]!.keys[0]!;
  const poisoned: ExportSnapshot = {
    ...base,
    calendarName: HOSTILE,
    deployments: base.deployments.map((d) =>
      d.key === key ? { ...d, name: HOSTILE, region: HOSTILE, timeZone: HOSTILE } : d,
    ),
    trains: base.trains.map((t) => ({
      ...t,
      version: `${t.version}${HOSTILE}`,
      phases: t.phases.map((p) => ({ ...p, name: HOSTILE })),
      ...(t.id === 3 ? { state: 'cancelled' as const, stateReason: HOSTILE } : {}),
    })),
    gates: [{ trainId: 2, name: HOSTILE, state: 'failed' }],
    halts: [standingHalt(2, { id: 1, reason: HOSTILE, reference: HOSTILE, from: '2027-01-27' })],
  };

  it.each<ExportSelection>([
    { kind: 'all' },
    { kind: 'range', from: '2027-01-01', to: '2027-02-28' },
    { kind: 'train', trainId: 2 },
    { kind: 'train', trainId: 3 },
    { kind: 'deployment', key },
  ])('in the %o schedule', (selection) => {
    const doc = toPrintableHtml(poisoned, selection, { paper: 'a4' });
    expect(doc).not.toContain('<script');
    expect(doc).not.toContain('"a&b"');
    expect(doc).toContain(ESCAPED);
  });

  it('in the title, the selection, the phases, gates, halt and reasons of a train', () => {
    const doc = toPrintableHtml(poisoned, { kind: 'train', trainId: 2 }, { paper: 'letter' });
    const version = `${base.trains.find((t) => t.id === 2)!.version}${ESCAPED}`;
    expect(doc).toContain(`<title>Release Calendar: release ${version} rollout plan</title>`);
    expect(doc).toContain(`<span class="head-label">Selection</span>Train ${version}</div>`);
    expect(doc).toContain(`<span class="row-title">${ESCAPED}</span>`);
    expect(doc).toContain(`<span class="gate-name">${ESCAPED}</span>`);
    expect(doc).toContain(`<strong>Halted.</strong> ${ESCAPED} (${ESCAPED}).`);
    expect(doc).toContain(`<span class="chip-where">${ESCAPED} · ${ESCAPED}</span>`);
  });
});
