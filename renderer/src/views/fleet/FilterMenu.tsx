import { ChevronDownIcon } from '../../components/icons';
import { Menu } from '../../components/Menu';

interface FilterMenuProps<V extends string> {
  /** Shown in the button ahead of the current choice; the button's name reads "Region: All regions". */
  label: string;
  value: V;
  options: readonly { value: V; label: string }[];
  onChange: (value: V) => void;
}

/**
 * One toolbar filter as a menu button. Its name is its visible text, never a
 * <label>: the deployment form's fields own the labels "Region" and "Tier".
 */
export function FilterMenu<V extends string>({ label, value, options, onChange }: FilterMenuProps<V>) {
  const current = options.find((o) => o.value === value);
  const narrowed = value !== options[0]?.value;
  return (
    <Menu
      items={options.map((o) => ({ id: o.value, label: o.label, checked: o.value === value }))}
      onSelect={(id) => onChange(id as V)}
      triggerClassName={`button filter-button${narrowed ? ' is-narrowed' : ''}`}
      trigger={
        <>
          <span className="filter-button-label">{label}:</span>
          <span className="filter-button-value">{current?.label}</span>
          <ChevronDownIcon />
        </>
      }
    />
  );
}
