// The ceiling for the server figures: a bare node:http server that reads each request's body and
// answers a JSON body of a given size, doing nothing else.
//   node bench/bare-server.mjs <bodyBytes>     prints "listening on <port>"

import { createServer } from 'node:http';

const bytes = Number(process.argv[2]);
const body = Buffer.from(JSON.stringify({ padding: 'x'.repeat(Math.max(0, bytes - 14)) }));
const server = createServer((req, res) => {
  req.on('data', () => undefined);
  req.on('end', () => {
    res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0', 'content-length': body.length });
    res.end(body);
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.stdout.write(`listening on ${server.address().port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
