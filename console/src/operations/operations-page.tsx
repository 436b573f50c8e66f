import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Output } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { Loading } from '../components/loading.js';
import { OperationChanges } from './operation-changes.js';
import { WaitingResult } from './operation-result.js';
import { useOperationWords } from './operation-words.js';
import { announceOperationsChanged, useOperationsChanged } from './operations-changed.js';

type Operation = Output<'ReadOperations'>['Operations'][number];

/** The operation a link names: `?id=` (the mails' links), or `#` (links mailed before). */
function namedOperation(): string {
  return new URLSearchParams(window.location.search).get('id') ?? window.location.hash.slice(1);
}

/** The token the reader was mailed, and Confirm; or, without one, why they only wait. */
function Decision({
  operation,
  mine,
  busy,
  onCancel,
  children,
}: {
  operation: Operation;
  mine: boolean;
  busy: boolean;
  onCancel: () => void;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  if (operation.TokenMailedToYou === true) return <>{children}</>;
  return (
    <>
      <p className="hint" data-waiting={operation.OperationId}>
        {mine ? t('operations.waitingForOther') : t('operations.noTokenForYou')}
      </p>
      <div className="buttons">
        <button type="button" className="secondary" disabled={busy} onClick={onCancel}>
          {t('operations.cancel')}
        </button>
      </div>
    </>
  );
}

function PendingOperation({
  operation,
  mine,
  onDecided,
}: {
  operation: Operation;
  mine: boolean;
  onDecided: (said: string) => void;
}) {
  const { t } = useTranslation();
  const words = useOperationWords();
  const [token, setToken] = useState('');
  const { errors, busy, run } = useAction();
  const id = operation.OperationId;
  const confirm = async (event: FormEvent) => {
    event.preventDefault();
    await run(async () => {
      const { Operation } = await call('ValidateOperation', { OperationId: id, Token: token });
      onDecided(
        Operation.State === 'done'
          ? t('operations.done', { id })
          : t('operations.failed', { id, why: Operation.Failure }),
      );
    }, ['Token']);
  };
  const cancel = () =>
    run(async () => {
      await call('CancelOperation', { OperationId: id });
      onDecided(t('operations.cancelled', { id }));
    });
  const subject = operation.Subject && operation.Subject.UserName !== operation.RequesterUserName;
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-operation={id}>
      <h2 id={`${id}-title`}>{words.action(operation)}</h2>
      <p className="hint">
        {t('operations.askedBy', { name: words.person(operation.Requester) || operation.RequesterUserName })} ·{' '}
        {t('operations.expires', { when: words.when(operation.ExpirationDate) })} · <span className="mono">{id}</span>
      </p>
      {subject && operation.Subject && (
        <p>
          {t('operations.actsOn', {
            name: words.person(operation.Subject),
            email: operation.Subject.Email ?? t('operations.noEmail'),
          })}
        </p>
      )}
      <OperationChanges changes={words.changes(operation)} />
      <ErrorBanner message={errors.form} />
      <Decision operation={operation} mine={mine} busy={busy} onCancel={() => void cancel()}>
        <form onSubmit={(event) => void confirm(event)} noValidate>
          <TextField
            label={t('operations.token')}
            name="Token"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={token}
            error={errors.Token}
            onChange={setToken}
          />
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {t('operations.confirm')}
            </button>
            <button type="button" className="secondary" disabled={busy} onClick={() => void cancel()}>
              {t('operations.cancel')}
            </button>
          </div>
        </form>
      </Decision>
    </section>
  );
}

/**
 * For token validators: the account's pending operations, each said in words with its changes,
 * and the reader's token field with Confirm and Cancel — or, where no token was mailed to them
 * (their own request under OtherValidator), that it waits for a validator, and Cancel.
 */
export function OperationsPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(async (signal) => {
    const [operations, me] = await Promise.all([
      call('ReadOperations', {}, { signal }),
      call('ReadUserDetails', {}, { signal }),
    ]);
    return { operations: operations.Operations, me: me.UserDetails.IsOwner ? 'owner' : me.UserDetails.UserName };
  }, []);
  useOperationsChanged(reload);
  const [said, setSaid] = useState<string>();
  const operations = data?.operations;
  const pending = operations?.filter((operation) => operation.State === 'pending');
  // Answers only their requester may read, once: a new key's secret, recovery codes.
  const results = operations?.filter(
    (operation) => operation.ResultWaiting === true && operation.RequesterUserName === data?.me,
  );
  // The mail's link names one operation: its token field is where the validator goes first.
  const [named] = useState(namedOperation);
  const linked = operations?.find((operation) => operation.OperationId === named);
  useEffect(() => {
    if (linked?.State !== 'pending') return;
    const card = document.querySelector(`section[data-operation="${linked.OperationId}"]`);
    card?.scrollIntoView({ block: 'center' });
    card?.querySelector<HTMLInputElement>('input[name="Token"]')?.focus();
  }, [linked]);
  return (
    <div className="space">
      <h1>{t('operations.title')}</h1>
      <p className="muted">{t('operations.intro')}</p>
      {said && (
        <p role="status" className="notice">
          {said}
        </p>
      )}
      <ErrorBanner message={error} />
      {linked && linked.State !== 'pending' && (
        <p role="status" className="notice">
          {t('operations.decided', { id: linked.OperationId, state: t(`operations.state.${linked.State}`) })}
        </p>
      )}
      {!data && !error && <Loading />}
      {results?.map((operation) => (
        <WaitingResult key={operation.OperationId} operation={operation} onDone={() => void reload()} />
      ))}
      {pending?.length === 0 && <p className="muted">{t('operations.none')}</p>}
      {pending?.map((operation) => (
        <PendingOperation
          key={operation.OperationId}
          operation={operation}
          mine={operation.RequesterUserName === data?.me}
          onDecided={(message) => {
            setSaid(message);
            // The banner of one's own requests shows the same operations.
            announceOperationsChanged();
          }}
        />
      ))}
    </div>
  );
}
