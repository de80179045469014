// Drives the real @anycable/web cable with AnyCable's extended protocol (`actioncable-v1-ext-json`,
// @anycable/core's ActionCableExtendedProtocol) against a CableKit server, for
// ExtendedProtocolInteropTest.
//
// Usage: node anycable-ext-client.mjs ws://127.0.0.1:PORT/cable ['{"disableSessionRecovery":true}']
//   disableSessionRecovery   the protocol option of that name: the client neither keeps the sid
//                            nor sends it back, so a reconnect resubscribes (with history)
//
// Same command/event vocabulary as driver.mjs (whose `run` loop it uses), plus:
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
import { createCable } from '@anycable/web'
import { TrackedWebSocket, emit, run } from './driver.mjs'
import { EventLogger, emitReady, reasonOf } from './anycable-common.mjs'

let currentSocket = null

class DialingWebSocket extends TrackedWebSocket {
  constructor(url, protocols, options) {
    emit('dial', { url: String(url), protocols: [].concat(protocols || []) })
    super(url, protocols, options)
    currentSocket = this
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

run(
  {
    subscribe(name, channelName, params) {
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
    perform(name, action, data) {
      return lookup(name).perform(action, data)
    },
    unsubscribe(name) {
      return lookup(name).disconnect()
    },
    close() {
      cable.disconnect()
    }
  },
  {
    whisper(cmd, name) {
      return lookup(name).whisper(cmd.data)
    },
    drop() {
      if (!currentSocket) throw new Error('no socket to drop')
      currentSocket.terminate()
    },
    reconnect() {
      if (!cable.monitor.reconnectNow()) throw new Error(`monitor would not reconnect (state ${cable.monitor.state})`)
    }
  }
)

function lookup(name) {
  const channel = channels.get(name)
  if (!channel) throw new Error(`no subscription named ${name}`)
  return channel
}

emitReady(url)
cable.connect().catch(() => {})
