import { useState } from 'preact/hooks';
import { saveCredentials, savedCredentials } from './api.js';
import { link } from './links.js';

/** The access key the console signs its requests with (SigV4, in the browser), for a server with `auth`. */
export function SignIn() {
  const saved = savedCredentials();
  const [accessKeyId, setAccessKeyId] = useState(saved.accessKeyId);
  const [secretAccessKey, setSecretAccessKey] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    saveCredentials({ accessKeyId, secretAccessKey });
    location.hash = link.stateMachines();
  };
  return (
    <form class="card narrow" onSubmit={submit}>
      <h1>Access key</h1>
      <p class="muted">
        A server started with <code>auth</code> in its config accepts only requests signed with one of its keys. The key
        stays in this tab (session storage).
      </p>
      <label>
        Access key ID
        <input name="accessKeyId" value={accessKeyId} onInput={(e) => setAccessKeyId(e.currentTarget.value)} />
      </label>
      <label>
        Secret access key
        <input
          name="secretAccessKey"
          type="password"
          value={secretAccessKey}
          onInput={(e) => setSecretAccessKey(e.currentTarget.value)}
        />
      </label>
      <button type="submit">Use this key</button>
    </form>
  );
}
