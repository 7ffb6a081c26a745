import type { Database } from 'better-sqlite3';

/** One step of the schema. In a leaf module: the list (index.ts) imports every migration, which uses this type. */
export interface Migration {
  version: number;
  description: string;
  /** Runs inside the one transaction that applies every pending migration. Synchronous by design. */
  up: (db: Database) => void;
}
