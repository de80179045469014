// Shared command/event loop for the interop client scripts (rails-client.mjs, anycable-client.mjs).
//
// Usage: node <script> <ws-url>
//
// Commands arrive on stdin, one JSON object per line:
//   {"op":"subscribe","name":"chat","channel":"ChatChannel","params":{"room":"42"}}
//   {"op":"perform","name":"chat","action":"speak","data":{"text":"hi"}}
//   {"op":"unsubscribe","name":"chat"}
//   {"op":"close"}                        close the connection, wait for the socket to close, exit
// Events go to stdout, one JSON object per line, always with an "event" field:
//   ready {library, version, url}            the client object exists and is connecting
//   connected                                the library processed a welcome
//   disconnected {reason, reconnect}         the library lost/closed the connection
//   subscribing {name, identifier}           a subscription object was created
//   subscribed {name, identifier}            the library confirmed the subscription
//   received {name, identifier, data}        a channel message reached the subscription callback
//   rejected {name, identifier, ...}         the library reported a rejected subscription
//   channel_disconnected {name, identifier, reconnect, reason}
//   ack {op, name}                           a command has been handed to the library
//   error {op, message}                      a command failed in the script
//   frame {dir: open|in|out|error, ...}      raw WebSocket traffic (diagnostics)
//   socket_closed {code, reason}             the raw WebSocket closed
//   log {message}                            library log output (diagnostics)
//   closed                                   after "close": every socket is closed, process exits
import { createRequire } from 'node:module'
import readline from 'node:readline'
import WebSocket from 'ws'

export function emit(event, fields = {}) {
  process.stdout.write(JSON.stringify({ event, ...fields }) + '\n')
}

export function packageVersion(name) {
  const require = createRequire(import.meta.url)
  return require(`${name}/package.json`).version
}

const openSockets = new Set()

// Node 20 has no global WebSocket: the libraries get this subclass of the `ws` client, which
// behaves exactly like `ws` but reports raw frames so a failing test can show the wire traffic.
export class TrackedWebSocket extends WebSocket {
  constructor(url, protocols, options) {
    super(url, protocols, options)
    openSockets.add(this)
    this.on('open', () => emit('frame', { dir: 'open', protocol: this.protocol }))
    this.on('message', (data, isBinary) =>
      emit('frame', { dir: 'in', data: isBinary ? `<binary ${data.length} bytes>` : data.toString() })
    )
    this.on('error', err => emit('frame', { dir: 'error', message: String(err && err.message) }))
    this.on('close', (code, reason) => {
      openSockets.delete(this)
      emit('socket_closed', { code, reason: reason.toString() })
    })
  }

  send(data, ...rest) {
    emit('frame', { dir: 'out', data: typeof data === 'string' ? data : `<binary>` })
    return super.send(data, ...rest)
  }
}

function waitForSocketsClosed(timeoutMs) {
  return new Promise(resolve => {
    const deadline = Date.now() + timeoutMs
    const check = () => {
      if (openSockets.size === 0 || Date.now() > deadline) {
        for (const ws of openSockets) ws.terminate()
        resolve()
      } else {
        setTimeout(check, 20)
      }
    }
    check()
  })
}

/**
 * Runs the stdin command loop. `client` implements subscribe(name, channel, params),
 * perform(name, action, data), unsubscribe(name) and close(); each may return a promise.
 * `extraOps` maps further op names to functions of (command, name), for a script's own commands.
 */
export function run(client, extraOps = {}) {
  process.on('uncaughtException', err => emit('error', { op: 'uncaught', message: String(err && err.stack) }))
  process.on('unhandledRejection', err => emit('error', { op: 'unhandled', message: String(err && err.stack) }))

  let closing = false
  const close = async () => {
    if (closing) return
    closing = true
    try {
      await client.close()
    } catch (err) {
      emit('error', { op: 'close', message: String(err && err.message) })
    }
    await waitForSocketsClosed(3000)
    emit('closed')
    process.exit(0)
  }

  const rl = readline.createInterface({ input: process.stdin })
  rl.on('line', async line => {
    if (!line.trim()) return
    let cmd
    try {
      cmd = JSON.parse(line)
    } catch (err) {
      emit('error', { op: 'parse', message: `bad command line: ${line}` })
      return
    }
    const name = cmd.name || 'main'
    try {
      switch (cmd.op) {
        case 'subscribe':
          await client.subscribe(name, cmd.channel, cmd.params || {})
          break
        case 'perform':
          await client.perform(name, cmd.action, cmd.data || {})
          break
        case 'unsubscribe':
          await client.unsubscribe(name)
          break
        case 'close':
          await close()
          return
        default:
          if (!Object.hasOwn(extraOps, cmd.op)) throw new Error(`unknown op ${cmd.op}`)
          await extraOps[cmd.op](cmd, name)
      }
      emit('ack', { op: cmd.op, name })
    } catch (err) {
      emit('error', { op: cmd.op, name, message: String(err && err.message) })
    }
  })
  // The Java side closing our stdin means "shut down".
  rl.on('close', () => close())
}
