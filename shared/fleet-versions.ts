// Which version each deployment runs now, from what was recorded: the release steps of every
// train, and its halts. A step released before its train was resumed with a fix delivered the
// train's version; one released after delivered the fix. A deployment a regression reached runs
// that broken version until a later release reaches it.

export interface VersionTrain {
  id: number;
  version: string;
}

export interface VersionStep {
  trainId: number;
  key: string;
  state: string;
  /** When it was released (or otherwise finished). */
  finishedAt: string | null;
}

export interface VersionHalt {
  trainId: number;
  reason: string;
  reference: string;
  haltedAt: string;
  resumedAt: string | null;
  fixVersion: string | null;
  /** The deployments the regression reached. */
  deployments: readonly string[];
}

export interface DeploymentVersion {
  key: string;
  /** The version its latest release delivered; null before any release reached it. */
  version: string | null;
  /** The train of that release, and when it happened. */
  train: string | null;
  releasedAt: string | null;
  /** It still runs a version a regression was found in: why, and the fix it lacks (null while none is integrated). */
  broken: { reason: string; reference: string; fix: string | null } | null;
}

/** The current version of each of `keys`, in their order. */
export function deploymentVersions(
  keys: readonly string[],
  trains: readonly VersionTrain[],
  steps: readonly VersionStep[],
  halts: readonly VersionHalt[],
): DeploymentVersion[] {
  const trainById = new Map(trains.map((t) => [t.id, t]));
  const haltsByTrain = new Map<number, VersionHalt[]>();
  for (const h of halts) haltsByTrain.set(h.trainId, [...(haltsByTrain.get(h.trainId) ?? []), h]);
  /** The version a release of `trainId` at `at` delivered: the fix of the latest resume before it, else the train's. */
  const delivered = (trainId: number, at: string): string => {
    let fix: VersionHalt | undefined;
    for (const h of haltsByTrain.get(trainId) ?? [])
      if (h.resumedAt !== null && h.resumedAt <= at && h.fixVersion !== null && (!fix || h.resumedAt > fix.resumedAt!))
        fix = h;
    return fix?.fixVersion ?? trainById.get(trainId)!.version;
  };
  const latest = new Map<string, VersionStep>();
  for (const s of steps) {
    if (s.state !== 'released' || s.finishedAt === null || !trainById.has(s.trainId)) continue;
    const before = latest.get(s.key);
    if (!before || before.finishedAt! < s.finishedAt) latest.set(s.key, s);
  }
  return keys.map((key) => {
    const step = latest.get(key);
    if (!step) return { key, version: null, train: null, releasedAt: null, broken: null };
    const train = trainById.get(step.trainId)!;
    const version = delivered(step.trainId, step.finishedAt!);
    // Reached by a regression of the train it runs, and released before that train's fix: still broken.
    const halt = (haltsByTrain.get(step.trainId) ?? [])
      .filter((h) => h.deployments.includes(key) && (h.resumedAt === null || step.finishedAt! < h.resumedAt))
      .at(-1);
    return {
      key,
      version,
      train: train.version,
      releasedAt: step.finishedAt,
      broken: halt ? { reason: halt.reason, reference: halt.reference, fix: halt.fixVersion } : null,
    };
  });
}
