import { TIERS, type Tier } from '../../../../shared/deployment';
import { SearchIcon } from '../../components/icons';
import { type StatusFilter, isFiltered, useFleetStore } from '../../stores/fleet';
import { FilterMenu } from './FilterMenu';
import { capitalize, formatCount } from './format';

const ANY = '';

const STATUS_OPTIONS: readonly { value: StatusFilter; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'retired', label: 'Retired' },
  { value: 'all', label: 'All' },
];

const TIER_OPTIONS = [{ value: ANY, label: 'All tiers' }, ...TIERS.map((t) => ({ value: t, label: capitalize(t) }))];

/** Search and filters above the table, with how many rows they leave. */
export function FleetToolbar({ shown }: { shown: number }) {
  const filter = useFleetStore((s) => s.filter);
  const total = useFleetStore((s) => s.deployments.length);
  const regions = useFleetStore((s) => s.regions);
  const setFilter = useFleetStore((s) => s.setFilter);
  const clearFilters = useFleetStore((s) => s.clearFilters);

  const regionOptions = [{ value: ANY, label: 'All regions' }, ...regions.map((r) => ({ value: r, label: r }))];

  return (
    <div className="toolbar" role="search">
      <div className="search">
        <SearchIcon className="search-icon" />
        <label htmlFor="fleet-search" className="visually-hidden">
          Search deployments
        </label>
        <input
          id="fleet-search"
          type="search"
          className="input search-input"
          placeholder="Search deployments"
          value={filter.search}
          autoComplete="off"
          spellCheck={false}
          onChange={(e) => setFilter({ search: e.target.value })}
        />
      </div>
      <FilterMenu
        label="Region"
        value={filter.region ?? ANY}
        options={regionOptions}
        onChange={(v) => setFilter({ region: v || null })}
      />
      <FilterMenu
        label="Tier"
        value={filter.tier ?? ANY}
        options={TIER_OPTIONS}
        onChange={(v) => setFilter({ tier: (v || null) as Tier | null })}
      />
      <FilterMenu
        label="Status"
        value={filter.status}
        options={STATUS_OPTIONS}
        onChange={(v) => setFilter({ status: v })}
      />
      <div className="toolbar-end">
        {isFiltered(filter) && (
          <button type="button" className="button button-ghost" onClick={clearFilters}>
            Clear filters
          </button>
        )}
        <p className="toolbar-count" aria-live="polite">
          {formatCount(shown)} of {formatCount(total)} deployments
        </p>
      </div>
    </div>
  );
}
