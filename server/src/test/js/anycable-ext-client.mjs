// Drives the real @anycable/web cable with AnyCable's extended protocol (`actioncable-v1-ext-json`,
// @anycable/core's ActionCableExtendedProtocol) against a CableKit server, for
// ExtendedProtocolInteropTest.
//
// Usage: node anycable-ext-client.mjs ws://127.0.0.1:PORT/cable ['{"disableSessionRecovery":true}']
//   disableSessionRecovery   the protocol option of that name: the client neither keeps the sid
//                            nor sends it back, so a reconnect resubscribes (with history)
//
// Same command/event vocabulary as driver.mjs (whose `run` loop has no room for the extra
// commands, so this script has its own loop), plus:
// Commands:
//   {"op":"whisper","name":"chat","data":{...}}   channel.whisper(data)
//   {"op":"drop"}        terminate the current WebSocket without a close handshake (network loss)
//   {"op":"reconnect"}   cable.monitor.reconnectNow(), what @anycable/web runs on `online`/`focus`
// Events:
//   dial {url, protocols}                    a WebSocket is being opened (shows ?sid=...)
//   connected {reconnect, restored, sid}     the cable's `connect` event (restored: session restore)
//   subscribed {name, identifier, reconnect, restored}   the channel's `connect` event
//   received {name, identifier, data, meta}  meta = {stream, epoch, offset} or null
//   info {name, identifier, type}            channel `info` (history_received, history_not_found)
//
// The monitor's reconnect strategy is a minute, so the cable reconnects only when the test says
// `reconnect`: a test can publish while the client is away without racing the backoff timer.
import readline from 'node:readline'
import { createCable } from '@anycable/web'
import { BaseLogger } from '@anycable/core'
import { TrackedWebSocket, emit, packageVersion } from './driver.mjs'

class EventLogger extends BaseLogger {
  writeLogEntry(level, msg, details) {
    let text = `${level}: ${msg}`
    if (details !== undefined) {
      try {
        text += ' ' + JSON.stringify(details, (k, v) => (v instanceof Error ? `${v.name}: ${v.message}` : v))
      } catch {
        text += ' ' + String(details)
      }
    }
    emit('log', { message: text })
  }
}

const openSockets = new Set()
let currentSocket = null

class DialingWebSocket extends TrackedWebSocket {
  constructor(url, protocols, options) {
    emit('dial', { url: String(url), protocols: [].concat(protocols || []) })
    super(url, protocols, options)
    currentSocket = this
    openSockets.add(this)
    this.on('close', () => openSockets.delete(this))
  }
}

const url = process.argv[2]
const options = process.argv[3] ? JSON.parse(process.argv[3]) : {}
const cable = createCable(url, {
  websocketImplementation: DialingWebSocket,
  logger: new EventLogger('debug'),
  protocol: 'actioncable-v1-ext-json',
  protocolOptions: { disableSessionRecovery: Boolean(options.disableSessionRecovery) },
  reconnectStrategy: () => 60_000
})

cable.on('connect', ev =>
  emit('connected', {
    reconnect: Boolean(ev && ev.reconnect),
    restored: Boolean(ev && ev.restored),
    sid: cable.sessionId || null
  })
)
cable.on('disconnect', err => emit('disconnected', { reason: reasonOf(err), reconnect: true, state: cable.state }))
cable.on('close', err => emit('disconnected', { reason: reasonOf(err), reconnect: false, state: cable.state }))

const channels = new Map()

const commands = {
  subscribe({ name, channel: channelName, params }) {
    const channel = cable.subscribeTo(channelName, params || {})
    channels.set(name, channel)
    const identifier = channel.identifier
    channel.on('connect', ev =>
      emit('subscribed', {
        name,
        identifier,
        reconnect: Boolean(ev && ev.reconnect),
        restored: Boolean(ev && ev.restored)
      })
    )
    channel.on('message', (data, meta) => emit('received', { name, identifier, data, meta: meta || null }))
    channel.on('info', ev => emit('info', { name, identifier, type: ev && ev.type }))
    channel.on('disconnect', err =>
      emit('channel_disconnected', { name, identifier, reason: reasonOf(err), reconnect: cable.state !== 'closed' })
    )
    channel.on('close', err =>
      emit('channel_closed', { name, identifier, reason: reasonOf(err), error: err ? err.name : null })
    )
    emit('subscribing', { name, identifier })
  },

  async whisper({ name, data }) {
    await lookup(name).whisper(data)
  },

  drop() {
    if (!currentSocket) throw new Error('no socket to drop')
    currentSocket.terminate()
  },

  reconnect() {
    if (!cable.monitor.reconnectNow()) throw new Error(`monitor would not reconnect (state ${cable.monitor.state})`)
  }
}

function lookup(name) {
  const channel = channels.get(name)
  if (!channel) throw new Error(`no subscription named ${name}`)
  return channel
}

function reasonOf(err) {
  return err && err.reason !== undefined ? err.reason : null
}

let closing = false
async function close() {
  if (closing) return
  closing = true
  try {
    cable.disconnect()
  } catch (err) {
    emit('error', { op: 'close', message: String(err && err.message) })
  }
  const deadline = Date.now() + 3000
  while (openSockets.size > 0 && Date.now() < deadline) {
    await new Promise(resolve => setTimeout(resolve, 20))
  }
  for (const ws of openSockets) ws.terminate()
  emit('closed')
  process.exit(0)
}

process.on('uncaughtException', err => emit('error', { op: 'uncaught', message: String(err && err.stack) }))
process.on('unhandledRejection', err => emit('error', { op: 'unhandled', message: String(err && err.stack) }))

const rl = readline.createInterface({ input: process.stdin })
rl.on('line', async line => {
  if (!line.trim()) return
  let cmd
  try {
    cmd = JSON.parse(line)
  } catch {
    emit('error', { op: 'parse', message: `bad command line: ${line}` })
    return
  }
  if (cmd.op === 'close') {
    await close()
    return
  }
  const name = cmd.name || 'main'
  try {
    const command = commands[cmd.op]
    if (!command) throw new Error(`unknown op ${cmd.op}`)
    await command({ ...cmd, name })
    emit('ack', { op: cmd.op, name })
  } catch (err) {
    emit('error', { op: cmd.op, name, message: String(err && err.message) })
  }
})
// The Java side closing our stdin means "shut down".
rl.on('close', () => close())

emit('ready', {
  library: '@anycable/web',
  version: packageVersion('@anycable/web'),
  coreVersion: packageVersion('@anycable/core'),
  url
})
cable.connect().catch(() => {})
