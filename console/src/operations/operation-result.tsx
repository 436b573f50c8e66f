import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Output } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { ErrorBanner } from '../components/error-banner.js';
import { NewKeyPanel } from '../security/access-keys-section.js';
import { RecoveryCodesShown } from '../security/two-step-section.js';
import { useOperationWords } from './operation-words.js';

type Operation = Output<'ReadOperations'>['Operations'][number];
type Claimed = Output<'ClaimOperationResult'>;
type NewKey = Output<'CreateAccessKey'>['AccessKey'];

/** What a validated call answered, in the same "shown once" panel the call itself shows. */
function ClaimedResult({ claimed, onDone }: { claimed: Claimed; onDone: () => void }) {
  const { Action } = claimed;
  // The answer of the call the operation held: its shape is that call's output.
  const Result = claimed.Result as { AccessKey?: NewKey; RecoveryCodes?: string[] };
  if (Action === 'CreateAccessKey' && Result.AccessKey)
    return <NewKeyPanel created={Result.AccessKey} onDone={onDone} />;
  const codes = Result.RecoveryCodes;
  if (codes) return <RecoveryCodesShown codes={codes} onDone={onDone} />;
  return (
    <pre className="mono" role="status">
      {JSON.stringify(Result, null, 2)}
    </pre>
  );
}

/**
 * A validated operation of the person's whose answer only they may see, once (a new key's
 * secret, recovery codes): shown when they ask, then gone.
 */
export function WaitingResult({ operation, onDone }: { operation: Operation; onDone: () => void }) {
  const { t } = useTranslation();
  const words = useOperationWords();
  const [claimed, setClaimed] = useState<Claimed>();
  const { errors, busy, run } = useAction();
  const id = operation.OperationId;
  const claim = () => run(async () => setClaimed(await call('ClaimOperationResult', { OperationId: id })));
  return (
    <section className="card" aria-labelledby={`${id}-result`} data-result={id}>
      <h2 id={`${id}-result`}>
        {t('operations.resultTitle', { action: words.action(operation) })} <span className="mono hint">{id}</span>
      </h2>
      <ErrorBanner message={errors.form} />
      {claimed ? (
        <ClaimedResult claimed={claimed} onDone={onDone} />
      ) : (
        <>
          <p>{t('operations.resultIntro')}</p>
          <button type="button" disabled={busy} onClick={() => void claim()}>
            {t('operations.showResult')}
          </button>
        </>
      )}
    </section>
  );
}
