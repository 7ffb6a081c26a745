import { useMemo } from 'react';
import { create } from 'zustand';
import type {
  BlockedDatesChange,
  CsvExport,
  DemoReport,
  FleetVersions,
  ImportReport,
  Input,
} from '../../../shared/contract';
import {
  type Deployment,
  type DeploymentQuery,
  type DeploymentSortField,
  type FleetSummary,
  type Tier,
  queryDeployments,
} from '../../../shared/deployment';
import { call } from '../api/client';
import { toast } from './toasts';
import { errorMessage } from '../../../shared/errors';

export type StatusFilter = DeploymentQuery['status'];

/** What the toolbar controls; `null` means "any". */
export interface FleetFilter {
  search: string;
  region: string | null;
  tier: Tier | null;
  status: StatusFilter;
  sort: DeploymentSortField;
  direction: 'asc' | 'desc';
}

const DEFAULT_FILTER: FleetFilter = {
  search: '',
  region: null,
  tier: null,
  status: 'active',
  sort: 'key',
  direction: 'asc',
};

interface FleetState {
  /** `loading` only until the first answer; later refreshes keep the table on screen. */
  status: 'loading' | 'ready' | 'error';
  loadError: string | null;
  /** The whole fleet, active and retired: filtering happens here so typing in search never waits on the backend. */
  deployments: Deployment[];
  /** The version each deployment runs now, by key (read with the list; empty until then). */
  versions: ReadonlyMap<string, FleetVersions['deployments'][number]>;
  summary: FleetSummary | null;
  regions: string[];
  filter: FleetFilter;
  load: () => Promise<void>;
  /** Reads again which version each deployment runs (rollouts change it from other views). */
  loadVersions: () => Promise<void>;
  setFilter: (patch: Partial<FleetFilter>) => void;
  sortBy: (field: DeploymentSortField) => void;
  clearFilters: () => void;
  loadDemo: () => Promise<DemoReport>;
  importCsv: (csv: string) => Promise<ImportReport>;
  create: (draft: Input<'deployments.create'>) => Promise<Deployment>;
  update: (input: Input<'deployments.update'>) => Promise<Deployment>;
  retire: (key: string) => Promise<Deployment>;
  reactivate: (key: string) => Promise<Deployment>;
  block: (input: Input<'deployments.block'>) => Promise<BlockedDatesChange>;
  unblock: (key: string, id: number) => Promise<Deployment>;
  /** Every deployment, active and retired, in the import format: the file doubles as a backup. */
  exportCsv: (bom: boolean) => Promise<CsvExport>;
}

// Answers can arrive out of order when mutations follow each other quickly; only the newest request may win.
let latestLoad = 0;

export const useFleetStore = create<FleetState>()((set, get) => {
  /** Runs a change, then reloads so the table and summary show what the database now holds. */
  async function mutate<R>(run: () => Promise<R>): Promise<R> {
    const result = await run();
    await get().load();
    return result;
  }

  return {
    status: 'loading',
    loadError: null,
    deployments: [],
    versions: new Map(),
    summary: null,
    regions: [],
    filter: DEFAULT_FILTER,
    load: async () => {
      const ticket = ++latestLoad;
      try {
        const [list, versions] = await Promise.all([
          call('deployments.list', { status: 'all' }),
          call('fleet.versions', {}),
        ]);
        if (ticket !== latestLoad) return;
        set({
          status: 'ready',
          loadError: null,
          deployments: list.deployments,
          versions: new Map(versions.deployments.map((v) => [v.key, v])),
          summary: list.summary,
          regions: list.regions,
        });
      } catch (err) {
        if (ticket !== latestLoad) return;
        const message = errorMessage(err);
        // A failed refresh keeps the last good list on screen; only a failed first load replaces the view.
        if (get().status === 'ready') toast(message, 'error');
        else set({ status: 'error', loadError: message });
      }
    },
    loadVersions: async () => {
      try {
        const versions = await call('fleet.versions', {});
        set({ versions: new Map(versions.deployments.map((v) => [v.key, v])) });
      } catch {
        // The table keeps the versions it has; the next full load reports a backend that does not answer.
      }
    },
    setFilter: (patch) => set((s) => ({ filter: { ...s.filter, ...patch } })),
    sortBy: (field) =>
      set(({ filter }) => ({
        filter: {
          ...filter,
          sort: field,
          direction: filter.sort === field && filter.direction === 'asc' ? 'desc' : 'asc',
        },
      })),
    clearFilters: () =>
      set(({ filter }) => ({ filter: { ...DEFAULT_FILTER, sort: filter.sort, direction: filter.direction } })),
    loadDemo: () => mutate(() => call('fleet.loadDemo', {})),
    importCsv: (csv) => mutate(() => call('deployments.importCsv', { csv })),
    create: (draft) => mutate(() => call('deployments.create', draft)),
    update: (input) => mutate(() => call('deployments.update', input)),
    retire: (key) => mutate(() => call('deployments.retire', { key })),
    reactivate: (key) => mutate(() => call('deployments.reactivate', { key })),
    block: (input) => mutate(() => call('deployments.block', input)),
    unblock: (key, id) => mutate(() => call('deployments.unblock', { key, id })),
    exportCsv: (bom) => call('deployments.exportCsv', { status: 'all', bom }),
  };
});

/** True when any filter narrows the list (sorting does not count). */
export function isFiltered(filter: FleetFilter): boolean {
  return (
    filter.search.trim() !== '' ||
    filter.region !== null ||
    filter.tier !== null ||
    filter.status !== DEFAULT_FILTER.status
  );
}

/** The rows the table shows, filtered and sorted by the same function the API uses. */
export function useVisibleDeployments(): Deployment[] {
  const deployments = useFleetStore((s) => s.deployments);
  const filter = useFleetStore((s) => s.filter);
  return useMemo(
    () =>
      queryDeployments(deployments, {
        status: filter.status,
        sort: filter.sort,
        direction: filter.direction,
        ...(filter.region ? { region: filter.region } : {}),
        ...(filter.tier ? { tier: filter.tier } : {}),
        ...(filter.search.trim() ? { search: filter.search.trim() } : {}),
      }),
    [deployments, filter],
  );
}

/** Distinct pairing groups in use, for the form's suggestions. */
export function usePairingGroups(): string[] {
  const deployments = useFleetStore((s) => s.deployments);
  return useMemo(
    () => [...new Set(deployments.flatMap((d) => (d.pairingGroup ? [d.pairingGroup] : [])))].sort(),
    [deployments],
  );
}
