import { useEffect, useState } from 'react';
import { call } from './api/client';

export function App() {
  const [count, setCount] = useState<number | null>(null);
  useEffect(() => {
    void call('deployments.list', {}).then((r) => setCount(r.deployments.length));
  }, []);
  return <main>Release Calendar — {count ?? '…'} deployments</main>;
}
