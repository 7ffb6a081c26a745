import { type KeyboardEvent, useEffect, useMemo, useRef } from 'react';
import { formatDay } from '../../../../shared/days';
import type { Deployment, DeploymentSortField } from '../../../../shared/deployment';
import { Badge } from '../../components/Badge';
import { SortIcon } from '../../components/icons';
import { isFiltered, useFleetStore } from '../../stores/fleet';
import { useUiStore } from '../../stores/ui';
import { capitalize, currentOffset, formatCount } from './format';
import './eligibility.css';

interface Column {
  id: string;
  label: string;
  sort?: DeploymentSortField;
  numeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { id: 'key', label: 'Key', sort: 'key' },
  { id: 'name', label: 'Name', sort: 'name' },
  { id: 'region', label: 'Region', sort: 'region' },
  { id: 'timeZone', label: 'Time zone', sort: 'timeZone' },
  { id: 'tier', label: 'Tier', sort: 'tier' },
  { id: 'weight', label: 'Weight', sort: 'weight', numeric: true },
  { id: 'pairingGroup', label: 'Pairing group' },
  { id: 'pin', label: 'Placement' },
  { id: 'role', label: 'Role' },
  { id: 'status', label: 'Status', sort: 'status' },
  { id: 'version', label: 'Runs' },
];

/** A dash for "none" that screen readers hear as the word. */
function Empty() {
  return (
    <span className="cell-empty">
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">none</span>
    </span>
  );
}

function SortHeader({ column }: { column: Column & { sort: DeploymentSortField } }) {
  const sort = useFleetStore((s) => s.filter.sort);
  const direction = useFleetStore((s) => s.filter.direction);
  const sortBy = useFleetStore((s) => s.sortBy);
  const active = sort === column.sort;
  return (
    <th
      scope="col"
      className={column.numeric ? 'numeric' : undefined}
      aria-sort={active ? (direction === 'asc' ? 'ascending' : 'descending') : 'none'}
    >
      <button type="button" className={`sort-button${active ? ' is-sorted' : ''}`} onClick={() => sortBy(column.sort)}>
        {column.label}
        <SortIcon sorted={active ? direction : null} className="sort-icon" />
      </button>
    </th>
  );
}

interface RowProps {
  deployment: Deployment;
  offset: string | null;
  highlighted: boolean;
  onOpen: (key: string) => void;
  onFlashEnd: () => void;
}

function DeploymentRow({ deployment: d, offset, highlighted, onOpen, onFlashEnd }: RowProps) {
  const ref = useRef<HTMLTableRowElement>(null);
  useEffect(() => {
    if (highlighted) ref.current?.scrollIntoView({ block: 'nearest' });
  }, [highlighted]);

  function onKeyDown(event: KeyboardEvent<HTMLTableRowElement>) {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onOpen(d.key);
    }
  }

  const retired = d.status === 'retired';
  return (
    <tr
      ref={ref}
      data-testid={`deployment-row-${d.key}`}
      className={`row${retired ? ' is-retired' : ''}${highlighted ? ' is-highlighted' : ''}`}
      tabIndex={0}
      onClick={() => onOpen(d.key)}
      onKeyDown={onKeyDown}
      onAnimationEnd={onFlashEnd}
    >
      <td className="cell-key mono">{d.key}</td>
      <td className="cell-name" title={d.name}>
        {d.name}
      </td>
      <td>{d.region}</td>
      <td>
        <span className="zone-name">{d.timeZone}</span>
        {offset && <span className="zone-offset">{offset}</span>}
      </td>
      <td>{capitalize(d.tier)}</td>
      <td className="numeric">{formatCount(d.weight)}</td>
      <td className="mono cell-group">{d.pairingGroup ?? <Empty />}</td>
      <td>
        {d.pinPolicy === 'late' || d.earlyOptOut ? (
          <span className="cell-badges">
            {d.pinPolicy === 'late' && (
              <Badge tone="warning" title="Pinned late: only ever in the last wave">
                Late
              </Badge>
            )}
            {d.earlyOptOut && (
              <Badge tone="muted" title="Opted out of early waves: never in an early customer wave">
                Not early
              </Badge>
            )}
          </span>
        ) : (
          <Empty />
        )}
      </td>
      <td>
        {d.internal ? (
          <Badge tone="accent" title="Receives every release first">
            Internal
          </Badge>
        ) : (
          <Empty />
        )}
      </td>
      <td>
        {retired ? (
          <Badge tone="muted">Retired</Badge>
        ) : (
          <span className="status-active">
            <span className="status-dot" aria-hidden="true" />
            Active
          </span>
        )}
      </td>
      <td className="cell-version">
        <VersionCell deploymentKey={d.key} />
      </td>
    </tr>
  );
}

/** The version it runs now; one a regression was found in says so, with the fix it lacks. */
function VersionCell({ deploymentKey }: { deploymentKey: string }) {
  const version = useFleetStore((s) => s.versions.get(deploymentKey));
  if (!version?.version) return <Empty />;
  const { broken, patch } = version;
  const patchText = patch
    ? `its patch brings it in wave ${patch.wave} on ${formatDay(patch.date, { weekday: true })} (${patch.state.replace('_', ' ')})`
    : 'it has not reached this deployment';
  return (
    <span className="version-cell">
      <span className="mono">{version.version}</span>
      {broken && (
        <Badge
          tone="danger"
          title={`A regression reached it in ${version.train ?? 'its train'}: ${broken.reason} (${broken.reference}). ${broken.fix ? `The fix is ${broken.fix}; ${patchText}.` : 'No fix is integrated yet.'}`}
        >
          {broken.fix ? 'Needs fix' : 'Regression'}
        </Badge>
      )}
    </span>
  );
}

/** The fleet as a sortable table; a row opens its deployment on click, Enter or Space. */
export function FleetTable({ deployments }: { deployments: Deployment[] }) {
  const filter = useFleetStore((s) => s.filter);
  const clearFilters = useFleetStore((s) => s.clearFilters);
  const openEdit = useUiStore((s) => s.openEdit);
  const highlightKey = useUiStore((s) => s.highlightKey);
  const highlight = useUiStore((s) => s.highlight);

  // One offset per zone per render of the list: forty rows share about ten zones.
  const offsets = useMemo(() => {
    const now = new Date();
    const byZone = new Map<string, string | null>();
    for (const d of deployments) if (!byZone.has(d.timeZone)) byZone.set(d.timeZone, currentOffset(d.timeZone, now));
    return byZone;
  }, [deployments]);

  return (
    <div className="table-frame raised">
      <p id="fleet-table-hint" className="visually-hidden">
        Select a row and press Enter to edit the deployment; the column header buttons sort the table.
      </p>
      <table className="fleet-table" data-testid="fleet-table" aria-describedby="fleet-table-hint">
        <caption className="visually-hidden">Deployments</caption>
        <thead>
          <tr>
            {COLUMNS.map((c) =>
              c.sort ? (
                <SortHeader key={c.id} column={{ ...c, sort: c.sort }} />
              ) : (
                <th key={c.id} scope="col">
                  {c.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>
          {deployments.map((d) => (
            <DeploymentRow
              key={d.key}
              deployment={d}
              offset={offsets.get(d.timeZone) ?? null}
              highlighted={d.key === highlightKey}
              onOpen={openEdit}
              onFlashEnd={() => highlight(null)}
            />
          ))}
        </tbody>
      </table>
      {deployments.length === 0 && (
        <div className="table-empty">
          <p className="table-empty-title">No deployments match</p>
          <p className="table-empty-text">
            {filter.status === 'retired' && !filter.search && !filter.region && !filter.tier
              ? 'No deployment has been retired.'
              : 'Try another search, or widen the filters.'}
          </p>
          {isFiltered(filter) && (
            <button type="button" className="button" onClick={clearFilters}>
              Clear filters
            </button>
          )}
        </div>
      )}
    </div>
  );
}
