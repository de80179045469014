# Rails Action Cable 6.1 standing alone (no Rails app): the comparison server of BENCHMARKS.md.
# Puma serves it; Action Cable uses its Redis adapter, as a production Rails app does.
#
#   GET  /cable       Action Cable (BenchChannel streams from "bench")
#   POST /_broadcast  {"stream":"bench","data":"<json>"}: ActionCable.server.broadcast(stream, data),
#                     the same body AnyCable's HTTP broadcaster takes, so `cablekit bench --via=http`
#                     drives both servers alike
#
# Environment: REDIS_URL (default redis://127.0.0.1:6390/1), CABLE_LOG_LEVEL (default warn).
require "logger"
require "json"
require "action_cable"

module ApplicationCable
  class Connection < ActionCable::Connection::Base
  end

  class Channel < ActionCable::Channel::Base
  end
end

class BenchChannel < ApplicationCable::Channel
  def subscribed
    stream_from "bench"
  end

  # `cablekit bench --via=action`: broadcasts what the client performed, as a chat would
  def broadcast(data)
    ActionCable.server.broadcast("bench", data)
  end
end

logger = Logger.new($stderr)
logger.level = ENV.fetch("CABLE_LOG_LEVEL", "warn").to_sym
ActionCable.server.config.logger = ActiveSupport::TaggedLogging.new(logger)
ActionCable.server.config.cable = {
  "adapter" => "redis",
  "url" => ENV.fetch("REDIS_URL", "redis://127.0.0.1:6390/1"),
}
ActionCable.server.config.connection_class = -> { ApplicationCable::Connection }
# no browser here: accept any Origin (the load generator sends none)
ActionCable.server.config.disable_request_forgery_protection = true

broadcast = lambda do |env|
  return [405, { "Content-Type" => "text/plain" }, ["POST only\n"]] unless env["REQUEST_METHOD"] == "POST"
  body = JSON.parse(env["rack.input"].read)
  data = body["data"]
  message =
    begin
      data.is_a?(String) ? JSON.parse(data) : data
    rescue JSON::ParserError
      data
    end
  ActionCable.server.broadcast(body.fetch("stream"), message)
  [201, { "Content-Length" => "0" }, []]
end

map("/cable") { run ActionCable.server }
map("/_broadcast") { run broadcast }
map("/") { run ->(_env) { [200, { "Content-Type" => "text/plain" }, ["Rails Action Cable #{ActionCable.version} bench app\n"]] } }
