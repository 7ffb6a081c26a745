import { z } from 'zod';
import { TIERS } from '../../../shared/deployment';
import type { FleetFairness } from '../../../shared/fairness';
import { type OrderingDeployment, rolloutPolicySchema } from '../../../shared/ordering';
import { type SimulationResult, simulationRequestSchema } from '../../../shared/simulate';

// The messages between the backend and its simulation worker, parsed on receipt on either side:
// a worker is another thread, and what crosses to it is data, not a typed call.

const orderingDeploymentSchema = z.object({
  key: z.string(),
  region: z.string(),
  tier: z.enum(TIERS),
  weight: z.number(),
  pairingGroup: z.string().nullable(),
  pinPolicy: z.enum(['none', 'late']),
  internal: z.boolean(),
  earlyOptOut: z.boolean().exactOptional(),
  blockedDays: z.array(z.string()).readonly().exactOptional(),
}) satisfies z.ZodType<OrderingDeployment>;

/** What a simulation needs, read from the database in the call's transaction. */
export const simulationJobSchema = z.object({
  request: simulationRequestSchema,
  policy: rolloutPolicySchema,
  fleet: z.array(orderingDeploymentSchema).exactOptional(),
});
export type SimulationJob = z.output<typeof simulationJobSchema>;

const fleetFairnessSchema = z.object({
  trains: z.number(),
  firstWaveSpread: z.number(),
  gini: z.number(),
  longestFirstStreak: z.number(),
  longestGap: z.number(),
  perDeployment: z.array(
    z.object({
      key: z.string(),
      trains: z.number(),
      firstWave: z.number(),
      meanPosition: z.number().nullable(),
      longestFirstStreak: z.number(),
      longestGap: z.number(),
      regressions: z.number(),
    }),
  ),
}) satisfies z.ZodType<FleetFairness>;

const simulationResultSchema = z.object({
  request: simulationRequestSchema,
  policy: rolloutPolicySchema,
  fleet: z.array(orderingDeploymentSchema),
  eligible: z.array(z.string()),
  trains: z.array(
    z.object({
      train: z.number(),
      waves: z.array(z.array(z.string())),
      regression: z.array(z.string()),
      metrics: fleetFairnessSchema,
    }),
  ),
}) satisfies z.ZodType<SimulationResult>;

/** What the worker sends while it runs, a few times a second: the trains simulated so far. */
export const simulationProgressSchema = z.object({ kind: z.literal('progress'), done: z.int().min(0) });
export type SimulationProgressMessage = z.output<typeof simulationProgressSchema>;

/** What the worker answers at the end: the result, or the engine's refusal in its words. */
export const simulationReplySchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('done'), result: simulationResultSchema }),
  z.object({ kind: z.literal('refused'), message: z.string() }),
]);
export type SimulationReply = z.output<typeof simulationReplySchema>;
