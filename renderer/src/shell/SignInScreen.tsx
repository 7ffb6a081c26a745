import { type FormEvent, useState } from 'react';
import { FormAlert } from '../components/FormAlert';
import { LogoMark } from '../components/icons';
import { InputField } from '../components/InputField';
import { useSessionStore } from '../stores/session';

/**
 * The team server's sign-in: a name and a password. A refusal says what to do (check both, or
 * wait as long as the server says after too many attempts); `notice` says why it shows again.
 */
export function SignInScreen({ notice }: { notice: string | null }) {
  const signIn = useSessionStore((s) => s.signIn);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [missing, setMissing] = useState<{ name?: string; password?: string }>({});
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const gaps = {
      ...(name.trim() ? {} : { name: 'Enter your name.' }),
      ...(password ? {} : { password: 'Enter your password.' }),
    };
    setMissing(gaps);
    if (Object.keys(gaps).length > 0) {
      setProblem(null);
      return;
    }
    setBusy(true);
    setProblem(null);
    const result = await signIn(name.trim(), password);
    setBusy(false);
    if (!result.ok) {
      setProblem(result.message);
      setPassword('');
    }
  }

  return (
    <main className="sign-in">
      <form className="sign-in-card tile" aria-labelledby="sign-in-title" noValidate onSubmit={(e) => void submit(e)}>
        <div className="brand">
          <LogoMark />
          <span className="brand-name">Release Calendar</span>
        </div>
        <h1 id="sign-in-title" className="sign-in-title">
          Sign in
        </h1>
        <p className="sign-in-text">
          This plan is shared by your team. Sign in with the account an admin made for you.
        </p>
        {notice && !problem && (
          <p className="sign-in-notice" role="status">
            {notice}
          </p>
        )}
        {problem && <FormAlert message={problem} />}
        <InputField
          name="sign-in-name"
          label="Name"
          value={name}
          error={missing.name}
          autoComplete="username"
          autoCapitalize="none"
          spellCheck={false}
          focus="mount"
          onChange={setName}
        />
        <InputField
          name="sign-in-password"
          label="Password"
          type="password"
          value={password}
          error={missing.password}
          autoComplete="current-password"
          onChange={setPassword}
        />
        <button type="submit" className="button button-primary sign-in-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
