import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call, type Me, type UserDetails } from '../api/api.js';
import { useAction } from '../api/use-action.js';
import { useLoad } from '../api/use-load.js';
import { ErrorBanner } from '../components/error-banner.js';
import { TextField } from '../components/fields.js';
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
  const [menu, setMenu] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const name = user.UserName ?? '';
  const act = (work: () => Promise<unknown>, message?: string) => {
    setMenu(false);
    return onAct(work, message);
  };
  const state = !user.Enabled ? 'disabled' : user.InvitationPending ? 'invited' : 'active';
  return (
    <tr data-user={name}>
      <td className="mono">{name}</td>
      <td>{[user.FirstName, user.LastName].filter(Boolean).join(' ')}</td>
      <td>{user.Email ?? ''}</td>
      <td>{user.Rights.map(label).join(', ') || <span className="muted">{t('users.noRight')}</span>}</td>
      <td>
        <span className={`badge ${state === 'active' ? 'active' : 'inactive'}`}>{t(`users.state.${state}`)}</span>
      </td>
      <td>
        {confirming ? (
          <div className="actions">
            <span>{t('users.confirmDelete', { name })}</span>
            <button
              type="button"
              className="danger"
              onClick={() => void act(() => deleteUser(name), t('users.deleted', { name }))}
            >
              {t('common.confirmDelete')}
            </button>
            <button type="button" className="secondary" onClick={() => setConfirming(false)}>
              {t('common.keep')}
            </button>
          </div>
        ) : (
          <div className="menu-holder">
            <button
              type="button"
              className="secondary"
              aria-haspopup="true"
              aria-expanded={menu}
              aria-label={t('users.actionsFor', { name })}
              onClick={() => setMenu(!menu)}
            >
              …
            </button>
            {menu && (
              <ul className="popup plain" role="menu">
                <li role="none">
                  <button
                    type="button"
                    role="menuitem"
                    className="link"
                    onClick={() => {
                      setMenu(false);
                      onModify();
                    }}
                  >
                    {t('users.modify')}
                  </button>
                </li>
                {user.UserId !== me.UserId && (
                  <li role="none">
                    <button
                      type="button"
                      role="menuitem"
                      className="link"
                      onClick={() =>
                        void act(() => call(user.Enabled ? 'DisableUser' : 'EnableUser', { UserName: name }))
                      }
                    >
                      {user.Enabled ? t('users.disable') : t('users.enable')}
                    </button>
                  </li>
                )}
                {user.InvitationPending && (
                  <li role="none">
                    <button
                      type="button"
                      role="menuitem"
                      className="link"
                      onClick={() =>
                        void act(
                          () => call('ResendInvitation', { UserName: name }),
                          t('users.resent', { email: user.Email }),
                        )
                      }
                    >
                      {t('users.resend')}
                    </button>
                  </li>
                )}
                {user.UserId !== me.UserId && (
                  <li role="none">
                    <button
                      type="button"
                      role="menuitem"
                      className="link"
                      onClick={() => {
                        setMenu(false);
                        setConfirming(true);
                      }}
                    >
                      {t('users.delete')}
                    </button>
                  </li>
                )}
              </ul>
            )}
          </div>
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
        <TextField label={t('users.search')} name="search" type="search" value={search} onChange={setSearch} />
        {shown && shown.length === 0 && <p className="muted">{users?.length ? t('users.noMatch') : t('users.none')}</p>}
        {shown && shown.length > 0 && (
          <div className="table-scroll">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('users.userName')}</th>
                  <th scope="col">{t('users.name')}</th>
                  <th scope="col">{t('users.email')}</th>
                  <th scope="col">{t('users.rights')}</th>
                  <th scope="col">{t('common.state')}</th>
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
