/**
 * The console's shell: skip link, header with who is signed in (or, locally, the role switcher marked
 * "local, no sign-in"), the role's navigation, and the page of the current route (./routes.ts).
 */
import { useEffect, useState } from 'preact/hooks';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter-preact';
import { useHashLocation } from 'wouter-preact/use-hash-location';
import { signOutUrl } from './auth/cognito.js';
import {
  type ConsoleConfig,
  type Identity,
  LOCAL_NAME,
  localIdentity,
  ROLE_LABELS,
  type Role,
  setIdentity,
} from './auth/session.js';
import { Page } from './components/page.js';
import { homeOf, PAGES } from './routes.js';

function LocalSwitcher(props: { identity: Identity; onChange: (identity: Identity) => void }) {
  const [name, setName] = useState(props.identity.name);
  const valid = LOCAL_NAME.test(name);
  return (
    <form
      class="switcher"
      aria-label="Local user and role"
      onSubmit={(event) => {
        event.preventDefault();
        if (valid) props.onChange(localIdentity(name, props.identity.role));
      }}
    >
      <span class="badge">local, no sign-in</span>
      <label for="local-name">Name</label>
      <input
        id="local-name"
        value={name}
        size={12}
        aria-invalid={!valid}
        onInput={(event) => setName(event.currentTarget.value)}
        onBlur={() => valid && props.onChange(localIdentity(name, props.identity.role))}
      />
      <label for="local-role">Role</label>
      <select
        id="local-role"
        value={props.identity.role}
        onChange={(event) =>
          props.onChange(localIdentity(valid ? name : props.identity.name, event.currentTarget.value as Role))
        }
      >
        {props.identity.roles.map((role) => (
          <option key={role} value={role}>
            {ROLE_LABELS[role]}
          </option>
        ))}
      </select>
    </form>
  );
}

function SignedIn(props: {
  identity: Identity;
  config: ConsoleConfig;
  onChange: (identity: Identity) => void;
}) {
  const { identity, config } = props;
  return (
    <div class="switcher">
      <span>Signed in as {identity.name}</span>
      {identity.roles.length > 1 ? (
        <>
          <label for="role">Role</label>
          <select
            id="role"
            value={identity.role}
            onChange={(event) => props.onChange({ ...identity, role: event.currentTarget.value as Role })}
          >
            {identity.roles.map((role) => (
              <option key={role} value={role}>
                {ROLE_LABELS[role]}
              </option>
            ))}
          </select>
        </>
      ) : (
        <span class="badge">{ROLE_LABELS[identity.role]}</span>
      )}
      {config.mode === 'cognito' ? <a href={signOutUrl(config)}>Sign out</a> : null}
    </div>
  );
}

function Navigation(props: { role: Role }) {
  const [location] = useLocation();
  return (
    <nav class="main-nav" aria-label="Pages">
      <ul>
        {PAGES.filter((page) => page.nav === true && page.roles.includes(props.role)).map((page) => (
          <li key={page.path}>
            <Link href={page.path} aria-current={location.startsWith(page.path) ? 'page' : undefined}>
              {page.title}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

function NotForRole(props: { role: Role; title: string }) {
  return (
    <Page title={props.title}>
      <p>This page is not available to the {ROLE_LABELS[props.role].toLowerCase()} role.</p>
    </Page>
  );
}

export function App(props: { config: ConsoleConfig; identity: Identity }) {
  const [identity, setCurrent] = useState(props.identity);
  setIdentity(identity);
  useEffect(() => setIdentity(identity), [identity]);
  return (
    <Router hook={useHashLocation}>
      <button type="button" class="skip-link" onClick={() => document.getElementById('main')?.focus()}>
        Skip to content
      </button>
      <header class="site-header">
        <p class="brand">Offer pipeline console</p>
        {props.config.mode === 'local' ? (
          <LocalSwitcher identity={identity} onChange={setCurrent} />
        ) : (
          <SignedIn identity={identity} config={props.config} onChange={setCurrent} />
        )}
      </header>
      <Navigation role={identity.role} />
      <main id="main" tabIndex={-1}>
        <Switch>
          {PAGES.map((page) => (
            <Route key={page.path} path={page.path}>
              {(params) =>
                page.roles.includes(identity.role) ? (
                  <page.component params={params} identity={identity} />
                ) : (
                  <NotForRole role={identity.role} title={page.title} />
                )
              }
            </Route>
          ))}
          <Route path="/">
            <Redirect to={homeOf(identity.role)} />
          </Route>
          <Route>
            <Page title="Not found">
              <p>
                There is no such page. <Link href={homeOf(identity.role)}>Go to the start page</Link>.
              </p>
            </Page>
          </Route>
        </Switch>
      </main>
    </Router>
  );
}
