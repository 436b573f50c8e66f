import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Output } from '../api/api.js';
import { startExternalSignIn } from '../api/external-sign-in.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { PasswordField, TextField } from '../components/fields.js';
import { FormButtons } from '../components/form-buttons.js';
import { SectionFrame } from '../components/section-frame.js';

export type EmailAddresses = Output<'ReadEmailAddresses'>;

/** The account's addresses with their confirmation state, read again when `changes` change; `reload` after a change. */
export function useEmailAddresses(changes: readonly unknown[]): [EmailAddresses | undefined, () => void] {
  const { data, error, reload } = useLoad((signal) => call('ReadEmailAddresses', {}, { signal }), changes);
  return [error ? undefined : data, () => void reload()];
}

/**
 * The Email has its own form (seed 000): the current password goes with the request, and the
 * new address is used only once confirmed from the mailed link.
 */
export function EmailSection({
  email,
  isOwner,
  provider,
  addresses,
  onChanged,
}: {
  email: string;
  isOwner: boolean;
  /** For someone who signs in only with a provider: the address is for contact and billing, and the proof is a new sign-in there. */
  provider: { Id: string; Name: string } | undefined;
  addresses: EmailAddresses | undefined;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [editing, setEditing] = useState(false);
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const { errors, setErrors, busy, run: runAction } = useAction();
  const [message, setMessage] = useState<string>();

  const run = async (work: () => Promise<unknown>, done: string | undefined): Promise<boolean> => {
    const succeeded = await runAction(work, ['CurrentPassword', 'Email']);
    if (succeeded) {
      setMessage(done);
      onChanged();
    }
    return succeeded;
  };

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    // The owner's address is the account's; a sub-user's is their own login.
    const proof = provider ? {} : { CurrentPassword: password };
    const request = () =>
      isOwner
        ? call('UpdateAccount', { Email: newEmail, ...proof })
        : call('UpdateUserDetails', { Email: newEmail, ...proof });
    const saved = await run(request, t('emailChange.sent', { address: newEmail }));
    if (saved) {
      setEditing(false);
      setPassword('');
    }
  };

  const edit = () => {
    setNewEmail('');
    setPassword('');
    setErrors({});
    setMessage(undefined);
    setEditing(true);
  };

  return (
    <SectionFrame
      id="email"
      title={t('emailChange.section')}
      help={t('emailChange.help')}
      editing={editing}
      onEdit={edit}
    >
      {message && (
        <p role="status" className="notice">
          {message}
        </p>
      )}
      <ErrorBanner message={editing ? undefined : errors.form} />
      {editing ? (
        <form onSubmit={(event) => void submit(event)} noValidate>
          <ErrorBanner message={errors.form} />
          <div className="grid">
            <TextField
              label={t('emailChange.newEmail')}
              name="Email"
              type="email"
              autoComplete="email"
              value={newEmail}
              error={errors.Email}
              onChange={setNewEmail}
            />
            {!provider && (
              <PasswordField
                label={t('emailChange.currentPassword')}
                name="Password"
                autoComplete="current-password"
                value={password}
                error={errors.CurrentPassword}
                onChange={setPassword}
              />
            )}
          </div>
          {provider && <p className="hint">{t('emailChange.providerNote', { name: provider.Name })}</p>}
          {provider && errors.form && (
            <button
              type="button"
              className="secondary"
              onClick={() => void startExternalSignIn(provider.Id, 'Reauthenticate', '/')}
            >
              {t('external.confirmWith', { name: provider.Name })}
            </button>
          )}
          <FormButtons busy={busy} onCancel={() => setEditing(false)} />
        </form>
      ) : (
        <EmailState
          email={email}
          provider={provider}
          addresses={addresses}
          busy={busy}
          onResend={() => void run(() => call('ResendEmailConfirmation', {}), t('emailChange.resent'))}
          onCancel={() => void run(() => call('CancelEmailChange', {}), undefined)}
        />
      )}
    </SectionFrame>
  );
}

/** The address as it stands: confirmed or not, a change waiting for its link, and what can be done about it. */
function EmailState({
  email,
  provider,
  addresses,
  busy,
  onResend,
  onCancel,
}: {
  email: string;
  provider: { Id: string; Name: string } | undefined;
  addresses: EmailAddresses | undefined;
  busy: boolean;
  onResend: () => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  return (
    <dl>
      <dt>{t('space.email')}</dt>
      <dd data-field="Email">{email}</dd>
      {provider && (
        <dd className="hint" data-note="login">
          {t('emailChange.providerNote', { name: provider.Name })}
        </dd>
      )}
      {addresses && (
        <dd className="hint" data-note="Email">
          {addresses.EmailConfirmed ? t('confirm.confirmed') : t('confirm.unconfirmed')}
        </dd>
      )}
      {addresses?.PendingEmail && (
        <dd data-field="PendingEmail">
          {t('emailChange.pending', { address: addresses.PendingEmail })}
          <span className="buttons">
            <button type="button" className="secondary" disabled={busy} onClick={onResend}>
              {t('emailChange.resend')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
              {t('emailChange.cancel')}
            </button>
          </span>
        </dd>
      )}
      {addresses && !addresses.PendingEmail && !addresses.EmailConfirmed && (
        <dd>
          <button type="button" className="secondary" disabled={busy} onClick={onResend}>
            {t('emailChange.resend')}
          </button>
        </dd>
      )}
    </dl>
  );
}
