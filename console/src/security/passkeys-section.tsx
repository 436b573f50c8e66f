import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, CallError, errorMessage } from '../api/api.js';
import { addPasskey } from '../api/passkeys.js';
import { useLoad } from '../api/use-load.js';
import { eventWhen } from '../audit/event-words.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { Loading } from '../components/loading.js';
import { PasskeyButton } from '../components/passkey-button.js';
import { useProvenChange } from './use-proven-change.js';

/** Passkeys: sign in with the device's lock (fingerprint, face, PIN) instead of a password. */
export function PasskeysSection() {
  const { t, i18n } = useTranslation();
  const { data, error, reload } = useLoad(async (signal) => (await call('ReadPasskeys', {}, { signal })).Passkeys, []);
  const factors = useLoad((signal) => call('ReadSecondFactors', {}, { signal }), []);
  const [name, setName] = useState('');
  // The person closed the browser's window: nothing to say.
  const describe = (caught: unknown) =>
    caught instanceof CallError
      ? errorMessage(caught)
      : caught instanceof Error && caught.name === 'NotAllowedError'
        ? undefined
        : t('passkeys.browserFailed');
  const { change, busy, problem, prompt } = useProvenChange(factors.data, describe);
  const act = (work: (proof: { CurrentPassword?: string }) => Promise<void>) =>
    change(async (proof) => {
      await work(proof);
      await Promise.all([reload(), factors.reload()]);
    });
  const add = (event: FormEvent) => {
    event.preventDefault();
    void act(async (proof) => {
      await addPasskey(name.trim() || t('passkeys.defaultName'), proof);
      setName('');
    });
  };
  const when = (date: string) => eventWhen(date, i18n.language);
  return (
    <section className="card" aria-labelledby="passkeys-title" data-section="passkeys">
      <h2 id="passkeys-title">{t('passkeys.section')}</h2>
      <p className="hint">{t('passkeys.help')}</p>
      <ErrorBanner message={error ?? problem} />
      {prompt}
      {!data && !error && <Loading />}
      {data?.length === 0 && <p className="muted">{t('passkeys.none')}</p>}
      <ul className="plain">
        {data?.map((passkey) => (
          <li key={passkey.PasskeyId} className="row-item" data-passkey={passkey.Name}>
            <span>
              <strong>{passkey.Name}</strong>
              <span className="hint">
                {' '}
                — {t('passkeys.created', { when: when(passkey.CreationDate) })} ·{' '}
                {passkey.LastUsedDate ? t('passkeys.used', { when: when(passkey.LastUsedDate) }) : t('passkeys.unused')}
                {passkey.Synced && ` · ${t('passkeys.synced')}`}
              </span>
            </span>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                void act(async (proof) => {
                  await call('DeletePasskey', { PasskeyId: passkey.PasskeyId, ...proof });
                })
              }
            >
              {t('passkeys.remove', { name: passkey.Name })}
            </button>
          </li>
        ))}
      </ul>
      <form onSubmit={add} noValidate>
        <TextField label={t('passkeys.name')} name="Name" value={name} onChange={setName} maxLength={64} />
        <PasskeyButton type="submit" disabled={busy}>
          {t('passkeys.add')}
        </PasskeyButton>
      </form>
    </section>
  );
}
