-- wrk sends bench/writes_http.py's prepared requests, each once: a write repeated would change
-- nothing the second time and flatter the figure.
--
--   wrk -t2 -c4 -d10s --latency -s bench/writes_http.lua http://127.0.0.1:PORT -- REQUESTS THREADS STATUS
--
-- REQUESTS: a file of "METHOD<tab>PATH<tab>COOKIE<tab>BODY" lines (BODY form-encoded); wrk
-- thread n of THREADS sends lines n, n + THREADS, ... A thread whose share runs out sends
-- nothing more and stops once its last answer is in, so the rate is counted here over the time
-- from the first request to the last answer (wrk's own divides by the whole duration). STATUS:
-- the status every write answers with (302); any other is counted and fails the run.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } writes_http_timespec;
int clock_gettime(int clock_id, writes_http_timespec *now);
]])
local CLOCK_MONOTONIC = 1
local clock = ffi.new("writes_http_timespec")

local function now()
  ffi.C.clock_gettime(CLOCK_MONOTONIC, clock)
  return tonumber(clock.tv_sec) + tonumber(clock.tv_nsec) * 1e-9
end

-- setup() runs once per thread, in an environment of its own that done() shares.
local threads = {}

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

-- What each thread keeps; done() reads them with thread:get().
requests, next_request = {}, 1
sent, answered, unexpected, ran_out = 0, 0, 0, 0
first_sent, last_answered, odd_status = 0, 0, 0
local expected_status, checked

function init(args)
  local every = tonumber(args[2])
  expected_status = tonumber(args[3])
  -- wrk calls the first thread's request() once before the run, to check what it returns;
  -- that request is never sent, so it is not taken from the share.
  checked = id ~= 0
  local index = 0
  for line in io.lines(args[1]) do
    if index % every == id then
      local method, path, cookie, body = line:match("^(%u+)\t([^\t]+)\t([^\t]*)\t(.*)$")
      local headers = { Cookie = cookie, ["Content-Type"] = "application/x-www-form-urlencoded" }
      for name, value in pairs(wrk.headers) do
        headers[name] = value -- Host, and the User-Agent and Accept-Language given with -H
      end
      requests[#requests + 1] = wrk.format(method, path, headers, body)
    end
    index = index + 1
  end
end

function request()
  if not checked then
    checked = true
    return requests[1] or ""
  end
  if next_request > #requests then
    ran_out = 1
    if answered == sent then
      wrk.thread:stop()
    end
    return "" -- nothing is sent on this connection again
  end
  if sent == 0 then
    first_sent = now()
  end
  local prepared = requests[next_request]
  next_request, sent = next_request + 1, sent + 1
  return prepared
end

function response(status, headers, body)
  answered, last_answered = answered + 1, now()
  if status ~= expected_status then
    unexpected, odd_status = unexpected + 1, status
  end
  if ran_out == 1 and answered == sent then
    wrk.thread:stop()
  end
end

function done(summary, latency, requests_per_thread)
  local totals = { sent = 0, answered = 0, unexpected = 0, ran_out = 0, odd_status = 0 }
  local first, last = math.huge, 0
  for _, thread in ipairs(threads) do
    for name, _ in pairs(totals) do
      local value = thread:get(name)
      totals[name] = name == "odd_status" and math.max(totals[name], value) or totals[name] + value
    end
    if thread:get("sent") > 0 then
      first = math.min(first, thread:get("first_sent"))
      last = math.max(last, thread:get("last_answered"))
    end
  end
  local errors = summary.errors
  io.write(
    string.format(
      "writes_http sent=%d answered=%d unexpected=%d odd_status=%d ran_out=%d window=%.6f p50=%.3f p99=%.3f"
        .. " socket_errors=%d\n",
      totals.sent,
      totals.answered,
      totals.unexpected,
      totals.odd_status,
      totals.ran_out,
      math.max(last - first, 0),
      latency:percentile(50.0) / 1000,
      latency:percentile(99.0) / 1000,
      errors.connect + errors.read + errors.write + errors.timeout
    )
  )
end
