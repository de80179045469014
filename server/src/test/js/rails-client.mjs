// Drives the real @rails/actioncable consumer against a CableKit server. See driver.mjs for the
// command/event vocabulary. Usage: node rails-client.mjs ws://127.0.0.1:PORT/cable
import { createConsumer, adapters, logger } from '@rails/actioncable'
import { TrackedWebSocket, emit, packageVersion, run } from './driver.mjs'

// Browser stub: ConnectionMonitor.start()/stop() call the global addEventListener /
// removeEventListener("visibilitychange", ...), which Node does not have. The visibility handler
// (the only code touching `document`) never fires with these no-ops.
globalThis.addEventListener ??= () => {}
globalThis.removeEventListener ??= () => {}

// adapters.WebSocket captured globalThis.WebSocket when the module was evaluated (undefined on
// Node 20), so install the `ws` implementation on the adapter and the global.
globalThis.WebSocket = TrackedWebSocket
adapters.WebSocket = TrackedWebSocket
// Route the library's debug log into `log` events instead of console (stdout carries events).
adapters.logger = { log: (...parts) => emit('log', { message: parts.map(String).join(' ') }) }
logger.enabled = true

const url = process.argv[2]
const consumer = createConsumer(url)
const connection = consumer.connection

// @rails/actioncable has no consumer-level connect/disconnect callbacks (only per-subscription
// ones), so wrap the Connection's socket handlers on this instance (installEventHandlers reads
// `this.events`) and report after the library has handled each event, using library state.
const libraryEvents = connection.events
let lastDisconnectReason = null
connection.events = {
  ...libraryEvents,
  message(event) {
    const result = libraryEvents.message.call(this, event)
    let msg = {}
    try {
      msg = JSON.parse(event.data)
    } catch {
      // the library itself would have thrown already
    }
    if (msg.type === 'welcome') emit('connected', { protocol: this.getProtocol() })
    if (msg.type === 'disconnect') lastDisconnectReason = msg.reason ?? null
    return result
  },
  close(event) {
    const alreadyDisconnected = this.disconnected
    const result = libraryEvents.close.call(this, event)
    if (!alreadyDisconnected) {
      emit('disconnected', {
        reason: lastDisconnectReason,
        reconnect: Boolean(this.monitor.isRunning()),
        code: event && event.code
      })
    }
    return result
  }
}

const subscriptions = new Map()

run({
  subscribe(name, channel, params) {
    const subscription = consumer.subscriptions.create(
      { channel, ...params },
      {
        connected(info) {
          emit('subscribed', { name, identifier: this.identifier, reconnected: Boolean(info && info.reconnected) })
        },
        disconnected(info) {
          emit('channel_disconnected', {
            name,
            identifier: this.identifier,
            reconnect: Boolean(info && info.willAttemptReconnect),
            reason: lastDisconnectReason
          })
        },
        rejected() {
          emit('rejected', { name, identifier: this.identifier })
        },
        received(data) {
          emit('received', { name, identifier: this.identifier, data })
        }
      }
    )
    subscriptions.set(name, subscription)
    emit('subscribing', { name, identifier: subscription.identifier })
  },

  perform(name, action, data) {
    const subscription = lookup(name)
    if (!subscription.perform(action, data)) throw new Error('perform not sent: connection is not open')
  },

  unsubscribe(name) {
    lookup(name).unsubscribe()
    subscriptions.delete(name)
  },

  close() {
    consumer.disconnect()
  }
})

function lookup(name) {
  const subscription = subscriptions.get(name)
  if (!subscription) throw new Error(`no subscription named ${name}`)
  return subscription
}

emit('ready', { library: '@rails/actioncable', version: packageVersion('@rails/actioncable'), url })
consumer.connect()
