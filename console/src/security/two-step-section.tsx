import QRCode from 'qrcode';
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, CallError, type Output } from '../api/api.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { KeepText } from '../components/keep-text.js';
import { Loading } from '../components/loading.js';
import { useProvenChange } from './use-proven-change.js';

type Enrolment = Output<'CreateTotp'>;

/** Codes shown once: the person keeps them before going on. */
export function RecoveryCodesShown({ codes, onDone }: { codes: string[]; onDone: () => void }) {
  const { t } = useTranslation();
  return (
    <div role="status" data-recovery-codes>
      <p>{t('twoStep.codesIntro')}</p>
      <ul className="plain mono">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <KeepText text={`${codes.join('\n')}\n`} fileName="recovery-codes.txt" />
      <button type="button" onClick={onDone}>
        {t('twoStep.codesSaved')}
      </button>
    </div>
  );
}

/** Authentication settings' two-step verification: an authenticator app and recovery codes. */
export function TwoStepSection({ onEnabled }: { onEnabled?: () => Promise<void> } = {}) {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad((signal) => call('ReadSecondFactors', {}, { signal }), []);
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [qr, setQr] = useState<string>();
  const [code, setCode] = useState('');
  const [codes, setCodes] = useState<string[]>();
  const { change, busy, problem, prompt } = useProvenChange(data);

  useEffect(() => {
    if (enrolment) void QRCode.toDataURL(enrolment.OtpauthUri, { margin: 1, width: 200 }).then(setQr);
  }, [enrolment]);

  const start = () => change(async (proof) => setEnrolment(await call('CreateTotp', proof)));
  const confirm = (event: FormEvent) => {
    event.preventDefault();
    void change(async () => {
      const closeForm = () => {
        setEnrolment(undefined);
        setCode('');
      };
      try {
        const answer = await call('ConfirmTotp', { Code: code });
        closeForm();
        if (answer.RecoveryCodes) setCodes(answer.RecoveryCodes);
        await reload();
      } catch (caught) {
        // Under advanced security the app turns on once a validator confirms: the form is done, the banner says why.
        if (caught instanceof CallError && caught.type === 'AwaitingValidation') closeForm();
        throw caught;
      }
    });
  };
  const remove = () =>
    change(async (proof) => {
      await call('DeleteTotp', proof);
      await reload();
    });
  const regenerate = () =>
    change(async (proof) => {
      setCodes((await call('CreateRecoveryCodes', proof)).RecoveryCodes);
      await reload();
    });

  return (
    <section className="card" aria-labelledby="two-step-title" data-section="two-step">
      <h2 id="two-step-title">{t('twoStep.section')}</h2>
      <p className="hint">{t('twoStep.help')}</p>
      <ErrorBanner message={error ?? problem} />
      {prompt}
      {!data && !error && <Loading />}
      {codes && (
        <RecoveryCodesShown
          codes={codes}
          onDone={() => {
            setCodes(undefined);
            void onEnabled?.();
          }}
        />
      )}
      {data && !data.Totp && !enrolment && (
        <button type="button" onClick={() => void start()} disabled={busy}>
          {t('twoStep.start')}
        </button>
      )}
      {enrolment && (
        <form onSubmit={confirm} noValidate>
          <p>{t('twoStep.scan')}</p>
          {qr && <img src={qr} width={200} height={200} alt={t('twoStep.qrAlt')} />}
          <p className="hint">
            {t('twoStep.typed')} <span className="mono">{enrolment.Secret}</span>
          </p>
          <TextField
            label={t('twoStep.codeLabel')}
            name="Code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={code}
            onChange={setCode}
          />
          <button type="submit" disabled={busy}>
            {t('twoStep.confirm')}
          </button>
        </form>
      )}
      {data?.Totp && (
        <>
          <p>
            <span className="badge active">{t('twoStep.on')}</span>{' '}
            {t('twoStep.codesLeft', { count: data.RecoveryCodesLeft })}
          </p>
          <div className="actions">
            <button type="button" className="secondary" onClick={() => void regenerate()} disabled={busy}>
              {t('twoStep.newCodes')}
            </button>
            <button type="button" className="danger" onClick={() => void remove()} disabled={busy}>
              {t('twoStep.remove')}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
