import { useEffect, useRef, useState } from 'react';
import type { GatePolicy } from '../../../../shared/gates';
import { CheckboxField } from '../../components/Field';
import { FormAlert } from '../../components/FormAlert';
import { PlusIcon } from '../../components/icons';
import { useSettingsStore } from '../../stores/settings';
import { toast } from '../../stores/toasts';
import {
  GATE_ROWS,
  type GateField,
  type GateRow,
  MAX_GATES,
  addGate,
  gatePolicyInput,
  gatesSummary,
  gatesValuesOf,
  hasInternalBake,
  isGatesChanged,
  validateGates,
} from './gates-model';
import {
  RowActions,
  RowInput,
  RowKey,
  RowListMessage,
  RowMessage,
  RowNameInput,
  type RowColumn,
  RowTable,
  RowsFoot,
} from './RowEditor';
import { SettingsForm, SettingsSection } from './SettingsSection';
import { useResetOnSaved } from './useResetOnSaved';
import { type RowViewProps, newRowUid, useRowsEditor } from './useRowsEditor';

const GATE_COLUMNS: readonly RowColumn[] = [
  ['Gate'],
  ['Key', 'key'],
  ['Kind', 'kind'],
  ['Bake (hours)', 'bake'],
  ['Required', 'required'],
];

const TITLE = 'Validation gates';
const DESCRIPTION =
  'The checks a train must pass, or waive with a reason, before its first customer wave starts; in this order on the train’s page.';

/**
 * The default validation gates, in order, and the resume policy: what every train
 * gets when its rollout is planned. Loaded on its own and saved as one
 * `gates.defaults.update`, which the backend audits.
 */
export function GatesSection() {
  const { value: saved, error } = useSettingsStore((s) => s.gates);

  // Always fetch on open: the CLI (`gates defaults --file`) may have changed the list.
  useEffect(() => {
    void useSettingsStore.getState().loadGates();
  }, []);

  if (saved) return <GatesEditor saved={saved} />;
  return (
    <SettingsSection id="settings-gates" title={TITLE} description={DESCRIPTION}>
      <div className="settings-card-body">
        {error ? (
          <>
            <FormAlert message={`Could not load the default gates: ${error}`} />
            <div>
              <button type="button" className="button" onClick={() => void useSettingsStore.getState().loadGates()}>
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
}

function GatesEditor({ saved }: { saved: GatePolicy }) {
  const updateGates = useSettingsStore((s) => s.updateGates);
  const [fresh, setFresh] = useState(saved.freshInternalBakeOnResume);
  const formRef = useRef<HTMLFormElement>(null);
  const editor = useRowsEditor({
    initial: () => gatesValuesOf(saved, newRowUid).rows,
    model: GATE_ROWS,
    validate: (rows) => validateGates({ rows, freshInternalBakeOnResume: fresh }),
    root: formRef,
  });
  const { rows } = editor;

  function reset(policy: GatePolicy) {
    editor.reset(gatesValuesOf(policy, newRowUid).rows);
    setFresh(policy.freshInternalBakeOnResume);
  }
  useResetOnSaved(saved, reset);

  function submit() {
    void editor.submit(async (r) => {
      const policy = await updateGates(gatePolicyInput({ rows: r, freshInternalBakeOnResume: fresh }));
      // Afresh even when the answer equals what was stored: new gates become saved ones.
      reset(policy);
      toast('Saved the default validation gates; trains planned from now on get them');
    });
  }

  return (
    <SettingsSection id="settings-gates" title={TITLE} description={DESCRIPTION}>
      <SettingsForm
        method="gates.defaults.update"
        formRef={formRef}
        onSubmit={submit}
        formError={editor.formError}
        bodyClassName="gates-body"
        dirty={isGatesChanged(saved, { rows, freshInternalBakeOnResume: fresh })}
        saving={editor.saving}
        label="Save gates"
        onDiscard={() => reset(saved)}
      >
        <p className="gates-applies" id="gates-applies">
          <strong>Applies to trains whose rollout is planned from now on.</strong> A train gets its own copy of this
          list when its rollout is first planned, so trains on the calendar without a rollout plan yet get it too.
          Trains whose rollout is already planned keep their gates and sign-offs, even when it is re-planned.
        </p>
        {rows.length > 0 && (
          <RowTable prefix="gate" columns={GATE_COLUMNS} describedBy="gates-applies">
            <tbody>
              {rows.map((row, index) => (
                <GateRowView key={row.uid} {...editor.rowProps(index)} />
              ))}
            </tbody>
          </RowTable>
        )}
        <RowListMessage id="gates-error" message={editor.errors.list} />
        <RowsFoot addLabel="Add gate" canAdd={rows.length < MAX_GATES} onAdd={() => editor.append(addGate)}>
          {!hasInternalBake(rows) && (
            <button
              type="button"
              className="button"
              disabled={rows.length >= MAX_GATES}
              onClick={() => editor.append((r, uid) => addGate(r, uid, 'internal_bake'))}
            >
              <PlusIcon />
              Add internal bake gate
            </button>
          )}
          <span className="template-total" data-testid="gates-summary">
            {rows.length >= MAX_GATES ? `At most ${MAX_GATES} gates. ` : ''}
            {gatesSummary(rows)}
          </span>
        </RowsFoot>
        <CheckboxField
          name="gates-fresh-bake"
          label="A halted train resumes only after a fresh pass of the internal bake gate"
          hint="A halt sets the gate back to pending; it passes again once the fix is released to the internal deployment and has baked. Unlike the list, this applies at once to every train, those already planned too."
          checked={fresh}
          onChange={setFresh}
        />
      </SettingsForm>
    </SettingsSection>
  );
}

const KIND_TEXT = { check: 'Sign-off', internal_bake: 'Internal bake' } as const;

function GateRowView(view: RowViewProps<GateRow, GateField>) {
  const { row, index, errors, onChange, onTouch } = view;
  const n = index + 1;
  const { uid } = row;
  const label = row.name.trim() || `gate ${n}`;

  return (
    <tr className="gate-row" data-testid={`gate-default-${n}`}>
      <td className="gate-col-index">
        <span className="gate-index">{n}</span>
      </td>
      <td>
        <RowNameInput view={view} label={`Gate ${n}`} placeholder="e.g. Security review" />
        <RowMessage uid={uid} field="row" error={errors.row} />
      </td>
      <td className="gate-col-key">
        <RowKey
          view={view}
          label={`Gate ${n}`}
          kept="Saved gates keep their key: the CLI’s gates pass --gate KEY refers to it."
        />
      </td>
      <td className="gate-col-kind">
        <span className="gate-kind">{KIND_TEXT[row.kind]}</span>
      </td>
      <td className="gate-col-bake">
        {row.kind === 'internal_bake' ? (
          <RowInput
            uid={uid}
            field="bakeHours"
            error={errors.bakeHours}
            inputMode="numeric"
            className="input input-number"
            aria-label={`Gate ${n}: hours the internal deployment bakes`}
            value={row.bakeHours}
            onChange={(bakeHours) => onChange({ bakeHours })}
            onBlur={() => onTouch('bakeHours')}
          />
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
          data-row-control={`${uid}:required`}
          checked={row.required}
          onChange={(e) => onChange({ required: e.target.checked })}
        />
      </td>
      <td className="gate-col-actions">
        <RowActions view={view} label={label} removeVerb="Remove" removeTitle="Remove gate" canRemove />
      </td>
    </tr>
  );
}
