// A real AnyCable RPC application: @anycable/serverless-js behind a plain node:http server,
// serving HTTP RPC (POST <base>/connect|command|disconnect) for a small chat.
//
//   node chat-rpc.mjs <port|0> <base path> <Bearer secret or "">
//
// Prints one JSON event per line on stdout: {"event":"listening","port":N} once, then for every
// RPC request {"event":"rpc","method":...,"sid":...,"protov":...,"authorization":...}.
// Reads JSON commands on stdin: {"op":"broadcastTo","url":...} sets where the app's HTTP
// broadcasts go (answered with {"event":"ok","op":"broadcastTo"}). Exits when stdin closes.
import http from 'node:http';
import { register } from 'node:module';
import readline from 'node:readline';

register('./dir-imports.mjs', import.meta.url);
const { Application, Channel, handler, broadcaster, Status } = await import('@anycable/serverless-js');

const [portArg = '0', base = '/_anycable', secret = ''] = process.argv.slice(2);
const emit = (event) => process.stdout.write(JSON.stringify(event) + '\n');

// The credentials: session cookie values and the users they belong to.
const SESSIONS = { 's3cr3t-alice-6c1f0e': 'alice', 's3cr3t-bob-93ad27': 'bob' };

let broadcastTo = async () => {
  throw new Error('no broadcast URL yet');
};

function cookies(header) {
  const out = {};
  for (const pair of (header || '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq > 0) {
      out[pair.slice(0, eq).trim()] = decodeURIComponent(pair.slice(eq + 1).trim());
    }
  }
  return out;
}

class ChatApplication extends Application {
  async connect(handle) {
    const user = SESSIONS[cookies(handle.env.headers?.cookie)._chat_session];
    if (!user) {
      handle.reject();
      return;
    }
    handle.identifiedBy({ user });
  }
}

class ChatChannel extends Channel {
  async subscribed(handle, params) {
    if (!params?.room) {
      handle.reject();
      return;
    }
    handle.streamFrom(`chat_${params.room}`);
    handle.transmit({ type: 'hello', user: handle.identifiers.user, room: params.room });
  }

  async speak(handle, params, data) {
    await broadcastTo(`chat_${params.room}`, { user: handle.identifiers.user, text: data.text });
  }

  async whoami(handle) {
    handle.transmit({ you: handle.identifiers.user });
  }
}

class MarkerChannel extends Channel {}

const app = new ChatApplication();
app.registerChannel('ChatChannel', new ChatChannel());
app.registerChannel('MarkerChannel', new MarkerChannel());

async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) {
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

const server = http.createServer(async (req, res) => {
  const url = new URL(req.url, `http://${req.headers.host || '127.0.0.1'}`);
  const method = url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length + 1) : '';
  if (req.method !== 'POST' || !['connect', 'command', 'disconnect'].includes(method)) {
    res.writeHead(404).end();
    return;
  }
  const authorization = req.headers.authorization || null;
  emit({
    event: 'rpc',
    method,
    sid: req.headers['x-anycable-meta-sid'] || null,
    protov: req.headers['x-anycable-meta-protov'] || null,
    authorization,
  });
  if (secret && authorization !== `Bearer ${secret}`) {
    res.writeHead(401).end();
    return;
  }
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    for (const v of Array.isArray(value) ? value : [value]) {
      headers.append(name, v);
    }
  }
  let reply;
  try {
    const request = new Request(url, { method: 'POST', headers, body: await readBody(req) });
    reply = await handler(request, app);
  } catch (e) {
    reply = { status: Status.ERROR, error_msg: String(e?.message || e) };
  }
  const body = JSON.stringify(reply);
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) }).end(body);
});

server.listen(Number(portArg), '127.0.0.1', () => emit({ event: 'listening', port: server.address().port }));

const input = readline.createInterface({ input: process.stdin });
input.on('line', (line) => {
  let command;
  try {
    command = JSON.parse(line);
  } catch {
    emit({ event: 'error', message: `not JSON: ${line}` });
    return;
  }
  if (command.op === 'broadcastTo') {
    broadcastTo = broadcaster(command.url, command.secret || '');
    emit({ event: 'ok', op: 'broadcastTo' });
  } else {
    emit({ event: 'error', message: `unknown op ${command.op}` });
  }
});
input.on('close', () => {
  server.close();
  process.exit(0);
});
