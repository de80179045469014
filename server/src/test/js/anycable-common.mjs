// What the @anycable/web interop scripts share: their logger (every log line becomes a `log`
// event, so a failing test shows what the client library was doing), disconnect reasons, and
// the `ready` event.
import { BaseLogger } from '@anycable/core'
import { emit, packageVersion } from './driver.mjs'

export class EventLogger extends BaseLogger {
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

/** The `reason` of a disconnect error, or null. */
export function reasonOf(err) {
  return err && err.reason !== undefined ? err.reason : null
}

/** Announces the script is ready, with the library versions it runs. */
export function emitReady(url) {
  emit('ready', {
    library: '@anycable/web',
    version: packageVersion('@anycable/web'),
    coreVersion: packageVersion('@anycable/core'),
    url
  })
}
