import { type FormEvent, useEffect, useMemo, useRef, useState } from 'react';
import { afterPointerRelease } from '../../components/pointer-release';
import type { GatePolicy } from '../../../../shared/gates';
import { ApiCallError, call } from '../../api/client';
import { CheckboxField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { ArrowDownIcon, ArrowUpIcon, PlusIcon, TrashIcon } from '../../components/icons';
import { toast } from '../../stores/toasts';
import { problemOf } from '../calendar/action-errors';
import {
  GATE_FIELDS,
  type GateField,
  type GateRow,
  type GateRowErrors,
  type GatesErrors,
  type GatesValues,
  MAX_GATES,
  NO_GATES_ERRORS,
  addGate,
  gatePolicyInput,
  gatesSummary,
  gatesValuesOf,
  hasGatesErrors,
  hasInternalBake,
  isGatesChanged,
  mergeGatesErrors,
  moveGate,
  removeGate,
  shownGatesErrors,
  splitGatesServerErrors,
  updateGate,
  validateGates,
} from './gates-model';
import { SaveBar, SettingsSection } from './SettingsSection';

let uidCounter = 0;
const newUid = () => `gate-${++uidCounter}`;

/** Where focus goes after a row action, once the rows have re-rendered. */
type FocusTarget = { uid: string; control: 'name' | 'up' | 'down' | 'remove' } | { control: 'add' };

/**
 * The default validation gates, in order, and the resume policy: what every train
 * gets when its rollout is planned. Loaded on its own (`gates.defaults.get`) and
 * saved as one `gates.defaults.update`, which the backend audits.
 */
export function GatesSection() {
  const [saved, setSaved] = useState<GatePolicy | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [values, setValues] = useState<GatesValues>({ rows: [], freshInternalBakeOnResume: true });
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<GatesErrors>(NO_GATES_ERRORS);
  const [formError, setFormError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const tableRef = useRef<HTMLDivElement>(null);
  const focusTarget = useRef<FocusTarget | null>(null);

  function reset(policy: GatePolicy) {
    setValues(gatesValuesOf(policy, newUid));
    setTouched(new Set());
    setSubmitted(false);
    setServerErrors(NO_GATES_ERRORS);
    setFormError(null);
  }

  // Always fetch on open (and on Try again): the CLI (`gates defaults --file`) may have changed the list.
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let live = true;
    call('gates.defaults.get', {}).then(
      (policy) => {
        if (!live) return;
        setSaved(policy);
        setValues(gatesValuesOf(policy, newUid));
      },
      (err: unknown) => {
        if (live) setLoadError(problemOf(err).message);
      },
    );
    return () => {
      live = false;
    };
  }, [attempt]);

  const { rows } = values;
  useEffect(() => {
    const target = focusTarget.current;
    if (!target) return;
    focusTarget.current = null;
    const root = tableRef.current;
    if (!root) return;
    if (target.control === 'add') {
      root.querySelector<HTMLElement>('[data-gate-control="add"]')?.focus();
      return;
    }
    const find = (control: string) =>
      root.querySelector<HTMLButtonElement | HTMLInputElement>(`[data-gate-control="${target.uid}:${control}"]`);
    // A row moved to the top or bottom has that arrow disabled; the other arrow keeps focus in the row.
    const wanted = find(target.control);
    const fallback = target.control === 'up' ? find('down') : target.control === 'down' ? find('up') : null;
    (wanted && !wanted.disabled ? wanted : fallback)?.focus();
  }, [rows]);

  const clientErrors = useMemo(() => validateGates(values), [values]);
  const errors = mergeGatesErrors(shownGatesErrors(clientErrors, touched, submitted), serverErrors);

  function change(index: number, patch: Partial<GateRow>) {
    const uid = rows[index]?.uid;
    setValues((v) => ({ ...v, rows: updateGate(v.rows, index, patch) }));
    // A server verdict is about what it saw; once the row changes it no longer applies.
    if (uid)
      setServerErrors((s) => {
        const { [uid]: _stale, ...rest } = s.rows;
        return { rows: rest };
      });
  }

  function touch(uid: string, ...fields: GateField[]) {
    afterPointerRelease(() =>
      setTouched((t) => {
        const next = new Set(t);
        for (const f of fields) next.add(`${uid}.${f}`);
        return next.size === t.size ? t : next;
      }),
    );
  }

  function restructure(next: GateRow[], focus: FocusTarget) {
    focusTarget.current = focus;
    setValues((v) => ({ ...v, rows: next }));
    // Indexes changed: verdicts about rows by position no longer hold.
    setServerErrors(NO_GATES_ERRORS);
  }

  function focusFirstError(e: GatesErrors) {
    for (const row of rows) {
      const rowErrors = e.rows[row.uid];
      if (!rowErrors) continue;
      if (Object.keys(rowErrors).length === 0) continue;
      // A saved gate's key is not editable: its row's name takes the focus instead.
      const find = (field: string) =>
        tableRef.current?.querySelector<HTMLElement>(`[data-gate-control="${row.uid}:${field}"]`);
      const field = GATE_FIELDS.find((f) => rowErrors[f]);
      (find(field ?? 'name') ?? find('name'))?.focus();
      return;
    }
  }

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setSubmitted(true);
    setFormError(null);
    if (hasGatesErrors(clientErrors)) {
      focusFirstError(clientErrors);
      return;
    }
    setSaving(true);
    try {
      const policy = await call('gates.defaults.update', { policy: gatePolicyInput(values) });
      setSaved(policy);
      reset(policy);
      toast('Saved the default validation gates; trains planned from now on get them');
    } catch (err) {
      if (!(err instanceof ApiCallError)) {
        setFormError(err instanceof Error ? err.message : String(err));
        return;
      }
      const { errors: placed, unplaced } = splitGatesServerErrors(err.error.fields, rows);
      setServerErrors(placed);
      if (!hasGatesErrors(placed) || unplaced.length > 0) setFormError(err.error.message);
      focusFirstError(placed);
    } finally {
      setSaving(false);
    }
  }

  const description =
    'The checks a train must pass, or waive with a reason, before its first customer wave starts; in this order on the train’s page.';

  if (!saved)
    return (
      <SettingsSection id="settings-gates" title="Validation gates" description={description}>
        <div className="settings-card-body">
          {loadError ? (
            <>
              <FormAlert message={`Could not load the default gates: ${loadError}`} />
              <div>
                <button
                  type="button"
                  className="button"
                  onClick={() => {
                    setLoadError(null);
                    setAttempt((a) => a + 1);
                  }}
                >
                  Try again
                </button>
              </div>
            </>
          ) : (
            <p className="gates-loading">Loading the default gates…</p>
          )}
        </div>
      </SettingsSection>
    );

  const dirty = isGatesChanged(saved, values);
  return (
    <SettingsSection id="settings-gates" title="Validation gates" description={description}>
      <form noValidate onSubmit={(e) => void submit(e)}>
        <div className="settings-card-body gates-body" ref={tableRef}>
          {formError && <FormAlert message={formError} />}
          <p className="gates-applies" id="gates-applies">
            <strong>Applies to trains whose rollout is planned from now on.</strong> A train gets its own copy of this
            list when its rollout is first planned, so trains on the calendar without a rollout plan yet get it too.
            Trains whose rollout is already planned keep their gates and sign-offs, even when it is re-planned.
          </p>
          {rows.length > 0 && (
            <div className="phase-table-frame">
              <table className="gate-table" aria-describedby="gates-applies">
                <thead>
                  <tr>
                    <th scope="col" className="gate-col-index">
                      <span className="visually-hidden">Order</span>
                    </th>
                    <th scope="col">Gate</th>
                    <th scope="col" className="gate-col-key">
                      Key
                    </th>
                    <th scope="col" className="gate-col-kind">
                      Kind
                    </th>
                    <th scope="col" className="gate-col-bake">
                      Bake (hours)
                    </th>
                    <th scope="col" className="gate-col-required">
                      Required
                    </th>
                    <th scope="col" className="gate-col-actions">
                      <span className="visually-hidden">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((row, index) => (
                    <GateRowView
                      key={row.uid}
                      row={row}
                      index={index}
                      count={rows.length}
                      errors={errors.rows[row.uid] ?? {}}
                      onChange={(patch) => change(index, patch)}
                      onTouch={(...fields) => touch(row.uid, ...fields)}
                      onMove={(delta) =>
                        restructure(moveGate(rows, index, delta), { uid: row.uid, control: delta < 0 ? 'up' : 'down' })
                      }
                      onRemove={() => {
                        const neighbour = rows[index + 1] ?? rows[index - 1];
                        restructure(
                          removeGate(rows, index),
                          neighbour ? { uid: neighbour.uid, control: 'remove' } : { control: 'add' },
                        );
                      }}
                    />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {errors.list && (
            <p id="gates-error" className="field-error" role="alert">
              {errors.list}
            </p>
          )}
          <div className="template-actions">
            <button
              type="button"
              className="button"
              data-gate-control="add"
              disabled={rows.length >= MAX_GATES}
              onClick={() => {
                const uid = newUid();
                restructure(addGate(rows, uid), { uid, control: 'name' });
              }}
            >
              <PlusIcon />
              Add gate
            </button>
            {!hasInternalBake(rows) && (
              <button
                type="button"
                className="button"
                disabled={rows.length >= MAX_GATES}
                onClick={() => {
                  const uid = newUid();
                  restructure(addGate(rows, uid, 'internal_bake'), { uid, control: 'name' });
                }}
              >
                <PlusIcon />
                Add internal bake gate
              </button>
            )}
            <span className="template-total" data-testid="gates-summary">
              {rows.length >= MAX_GATES ? `At most ${MAX_GATES} gates. ` : ''}
              {gatesSummary(rows)}
            </span>
          </div>
          <CheckboxField
            name="gates-fresh-bake"
            label="A halted train resumes only after a fresh pass of the internal bake gate"
            hint="A halt sets the gate back to pending; it passes again once the fix is released to the internal deployment and has baked. Unlike the list, this applies at once to every train, those already planned too."
            checked={values.freshInternalBakeOnResume}
            onChange={(checked) => setValues((v) => ({ ...v, freshInternalBakeOnResume: checked }))}
            onBlur={() => undefined}
          />
        </div>
        <SaveBar dirty={dirty} saving={saving} label="Save gates" onDiscard={() => reset(saved)} />
      </form>
    </SettingsSection>
  );
}

const KIND_TEXT = { check: 'Sign-off', internal_bake: 'Internal bake' } as const;

interface GateRowViewProps {
  row: GateRow;
  index: number;
  count: number;
  errors: GateRowErrors;
  onChange: (patch: Partial<GateRow>) => void;
  onTouch: (...fields: GateField[]) => void;
  onMove: (delta: -1 | 1) => void;
  onRemove: () => void;
}

function GateRowView({ row, index, count, errors, onChange, onTouch, onMove, onRemove }: GateRowViewProps) {
  const n = index + 1;
  const id = (field: string) => `${row.uid}-${field}`;
  const described = (field: GateField) => (errors[field] ? `${id(field)}-error` : undefined);
  const label = row.name.trim() || `gate ${n}`;
  const error = (field: GateField | 'row') =>
    errors[field] && (
      <p id={`${id(field)}-error`} className="field-error">
        {errors[field]}
      </p>
    );

  return (
    <tr className="gate-row" data-testid={`gate-default-${n}`}>
      <td className="gate-col-index">
        <span className="gate-index">{n}</span>
      </td>
      <td>
        <input
          type="text"
          className="input"
          aria-label={`Gate ${n} name`}
          aria-invalid={Boolean(errors.name)}
          aria-describedby={described('name')}
          data-gate-control={`${row.uid}:name`}
          value={row.name}
          placeholder="e.g. Security review"
          autoComplete="off"
          onChange={(e) => onChange({ name: e.target.value })}
          onBlur={() => onTouch('name', 'key')}
        />
        {error('name')}
        {error('row')}
      </td>
      <td className="gate-col-key">
        {row.isNew ? (
          <input
            type="text"
            className="input input-mono"
            aria-label={`Gate ${n} key`}
            aria-invalid={Boolean(errors.key)}
            aria-describedby={described('key')}
            data-gate-control={`${row.uid}:key`}
            value={row.key}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => onChange({ key: e.target.value })}
            onBlur={() => onTouch('key')}
          />
        ) : (
          <code className="phase-key" title="Saved gates keep their key: the CLI’s gates pass --gate KEY refers to it.">
            {row.key}
          </code>
        )}
        {error('key')}
      </td>
      <td className="gate-col-kind">
        <span className="gate-kind">{KIND_TEXT[row.kind]}</span>
      </td>
      <td className="gate-col-bake">
        {row.kind === 'internal_bake' ? (
          <>
            <input
              type="text"
              inputMode="numeric"
              className="input input-number"
              aria-label={`Gate ${n}: hours the internal deployment bakes`}
              aria-invalid={Boolean(errors.bakeHours)}
              aria-describedby={described('bakeHours')}
              data-gate-control={`${row.uid}:bakeHours`}
              value={row.bakeHours}
              autoComplete="off"
              onChange={(e) => onChange({ bakeHours: e.target.value })}
              onBlur={() => onTouch('bakeHours')}
            />
            {error('bakeHours')}
          </>
        ) : (
          <span className="gate-no-bake">
            <span aria-hidden="true">—</span>
            <span className="visually-hidden">No bake</span>
          </span>
        )}
      </td>
      <td className="gate-col-required">
        <input
          type="checkbox"
          className="phase-production"
          aria-label={`${label} is required`}
          data-gate-control={`${row.uid}:required`}
          checked={row.required}
          onChange={(e) => onChange({ required: e.target.checked })}
        />
      </td>
      <td className="gate-col-actions">
        <div className="phase-actions">
          <button
            type="button"
            className="icon-button"
            aria-label={`Move ${label} up`}
            title="Move up"
            data-gate-control={`${row.uid}:up`}
            disabled={index === 0}
            onClick={() => onMove(-1)}
          >
            <ArrowUpIcon />
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move ${label} down`}
            title="Move down"
            data-gate-control={`${row.uid}:down`}
            disabled={index === count - 1}
            onClick={() => onMove(1)}
          >
            <ArrowDownIcon />
          </button>
          <button
            type="button"
            className="icon-button icon-button-danger"
            aria-label={`Remove ${label}`}
            title="Remove gate"
            data-gate-control={`${row.uid}:remove`}
            onClick={onRemove}
          >
            <TrashIcon />
          </button>
        </div>
      </td>
    </tr>
  );
}
