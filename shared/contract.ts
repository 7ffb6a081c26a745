import { z } from 'zod';
import {
  type Deployment,
  type FleetSummary,
  deploymentChangesSchema,
  deploymentDraftSchema,
  deploymentKeySchema,
  deploymentQuerySchema,
} from './deployment';
import type { ApiResponse } from './errors';
import type { MethodName } from './method-names';

/** A method of the API: its input schema, and its result type carried as a phantom. */
export interface MethodDef<S extends z.ZodType, R> {
  input: S;
  /** Type-only: never read at run time. */
  readonly result?: R;
}

function method<R>() {
  return <S extends z.ZodType>(input: S): MethodDef<S, R> => ({ input });
}

const noInput = z.object({}).strict().prefault({});
const byKey = z.object({ key: deploymentKeySchema }).strict();

export interface AppInfo {
  version: string;
  schemaVersion: number;
  databasePath: string;
  transport: 'electron' | 'browser' | 'cli';
  actor: string;
}

export interface DeploymentList {
  deployments: Deployment[];
  summary: FleetSummary;
  /** Distinct regions and tiers of the whole fleet, for filter menus. */
  regions: string[];
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
}

export interface CsvExport {
  filename: string;
  csv: string;
  rows: number;
}

export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

export const contract = {
  'app.info': method<AppInfo>()(noInput),
  'deployments.list': method<DeploymentList>()(deploymentQuerySchema.prefault({})),
  'deployments.get': method<Deployment>()(byKey),
  'deployments.create': method<Deployment>()(deploymentDraftSchema),
  'deployments.update': method<Deployment>()(
    z.object({ key: deploymentKeySchema, changes: deploymentChangesSchema }).strict(),
  ),
  'deployments.retire': method<Deployment>()(byKey),
  'deployments.reactivate': method<Deployment>()(byKey),
  'deployments.importCsv': method<ImportReport>()(
    z
      .object({
        csv: z
          .string({ error: 'csv must be the text of a CSV file.' })
          .max(MAX_IMPORT_BYTES, 'The CSV file is larger than 5 MB; split it into smaller files.'),
      })
      .strict(),
  ),
  'deployments.exportCsv': method<CsvExport>()(
    z
      .object({
        status: z.enum(['active', 'retired', 'all']).default('all'),
        bom: z.boolean().default(false),
      })
      .strict()
      .prefault({}),
  ),
  'fleet.loadDemo': method<ImportReport>()(noInput),
} satisfies Record<MethodName, MethodDef<z.ZodType, unknown>>;

export type Contract = typeof contract;
export type Input<M extends MethodName> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends MethodName> = z.output<Contract[M]['input']>;
export type Result<M extends MethodName> = Contract[M] extends MethodDef<z.ZodType, infer R> ? R : never;

/** What every transport exposes to the renderer: one function per method. */
export type Api = { [M in MethodName]: (input: Input<M>) => Promise<ApiResponse<Result<M>>> };

// Both lists must name the same methods: a compile error here means method-names.ts is out of date.
type MissingFromNames = Exclude<keyof Contract, MethodName>;
const namesAreComplete: MissingFromNames extends never ? true : never = true;
void namesAreComplete;
