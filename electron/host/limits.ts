import { MAX_IMPORT_BYTES } from '../../shared/contract';

/**
 * The largest request body the host reads. The contract's largest input is a CSV file, capped in
 * characters; in JSON one character takes at most 6 bytes (a `\uXXXX` escape), and at most 3 for
 * any character sent as itself (Japanese names), so every CSV the schema accepts, or refuses with
 * its own message, reaches the schema. The megabyte on top is room for the JSON around it.
 */
export const MAX_BODY_BYTES = 6 * MAX_IMPORT_BYTES + 1024 * 1024;

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 });
}

export const TOO_LARGE_MESSAGE =
  `The request is larger than ${megabytes(MAX_BODY_BYTES)} MB, more than the app accepts; ` +
  `import CSV files of at most ${megabytes(MAX_IMPORT_BYTES)} MB, splitting larger ones.`;

/** How long a client may take over each part of a request before the host closes the connection. */
export interface HostTimeouts {
  /** From the connection, or the first byte of a later request on it, to the end of the headers. */
  headersMs: number;
  /** From the start of a request to the end of its body. */
  requestMs: number;
  /** How long a kept-alive connection may sit idle between requests. */
  keepAliveMs: number;
}

/**
 * Generous for a browser on the same machine, short enough that stalled connections cannot pile
 * up. The time a method takes to answer is not limited: the clock stops once the body is in.
 */
export const DEFAULT_TIMEOUTS: HostTimeouts = { headersMs: 10_000, requestMs: 60_000, keepAliveMs: 5_000 };
