import { formatDay, formatRange } from '../days';
import { type DeploymentStatusInTrain, type ExportSnapshot, statusWords, trainReport } from './snapshot';

// One train's summary for chat or email: plain lists rather than tables (Slack
// shows no tables), headings GitHub renders and other tools show as they are.

/** Backslash-escapes what GitHub would read as markup in a name or reason; keys go in code spans instead. */
function inline(text: string): string {
  return text.replace(/[\\`*_[\]<>]/g, (c) => `\\${c}`);
}

/** Done first, then what is moving or went wrong, then what waits. */
const GROUP_ORDER: readonly DeploymentStatusInTrain[] = [
  'released',
  'in_progress',
  'failed',
  'rolled_back',
  'skipped',
  'pending',
  'cancelled',
];

function codeList(keys: readonly string[]): string {
  return keys.map((key) => `\`${key}\``).join(', ');
}

/** The Markdown summary of train `trainId`; not_found when the snapshot does not hold it. */
export function trainMarkdown(snapshot: ExportSnapshot, trainId: number): string {
  const {
    train,
    selected,
    status: trainStatus,
    stepStatus: status,
    waves,
    halt,
    gates,
  } = trainReport(snapshot, trainId);
  const out: string[] = [`## Release ${train.version} (${statusWords(trainStatus)})`, ''];

  out.push(formatRange(train.start, train.end));
  if (train.state !== 'active')
    out.push(
      '',
      `**${train.state === 'cancelled' ? 'Cancelled' : 'Skipped'}**${train.stateReason ? `: ${inline(train.stateReason)}` : ''}`,
    );
  if (halt)
    out.push(
      '',
      `**Halted**: ${inline(halt.reason)} (${inline(halt.reference)}); further releases wait until a fix is integrated.`,
    );

  out.push('', '### Phases', '');
  for (const p of train.phases) {
    const releases = p.releaseDays.flatMap((r) =>
      r.actual ? [formatDay(r.actual, { weekday: true, year: false })] : [],
    );
    const note = releases.length > 0 ? ` (release days: ${releases.join(', ')})` : '';
    out.push(`- **${inline(p.name)}**: ${formatRange(p.start, p.end)}${note}`);
  }

  out.push('', '### Waves', '');
  if (waves.length === 0) out.push('Not planned yet.');
  for (const w of waves) {
    const label = w.index === 0 ? 'Wave 0 (internal)' : `Wave ${w.index}`;
    const count = `${w.keys.length} deployment${w.keys.length === 1 ? '' : 's'}`;
    // With tracking, deployments are grouped by status: a wave of 25 reads at a glance.
    const who = selected.steps
      ? GROUP_ORDER.map((state) => [state, w.keys.filter((key) => status(train, key) === state)] as const)
          .filter(([, list]) => list.length > 0)
          .map(([state, list]) => `${statusWords(state)}: ${codeList(list)}`)
          .join('; ')
      : codeList(w.keys);
    out.push(`- **${label}**, ${formatDay(w.date, { weekday: true })}, ${count} — ${who}`);
  }

  if (gates) {
    out.push('', '### Gates', '');
    if (gates.length === 0) out.push('No gates.');
    for (const g of gates) out.push(`- ${inline(g.name)}: ${g.state}`);
  }

  out.push('', '### Release notes', '', train.notes.trim() === '' ? '_No release notes yet._' : train.notes.trim());
  return `${out.join('\n')}\n`;
}
