import { describe, expect, it } from 'vitest';
import { DomainError } from '../../shared/errors';
import { trainMarkdown } from '../../shared/export/markdown';
import { type ExportSnapshot, planOf } from '../../shared/export/snapshot';
import { demoSnapshot, trackedGates, trackedSteps, standingHalt } from '../helpers/export-snapshot';

function headings(md: string): string[] {
  return md.split('\n').filter((l) => /^#{1,6} /.test(l));
}

function waveLines(md: string): string[] {
  return md.split('\n').filter((l) => l.startsWith('- **Wave '));
}

describe('trainMarkdown', () => {
  const snapshot = demoSnapshot({ cancel: [3] });

  it('titles the summary with version and status, then phases, waves and release notes', () => {
    const md = trainMarkdown(snapshot, 1);
    const notesAt = md.indexOf('### Release notes\n');
    expect(headings(md.slice(0, notesAt + 18))).toEqual([
      '## Release 2027.01 (rolling out)',
      '### Phases',
      '### Waves',
      '### Release notes',
    ]);
    expect(md.split('\n')[2]).toBe('4–31 Jan 2027');
    expect(md).toContain('- **Internal validation**: 18–19 Jan 2027\n');
    expect(md).toContain(
      '- **Production rollout**: 20–28 Jan 2027 (release days: Wed 20 Jan, Thu 21 Jan, Mon 25 Jan, Wed 27 Jan)\n',
    );
    // No gate tracking in the snapshot: no gates section at all.
    expect(md).not.toContain('### Gates');
    expect(md.endsWith('\n')).toBe(true);
  });

  it('writes one line per wave with its date and deployments', () => {
    const plan = planOf(snapshot, 1)!;
    const lines = waveLines(trainMarkdown(snapshot, 1));
    expect(lines).toHaveLength(plan.waves.length);
    expect(lines[0]).toBe('- **Wave 0 (internal)**, Mon 18 Jan 2027, 1 deployment — `internal-us`');
    plan.waves.forEach((w, i) => {
      expect(lines[i]).toMatch(new RegExp(`^- \\*\\*Wave ${w.index}\\b`));
      expect(lines[i]).toContain(`, ${w.keys.length} deployment`);
      expect([...lines[i]!.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1])).toEqual(w.keys);
    });
  });

  it('groups a wave by step status and lists gates when tracking has them', () => {
    const [a, b, c] = planOf(snapshot, 1)!.waves[2]!.keys;
    const tracked: ExportSnapshot = {
      ...snapshot,
      steps: trackedSteps(1, { 'internal-us': 'released', [a!]: 'released', [b!]: 'failed', [c!]: 'in_progress' }),
      gates: [
        ...trackedGates(1, { 'Unit tests': 'passed', 'Acceptance suite': 'waived' }),
        ...trackedGates(2, { 'Unit tests': 'pending' }),
      ],
    };
    const md = trainMarkdown(tracked, 1);
    const lines = waveLines(md);
    expect(lines[0]).toBe('- **Wave 0 (internal)**, Mon 18 Jan 2027, 1 deployment — released: `internal-us`');
    expect(lines[2]).toMatch(
      new RegExp(`— released: \`${a}\`; in progress: \`${c}\`; failed: \`${b}\`; pending: \`[a-z0-9-]+\`$`),
    );
    expect(md).toContain('### Gates\n\n- Unit tests: passed\n- Acceptance suite: waived\n\n### Release notes');
  });

  it('keeps the release notes as written, under their heading', () => {
    const notes = snapshot.trains[0]!.notes.trim();
    expect(trainMarkdown(snapshot, 1)).toContain(`### Release notes\n\n${notes}\n`);
    const empty = { ...snapshot, trains: snapshot.trains.map((t) => ({ ...t, notes: '' })) };
    expect(trainMarkdown(empty, 1)).toContain('### Release notes\n\n_No release notes yet._\n');
  });

  it('says when a train was cancelled, and why, with markup in the reason escaped', () => {
    const md = trainMarkdown(snapshot, 3);
    expect(headings(md)[0]).toBe('## Release 2027.03 (cancelled)');
    expect(md).toContain('\n**Cancelled**: Merged into the next train.\n');
    const odd = {
      ...snapshot,
      trains: snapshot.trains.map((t) => (t.id === 3 ? { ...t, stateReason: 'see *INC-12* <script>' } : t)),
    };
    expect(trainMarkdown(odd, 3)).toContain('**Cancelled**: see \\*INC-12\\* \\<script\\>\n');
  });

  it('says when a train is halted, by what, with the reference', () => {
    const halted = {
      ...snapshot,
      halts: [standingHalt(1, { id: 1 })],
    };
    const md = trainMarkdown(halted, 1);
    expect(headings(md)[0]).toBe('## Release 2027.01 (halted)');
    expect(md).toContain('\n**Halted**: Login errors (INC-7); further releases wait until a fix is integrated.\n');
    expect(trainMarkdown(halted, 2)).not.toContain('Halted');
  });

  it('says when no rollout is planned yet, and refuses a train it does not have', () => {
    const unplanned = { ...snapshot, plans: snapshot.plans.filter((p) => p.trainId !== 4) };
    expect(trainMarkdown(unplanned, 4)).toContain('### Waves\n\nNot planned yet.\n');
    expect(() => trainMarkdown(snapshot, 42)).toThrow(DomainError);
  });
});
