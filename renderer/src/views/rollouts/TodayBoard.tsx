import { useState } from 'react';
import type { TodayBoard as Board, TodayRow } from '../../../../shared/contract';
import { Badge } from '../../components/Badge';
import { FormAlert } from '../../components/FormAlert';
import { useRolloutsStore } from '../../stores/rollouts';
import { problemOf } from '../calendar/action-errors';
import { plural, shortDay } from '../calendar/calendar-format';
import { TODAY_KIND_LABEL, TODAY_KIND_TONE, TODAY_TO_DO } from './rollout-format';
import { keysPhrase } from './rollout-model';
import { useMayCall } from '../../stores/session';

/** The button that does what a row asks: start a due wave, or release the steps in progress. */
function rowAction(row: TodayRow): { label: string; action: 'start' | 'release' } | null {
  if (row.kind === 'release') return { label: `Start wave ${row.wave}`, action: 'start' };
  if (row.kind === 'in_progress') return { label: `Release wave ${row.wave}`, action: 'release' };
  return null;
}

function BoardRow({ row, today }: { row: TodayRow; today: string }) {
  const mayStep = useMayCall(row.patchId === null ? 'steps.transition' : 'patches.transition');
  const transition = useRolloutsStore((s) => s.transition);
  const transitionPatch = useRolloutsStore((s) => s.transitionPatch);
  const open = useRolloutsStore((s) => s.open);
  // A patch row opens its train's page, where the patch is: named by the train's version.
  const trainVersion = useRolloutsStore(
    (s) => s.report?.trains.find((t) => t.trainId === row.trainId)?.version ?? row.version,
  );
  const [refusal, setRefusal] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const action = rowAction(row);

  async function run(act: 'start' | 'release') {
    setBusy(true);
    setRefusal(null);
    try {
      await (row.patchId === null
        ? transition({ trainId: row.trainId, wave: row.wave, action: act })
        : transitionPatch(row.trainId, { patchId: row.patchId, wave: row.wave, action: act }));
    } catch (err) {
      setRefusal(problemOf(err).message);
    } finally {
      // The row stays (same train and wave) when the board reloads: its buttons must work again.
      setBusy(false);
    }
  }

  const late = row.date < today;
  return (
    <li className={`today-row today-${row.kind}`} data-testid={`today-${row.version}-wave-${row.wave}`}>
      <div className="today-row-head">
        {row.kind === 'release' && late ? (
          <Badge tone="warning">Late</Badge>
        ) : (
          <Badge tone={TODAY_KIND_TONE[row.kind]}>{TODAY_KIND_LABEL[row.kind]}</Badge>
        )}
        <span className="today-row-title">
          {row.patchId !== null && 'Patch '}
          <span className="mono">{row.version}</span> · wave {row.wave}
        </span>
        <span className="today-row-date">
          {late ? `planned ${shortDay(row.date)}` : shortDay(row.date)}
          {row.until && ` · until ${shortDay(row.until)}`}
        </span>
      </div>
      <p className="today-reason">{row.reason}</p>
      {/* Rows that ask for something name their deployments in the reason; those that wait do not. */}
      {!TODAY_TO_DO.includes(row.kind) && (
        <p className="today-keys" title={row.keys.join(', ')}>
          {plural(row.keys.length, 'deployment')}: <span className="mono">{keysPhrase(row.keys, 5)}</span>
        </p>
      )}
      {refusal && <FormAlert message={refusal} />}
      <div className="today-row-actions">
        {action && (
          <button
            type="button"
            className="button button-small button-primary"
            disabled={busy || !mayStep.allowed}
            title={mayStep.reason ?? undefined}
            onClick={() => void run(action.action)}
          >
            {action.label}
          </button>
        )}
        <button
          type="button"
          className="button button-small"
          aria-label={`Open the rollout of ${trainVersion}`}
          onClick={() => open(row.trainId)}
        >
          Open {trainVersion}
        </button>
      </div>
    </li>
  );
}

interface ColumnProps {
  id: string;
  title: string;
  rows: readonly TodayRow[];
  today: string;
  empty: string;
}

function Column({ id, title, rows, today, empty }: ColumnProps) {
  return (
    <section className="today-column" aria-labelledby={`today-${id}-title`}>
      <h3 id={`today-${id}-title`} className="today-column-title">
        {title} <span className="today-count">{rows.length}</span>
      </h3>
      {rows.length === 0 ? (
        <p className="rollout-empty">{empty}</p>
      ) : (
        <ul className="today-rows">
          {rows.map((r) => (
            <BoardRow key={`${r.trainId}-${r.patchId ?? 'train'}-${r.wave}`} row={r} today={today} />
          ))}
        </ul>
      )}
    </section>
  );
}

/** What should be released today, and what waits (on gates, a bake, a halt or an earlier wave) and why. */
export function TodayBoard({ board }: { board: Board }) {
  const toDo = board.rows.filter((r) => TODAY_TO_DO.includes(r.kind));
  const waiting = board.rows.filter((r) => !TODAY_TO_DO.includes(r.kind));
  return (
    <section className="rollout-card today-board" aria-labelledby="today-title" data-testid="today-board">
      <div className="rollout-card-head">
        <h2 id="today-title" className="rollout-card-title">
          Today · {shortDay(board.today)}
        </h2>
      </div>
      <div className="today-columns">
        <Column id="to-do" title="To do" rows={toDo} today={board.today} empty="Nothing to start or release today." />
        <Column
          id="waiting"
          title="Waiting"
          rows={waiting}
          today={board.today}
          empty="Nothing is waiting on a gate, a bake or a halt."
        />
      </div>
    </section>
  );
}
