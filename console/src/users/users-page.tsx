import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Me, type UserDetails } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
import { Loading } from '../components/loading.js';
import { MenuButton } from '../components/menu-button.js';
import { CreateUserForm } from './create-user-form.js';
import { useRightLabel, useRights } from './rights-switches.js';
import { ModifyUserDialog } from './user-dialog.js';

/** Every user of the account with their details (a page of ReadUsers, then each one's details). */
async function readAllUsers(signal: AbortSignal): Promise<UserDetails[]> {
  const users: UserDetails[] = [];
  for (let first = 0; ; first += 100) {
    const page = await call('ReadUsers', { FirstItem: first, ResultsPerPage: 100 }, { signal });
    const details = await Promise.all(
      page.Users.map((user) => call('ReadUserDetails', { UserName: user.UserName }, { signal })),
    );
    users.push(...details.map((answer) => answer.UserDetails));
    if (!page.HasMoreItems) return users;
  }
}

/** The API refuses to delete a user whose keys are in use (as OAPI); the console turns them off first, as the confirmation says. */
async function deleteUser(userName: string): Promise<void> {
  const { AccessKeys } = await call('ReadAccessKeys', { UserName: userName });
  for (const key of AccessKeys.filter((accessKey) => accessKey.State === 'ACTIVE'))
    await call('UpdateAccessKey', {
      UserName: userName,
      AccessKeyId: key.AccessKeyId,
      State: 'INACTIVE',
      ...(key.ExpirationDate ? { ExpirationDate: key.ExpirationDate } : {}),
    });
  await call('DeleteUser', { UserName: userName });
}

function matches(user: UserDetails, search: string): boolean {
  const text = [user.UserName, user.Email, user.FirstName, user.LastName].filter(Boolean).join(' ').toLowerCase();
  return search
    .trim()
    .toLowerCase()
    .split(/\s+/)
    .every((word) => text.includes(word));
}

function UserRow({
  user,
  me,
  onModify,
  onAct,
}: {
  user: UserDetails;
  me: Me;
  onModify: () => void;
  onAct: (work: () => Promise<unknown>, message?: string) => Promise<boolean>;
}) {
  const { t } = useTranslation();
  const label = useRightLabel();
  const [confirming, setConfirming] = useState(false);
  const name = user.UserName ?? '';
  const state = !user.Enabled ? 'disabled' : user.InvitationPending ? 'invited' : 'active';
  return (
    <tr data-user={name}>
      <td className="mono" data-label={t('users.userName')}>
        {name}
      </td>
      <td data-label={t('users.name')}>{[user.FirstName, user.LastName].filter(Boolean).join(' ')}</td>
      <td data-label={t('users.email')}>{user.Email ?? ''}</td>
      <td data-label={t('users.rights')}>
        {user.Rights.map(label).join(', ') || <span className="muted">{t('users.noRight')}</span>}
      </td>
      <td data-label={t('common.state')}>
        <span className={`badge ${state === 'active' ? 'active' : 'inactive'}`}>{t(`users.state.${state}`)}</span>
      </td>
      <td data-label={t('users.twoStep')}>
        {user.SecondFactors?.length ? (
          user.SecondFactors.map((factor) => t(`users.factor.${factor}`)).join(', ')
        ) : (
          <span className="muted">{t('users.twoStepOff')}</span>
        )}
      </td>
      <td data-label={t('common.actions')}>
        {confirming ? (
          <div className="actions">
            <span>{t('users.confirmDelete', { name })}</span>
            <button
              type="button"
              className="danger"
              onClick={() => void onAct(() => deleteUser(name), t('users.deleted', { name }))}
            >
              {t('common.confirmDelete')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('common.keep')}
            </button>
          </div>
        ) : (
          <MenuButton
            label={t('users.actionsFor', { name })}
            items={[
              { label: t('users.modify'), onSelect: onModify },
              user.UserId !== me.UserId && {
                label: user.Enabled ? t('users.disable') : t('users.enable'),
                onSelect: () => void onAct(() => call(user.Enabled ? 'DisableUser' : 'EnableUser', { UserName: name })),
              },
              user.InvitationPending && {
                label: t('users.resend'),
                onSelect: () =>
                  void onAct(
                    () => call('ResendInvitation', { UserName: name }),
                    t('users.resent', { email: user.Email }),
                  ),
              },
              user.UserId !== me.UserId && { label: t('users.delete'), onSelect: () => setConfirming(true) },
            ]}
          >
            …
          </MenuButton>
        )}
      </td>
    </tr>
  );
}

/** The account's users (seed 002's Users tab): search, create, modify, enable, disable, delete. */
export function UsersPage({ me }: { me: Me }) {
  const { t } = useTranslation();
  const rights = useRights();
  const { data: users, error, reload } = useLoad(readAllUsers, []);
  const [search, setSearch] = useState('');
  const [editing, setEditing] = useState<UserDetails>();
  const [message, setMessage] = useState<string>();
  const { errors, run } = useAction();
  const reloadAndTell = async (notice?: string) => {
    await reload();
    // Told once the list shows the change.
    setMessage(notice);
  };
  const act = (work: () => Promise<unknown>, notice?: string) =>
    run(async () => {
      await work();
      await reloadAndTell(notice);
    });
  const shown = users?.filter((user) => matches(user, search));
  return (
    <div className="space">
      <h1>{t('users.title')}</h1>
      <p className="muted">{t('users.intro')}</p>
      <section className="card" aria-labelledby="users-list-title" data-section="users">
        <h2 id="users-list-title" className="visually-hidden">
          {t('users.title')}
        </h2>
        {message && (
          <p role="status" className="notice">
            {message}
          </p>
        )}
        <ErrorBanner message={errors.form ?? error} />
        {!users && !error && <Loading />}
        <TextField label={t('users.search')} name="search" type="search" value={search} onChange={setSearch} />
        {shown && shown.length === 0 && <p className="muted">{users?.length ? t('users.noMatch') : t('users.none')}</p>}
        {shown && shown.length > 0 && (
          <div className="table-scroll">
            <table className="cards">
              <thead>
                <tr>
                  <th scope="col">{t('users.userName')}</th>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.rights')}</th>
                  <th scope="col">{t('common.state')}</th>
                  <th scope="col">{t('users.twoStep')}</th>
                  <th scope="col">{t('common.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {shown.map((user) => (
                  <UserRow key={user.UserId} user={user} me={me} onModify={() => setEditing(user)} onAct={act} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
      <section className="card">
        {rights && <CreateUserForm me={me} rights={rights} onCreated={(notice) => void reloadAndTell(notice)} />}
      </section>
      {editing && rights && (
        <ModifyUserDialog
          user={editing}
          me={me}
          rights={rights}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            void reloadAndTell(t('users.saved', { name: editing.UserName }));
          }}
        />
      )}
    </div>
  );
}
