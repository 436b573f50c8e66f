import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Output } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { dateForPeople } from '../components/dates.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { Loading } from '../components/loading.js';

type AccessKey = Output<'ReadAccessKeys'>['AccessKeys'][number];
type NewKey = Output<'CreateAccessKey'>['AccessKey'];

function CopyField({ label, value }: { label: string; value: string }) {
  const { t } = useTranslation();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    await navigator.clipboard.writeText(value);
    setCopied(true);
  };
  return (
    <div className="row">
      <TextField
        label={label}
        name={label}
        value={value}
        readOnly
        className="mono"
        onChange={() => undefined}
        onFocus={(event) => event.target.select()}
      />
      <button
        type="button"
        className="secondary"
        onClick={() => void copy()}
        aria-label={`${t('keys.copy')} — ${label}`}
      >
        {copied ? t('keys.copied') : t('keys.copy')}
      </button>
    </div>
  );
}

export function NewKeyPanel({ created, onDone }: { created: NewKey; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <section className="card secret" aria-labelledby="new-key-title" role="alert">
      <h2 id="new-key-title">{t('keys.secretTitle')}</h2>
      <p>{t('keys.secretWarning')}</p>
      <CopyField label={t('keys.id')} value={created.AccessKeyId} />
      <CopyField label={t('keys.secret')} value={created.SecretKey} />
      <button type="button" onClick={onDone}>
        {t('keys.saved')}
      </button>
    </section>
  );
}

function CreateKeyForm({ onCreated }: { onCreated: (key: NewKey) => void }) {
  const { t } = useTranslation();
  const [tag, setTag] = useState('');
  const [expiration, setExpiration] = useState('');
  const { errors, busy, run } = useAction();
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const { AccessKey } = await call('CreateAccessKey', {
        ...(tag ? { Tag: tag } : {}),
        ...(expiration ? { ExpirationDate: expiration } : {}),
      });
      setTag('');
      setExpiration('');
      onCreated(AccessKey);
    }, ['Tag', 'ExpirationDate']);
  };
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <ErrorBanner message={errors.form} />
      <div className="grid">
        <TextField
          label={t('keys.tagLabel')}
          name="Tag"
          value={tag}
          error={errors.Tag}
          onChange={setTag}
          maxLength={255}
        />
        <TextField
          label={t('keys.expiration')}
          name="ExpirationDate"
          type="date"
          value={expiration}
          error={errors.ExpirationDate}
          onChange={setExpiration}
        />
      </div>
      <div className="buttons">
        <button type="submit" disabled={busy}>
          {busy ? t('keys.creating') : t('keys.create')}
        </button>
      </div>
    </form>
  );
}

function KeyRow({ accessKey, act }: { accessKey: AccessKey; act: (work: () => Promise<unknown>) => Promise<boolean> }) {
  const { t, i18n } = useTranslation();
  const [confirming, setConfirming] = useState(false);
  const date = (value: string | undefined, otherwise = '') => (value ? dateForPeople(value, i18n.language) : otherwise);
  const toggle = () =>
    act(() =>
      call('UpdateAccessKey', {
        AccessKeyId: accessKey.AccessKeyId,
        State: accessKey.State === 'ACTIVE' ? 'INACTIVE' : 'ACTIVE',
        // OAPI removes the expiry when ExpirationDate is omitted: send it back to keep it.
        ...(accessKey.ExpirationDate ? { ExpirationDate: accessKey.ExpirationDate } : {}),
      }),
    );
  return (
    <tr data-key={accessKey.AccessKeyId}>
      <td className="mono" data-label={t('keys.id')}>
        {accessKey.AccessKeyId}
      </td>
      <td data-label={t('common.state')}>
        <span className={`badge ${accessKey.State.toLowerCase()}`}>{t(`keys.${accessKey.State}`)}</span>
      </td>
      <td data-label={t('keys.tag')}>{accessKey.Tag ?? ''}</td>
      <td data-label={t('keys.created')}>{date(accessKey.CreationDate)}</td>
      <td data-label={t('keys.expires')}>{date(accessKey.ExpirationDate, t('keys.never'))}</td>
      <td data-label={t('keys.lastUsed')} data-field="LastUsedDate">
        {date(accessKey.LastUsedDate, t('keys.neverUsed'))}
      </td>
      <td data-label={t('common.actions')}>
        <div className="actions">
          {confirming ? (
            <>
              <span>{t('keys.confirmDelete', { id: accessKey.AccessKeyId })}</span>
              <button
                type="button"
                className="danger"
                onClick={() => void act(() => call('DeleteAccessKey', { AccessKeyId: accessKey.AccessKeyId }))}
              >
                {t('common.confirmDelete')}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                {t('common.keep')}
              </button>
            </>
          ) : (
            <>
              <button type="button" className="secondary" onClick={() => void toggle()}>
                {accessKey.State === 'ACTIVE' ? t('keys.deactivate') : t('keys.activate')}
              </button>
              <button type="button" className="secondary" onClick={() => setConfirming(true)}>
                {t('keys.delete')}
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}

export function AccessKeysSection() {
  const { t } = useTranslation();
  const [created, setCreated] = useState<NewKey>();
  const {
    data: keys,
    error,
    reload,
  } = useLoad(async (signal) => (await call('ReadAccessKeys', {}, { signal })).AccessKeys, []);
  const { errors, run } = useAction();
  const act = (work: () => Promise<unknown>) =>
    run(async () => {
      await work();
      await reload();
    });

  return (
    <>
      {created && <NewKeyPanel created={created} onDone={() => setCreated(undefined)} />}
      <section className="card" aria-labelledby="keys-title" data-section="keys">
        <h2 id="keys-title">{t('keys.section')}</h2>
        <p className="hint">{t('keys.help')}</p>
        <ErrorBanner message={errors.form ?? error} />
        {!keys && !error && <Loading />}
        {keys && keys.length === 0 && <p className="muted">{t('keys.none')}</p>}
        {keys && keys.length > 0 && (
          <div className="table-scroll">
            <table className="cards">
              <thead>
                <tr>
                  <th scope="col">{t('keys.id')}</th>
                  <th scope="col">{t('common.state')}</th>
                  <th scope="col">{t('keys.tag')}</th>
                  <th scope="col">{t('keys.created')}</th>
                  <th scope="col">{t('keys.expires')}</th>
                  <th scope="col">{t('keys.lastUsed')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {keys.map((key) => (
                  <KeyRow key={key.AccessKeyId} accessKey={key} act={act} />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <CreateKeyForm
          onCreated={(key) => {
            setCreated(key);
            void reload();
          }}
        />
      </section>
    </>
  );
}
