// Set-up shared by the crash tests and the write benchmarks; free of vitest so a script can use it.
import { startBackend } from '../../electron/backend/backend';

/**
 * A database file whose train 2027.01 has its gates cleared, the internal deployment
 * released, and wave 1 holding `customers` deployments: a wide write to kill processes in, or to time.
 */
export async function prepareWideWave(file: string, customers: number): Promise<{ file: string; trainId: number }> {
  const b = startBackend({ dbPath: file, transport: 'cli', version: 'crash-test', actor: 'setup' });
  const call = async (method: string, input: unknown): Promise<unknown> => {
    const r = await b.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.message}`);
    return r.result;
  };
  try {
    const rows = ['key,name,region,time_zone,internal', 'corp,Corporate,us-east,UTC,true'];
    for (let i = 1; i <= customers; i++) rows.push(`c-${i},Customer ${i},eu-west,UTC,false`);
    await call('deployments.importCsv', { csv: rows.join('\n') });
    await call('policy.update', { policy: { waveSizes: { kind: 'fixed', perWave: 1000 }, bakeDays: 0 } });
    const [train] = (await call('trains.plan', { from: '2027-01-04', count: 1 })) as { id: number }[];
    const trainId = train!.id;
    await call('rollout.plan', { trainId });
    for (const key of ['unit-tests', 'integration-tests', 'acceptance-suite'])
      await call('gates.set', { trainId, key, action: 'pass' });
    await call('gates.set', { trainId, key: 'internal-bake', action: 'waive', reason: 'crash test' });
    await call('steps.transition', { trainId, wave: 0, action: 'start' });
    await call('steps.transition', { trainId, wave: 0, action: 'release' });
    return { file, trainId };
  } finally {
    b.close();
  }
}
