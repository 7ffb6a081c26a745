import { z } from 'zod';
import { ERROR_CODES } from '../../../shared/errors';
import { DATABASE_OPEN_ERROR_KINDS } from '../db/open-error';

// The messages between the desktop app's main process and its backend process (an
// Electron utilityProcess; a Node child process in tests): the same codec on both sides.
// Each side parses what it receives; a message that does not parse is dropped and logged,
// never acted on. Messages are structured-cloned, so they are plain data.

const callId = z.int().positive();

const toBackendSchema = z.discriminatedUnion('type', [
  z
    .object({
      type: z.literal('init'),
      dbPath: z.string().min(1),
      /** The better-sqlite3 build to load (the Electron one); absent: node_modules'. */
      nativeBinding: z.string().min(1).optional(),
      version: z.string(),
      /** An automatic backup to put in place of the file before opening it: the user chose it for a damaged file. */
      restore: z.string().min(1).optional(),
    })
    .strict(),
  z.object({ type: z.literal('call'), id: callId, method: z.string(), input: z.unknown() }).strict(),
  /** A question the main process asks for itself, not an API method the page can call. */
  z.object({ type: z.literal('isEvidenceUrl'), id: callId, url: z.string() }).strict(),
  /** Close the database and exit. */
  z.object({ type: z.literal('stop') }).strict(),
]);
export type ToBackend = z.infer<typeof toBackendSchema>;

const apiResponseSchema = z.union([
  z.object({ ok: z.literal(true), result: z.unknown() }),
  z.object({
    ok: z.literal(false),
    error: z.object({
      code: z.enum(ERROR_CODES),
      message: z.string(),
      fields: z.array(z.object({ field: z.string(), message: z.string(), line: z.int().optional() })).optional(),
      hint: z
        .discriminatedUnion('kind', [
          z.object({ kind: z.literal('list_deployments') }),
          z.object({ kind: z.literal('list_trains') }),
          z.object({ kind: z.literal('plan_rollout'), version: z.string() }),
          z.object({ kind: z.literal('name_deployments') }),
          z.object({ kind: z.literal('new_database') }),
        ])
        .optional(),
    }),
  }),
]);

const fromBackendSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready'), databasePath: z.string(), schemaVersion: z.int() }).strict(),
  z
    .object({
      type: z.literal('failed'),
      kind: z.enum([...DATABASE_OPEN_ERROR_KINDS, 'internal']),
      message: z.string(),
      /** For a damaged file: its newest automatic backup's name. */
      restorable: z.string().optional(),
    })
    .strict(),
  z.object({ type: z.literal('result'), id: callId, response: apiResponseSchema }).strict(),
  z.object({ type: z.literal('answer'), id: callId, value: z.boolean() }).strict(),
  z.object({ type: z.literal('log'), message: z.string() }).strict(),
]);
export type FromBackend = z.infer<typeof fromBackendSchema>;

export type Decoded<T> = { ok: true; message: T } | { ok: false; problem: string };

function decode<T>(schema: z.ZodType<T>, raw: unknown): Decoded<T> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return { ok: true, message: parsed.data };
  const type = typeof raw === 'object' && raw !== null && 'type' in raw ? String(raw.type) : typeof raw;
  return { ok: false, problem: `a malformed backend message (${type}): ${parsed.error.issues[0]?.message ?? ''}` };
}

export const decodeToBackend = (raw: unknown): Decoded<ToBackend> => decode(toBackendSchema, raw);
export const decodeFromBackend = (raw: unknown): Decoded<FromBackend> => decode(fromBackendSchema, raw);
