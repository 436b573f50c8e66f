import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Output } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { ChangesTable } from '../components/changes-table.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { Loading } from '../components/loading.js';
import { WaitingResult } from './operation-result.js';

type Operation = Output<'ReadOperations'>['Operations'][number];
type Person = NonNullable<Operation['Requester']>;

/** "Alice Martin (alice)": the person, and the name the API knows them by. */
function personLabel(person: Person): string {
  return person.DisplayName === person.UserName ? person.UserName : `${person.DisplayName} (${person.UserName})`;
}

function PendingOperation({ operation, onDecided }: { operation: Operation; onDecided: (said: string) => void }) {
  const { t } = useTranslation();
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
  return (
    <section className="card" aria-labelledby={`${id}-title`} data-operation={id}>
      <h2 id={`${id}-title`}>
        {operation.Action} <span className="mono hint">{id}</span>
      </h2>
      <p className="hint">
        {t('operations.askedBy', {
          name: operation.Requester ? personLabel(operation.Requester) : operation.RequesterUserName,
        })}{' '}
        ·{' '}
        {t('operations.expires', {
          when: new Date(operation.ExpirationDate.replace('+0000', 'Z')).toLocaleTimeString(),
        })}
      </p>
      {operation.Subject && operation.Subject.UserName !== operation.RequesterUserName && (
        <p>
          {t('operations.actsOn', {
            name: personLabel(operation.Subject),
            email: operation.Subject.Email ?? t('operations.noEmail'),
          })}
        </p>
      )}
      <ChangesTable changes={operation.Changes} />
      <form onSubmit={(event) => void confirm(event)} noValidate>
        <ErrorBanner message={errors.form} />
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
    </section>
  );
}

/** For token validators: the account's pending operations, each with its diff, a token field, Confirm and Cancel. */
export function OperationsPage() {
  const { t } = useTranslation();
  const { data, error, reload } = useLoad(async (signal) => {
    const [operations, me] = await Promise.all([
      call('ReadOperations', {}, { signal }),
      call('ReadUserDetails', {}, { signal }),
    ]);
    return { operations: operations.Operations, me: me.UserDetails.IsOwner ? 'owner' : me.UserDetails.UserName };
  }, []);
  const [said, setSaid] = useState<string>();
  const operations = data?.operations;
  const pending = operations?.filter((operation) => operation.State === 'pending');
  // Answers only their requester may read, once: a new key's secret, recovery codes.
  const results = operations?.filter(
    (operation) => operation.ResultWaiting === true && operation.RequesterUserName === data?.me,
  );
  // The mail's link names one operation: its token field is where the validator goes first.
  const [named] = useState(() => window.location.hash.slice(1));
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
          onDecided={(message) => {
            setSaid(message);
            void reload();
          }}
        />
      ))}
    </div>
  );
}
