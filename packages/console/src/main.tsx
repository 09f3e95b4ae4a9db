import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { ExecutionPage } from './execution-page.js';
import { ExecutionsPage } from './executions-page.js';
import { link } from './links.js';
import { SignIn } from './sign-in.js';
import { StateMachinesPage } from './state-machines-page.js';
import './style.css';

/** The page a hash names: `#/`, `#/state-machine/<arn>`, `#/execution/<arn>`. */
type Route =
  | { readonly page: 'state-machines' }
  | { readonly page: 'executions'; readonly stateMachineArn: string }
  | { readonly page: 'execution'; readonly executionArn: string }
  | { readonly page: 'sign-in' };

function routeOf(hash: string): Route {
  const [, page = '', ...rest] = hash.replace(/^#/, '').split('/');
  const arn = decodeURIComponent(rest.join('/'));
  if (page === 'state-machine' && arn !== '') return { page: 'executions', stateMachineArn: arn };
  if (page === 'execution' && arn !== '') return { page: 'execution', executionArn: arn };
  if (page === 'sign-in') return { page: 'sign-in' };
  return { page: 'state-machines' };
}

function App() {
  const [route, setRoute] = useState(() => routeOf(location.hash));
  useEffect(() => {
    const onChange = () => setRoute(routeOf(location.hash));
    addEventListener('hashchange', onChange);
    return () => removeEventListener('hashchange', onChange);
  }, []);
  return (
    <>
      <header class="top">
        <a href={link.stateMachines()} class="brand">
          statefold
        </a>
        <span class="muted">console</span>
        <span class="spacer" />
        <a href={link.signIn()}>Access key</a>
      </header>
      <main>
        {route.page === 'state-machines' && <StateMachinesPage />}
        {route.page === 'executions' && (
          <ExecutionsPage key={route.stateMachineArn} stateMachineArn={route.stateMachineArn} />
        )}
        {route.page === 'execution' && <ExecutionPage key={route.executionArn} executionArn={route.executionArn} />}
        {route.page === 'sign-in' && <SignIn />}
      </main>
    </>
  );
}

const root = document.getElementById('app');
if (root !== null) render(<App />, root);
