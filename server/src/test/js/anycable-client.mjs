// Drives the real @anycable/web cable (built on @anycable/core) against a CableKit server. See
// driver.mjs for the command/event vocabulary. Usage: node anycable-client.mjs ws://127.0.0.1:PORT/cable
//
// No browser stubs are needed: @anycable/web only touches `document`/`window` when they exist
// (meta-tag URL discovery, activity listeners), and the WebSocket class is passed explicitly via
// the `websocketImplementation` option.
import { createCable } from '@anycable/web'
import { TrackedWebSocket, emit, run } from './driver.mjs'
import { EventLogger, emitReady, reasonOf } from './anycable-common.mjs'

const url = process.argv[2]
const cable = createCable(url, {
  websocketImplementation: TrackedWebSocket,
  logger: new EventLogger('debug'),
  protocol: 'actioncable-v1-json'
})

// Cable-level events: `connect` after a welcome; `disconnect` = lost, the monitor will reconnect;
// `close` = closed for good (disconnect with reconnect:false, or cable.disconnect()).
cable.on('connect', ev => emit('connected', { reconnect: Boolean(ev && ev.reconnect) }))
cable.on('disconnect', err => emit('disconnected', { reason: reasonOf(err), reconnect: true, state: cable.state }))
cable.on('close', err => emit('disconnected', { reason: reasonOf(err), reconnect: false, state: cable.state }))

const channels = new Map()

run({
  subscribe(name, channelName, params) {
    const channel = cable.subscribeTo(channelName, params)
    channels.set(name, channel)
    const identifier = channel.identifier
    channel.on('connect', () => emit('subscribed', { name, identifier }))
    channel.on('message', data => emit('received', { name, identifier, data }))
    channel.on('disconnect', err =>
      emit('channel_disconnected', { name, identifier, reason: reasonOf(err), reconnect: cable.state !== 'closed' })
    )
    channel.on('close', err =>
      emit('channel_closed', { name, identifier, reason: reasonOf(err), error: err ? err.name : null })
    )
    // ensureSubscribed() resolves on confirmation and rejects when the server rejects the
    // subscription (SubscriptionRejectedError) or the channel is closed.
    channel.ensureSubscribed().then(
      () => emit('subscribe_resolved', { name, identifier }),
      err => {
        if (err && err.name === 'SubscriptionRejectedError') {
          emit('rejected', { name, identifier, error: err.name, state: channel.state })
        } else {
          emit('subscribe_failed', { name, identifier, error: err ? `${err.name}: ${err.message}` : null })
        }
      }
    )
    emit('subscribing', { name, identifier })
  },

  async perform(name, action, data) {
    await lookup(name).perform(action, data)
  },

  unsubscribe(name) {
    lookup(name).disconnect()
    channels.delete(name)
  },

  close() {
    cable.disconnect()
  }
})

function lookup(name) {
  const channel = channels.get(name)
  if (!channel) throw new Error(`no subscription named ${name}`)
  return channel
}

emitReady(url)
cable.connect().catch(() => {})
