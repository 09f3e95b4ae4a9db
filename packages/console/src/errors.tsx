import { link } from './links.js';

/** An error from the server, with a way to the access-key form when the server refused the key. */
export function ErrorNote({ error }: { error: unknown }) {
  if (error === undefined || error === null) return null;
  const name = error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? error.message : String(error);
  const refused = /UnrecognizedClient|InvalidSignature|MissingAuthenticationToken|IncompleteSignature/.test(name);
  return (
    <div class="error" role="alert">
      <strong>{name}</strong>: {message}
      {refused && (
        <>
          {' '}
          <a href={link.signIn()}>Enter an access key</a>
        </>
      )}
    </div>
  );
}
