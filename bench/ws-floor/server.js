// The floor of the fan-out benchmark (BENCHMARKS.md): a bare `ws` broadcast loop, no protocol.
// WebSocket clients connect on any path; `POST /_broadcast` sends the request body, as one text
// frame, to every open socket, exactly as the broadcast example of the ws README does.
//
//   node server.js [--port=8081] [--host=127.0.0.1]
'use strict';
const http = require('http');
const { WebSocketServer, WebSocket } = require('ws');

const arg = (name, fallback) => {
  const hit = process.argv.find((a) => a.startsWith(`--${name}=`));
  return hit ? hit.slice(name.length + 3) : fallback;
};
const port = Number(arg('port', process.env.PORT || 8081));
const host = arg('host', '127.0.0.1');

const server = http.createServer((req, res) => {
  if (req.method !== 'POST') {
    res.writeHead(404).end();
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    for (const client of wss.clients) {
      if (client.readyState === WebSocket.OPEN) {
        client.send(body, { binary: false });
      }
    }
    res.writeHead(201, { 'Content-Length': '0' }).end();
  });
});
const wss = new WebSocketServer({ server, perMessageDeflate: false, clientTracking: true });
server.listen(port, host, () => {
  console.log(`ws-floor pid ${process.pid} listening on ws://${host}:${port}/ (POST http://${host}:${port}/_broadcast)`);
});
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => process.exit(0));
}
