-- wrk sends bench/worst_day.py's mix: the pages read again and again, and every write once
-- (a write repeated would change nothing the second time and flatter the figure).
--
--   wrk -t2 -c200 -d300s --latency -s bench/worst_day.lua http://127.0.0.1:PORT -- REQUESTS THREADS EVERY THINK_MS
--
-- REQUESTS: a file of "LABEL<tab>METHOD<tab>PATH<tab>COOKIE<tab>BODY" lines. Every thread
-- reads all the GETs (the pages, taken in turn from a place of its own) and takes its share
-- of the POSTs (the writes: line n of them goes to thread n modulo THREADS). Each thread's
-- EVERY-th request is its next write while it has one left; after that it sends only reads.
-- LABEL goes out as the X-Bench-Label header, which gunicorn's access log records with the
-- status and the time each request took: bench/worst_day.py counts and times each page and
-- write from that log. THINK_MS: each connection pauses a random time (exponential, this
-- mean) before each request, as a person reads a page before the next click; 0 sends the
-- next request as soon as the last is answered.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } worst_day_timespec;
int clock_gettime(int clock_id, worst_day_timespec *now);
]])
local CLOCK_MONOTONIC = 1
local clock = ffi.new("worst_day_timespec")

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
reads, writes = {}, {}
next_read, next_write, counted, writes_count = 1, 1, 0, 0
reads_sent, writes_sent, first_sent, writes_out_at = 0, 0, 0, 0
local every, think, checked

function init(args)
  local share = tonumber(args[2])
  every, think = tonumber(args[3]), tonumber(args[4])
  -- wrk calls the first thread's request() once before the run, to check what it returns;
  -- that request is never sent, so it is not counted.
  checked = id ~= 0
  local write_index = 0
  for line in io.lines(args[1]) do
    local label, method, path, cookie, body = line:match("^([^\t]+)\t(%u+)\t([^\t]+)\t([^\t]*)\t(.*)$")
    local headers = { ["X-Bench-Label"] = label }
    for name, value in pairs(wrk.headers) do
      headers[name] = value -- Host, and the User-Agent and Accept-Language given with -H
    end
    if cookie ~= "" then
      headers.Cookie = cookie
    end
    if method == "POST" then
      if write_index % share == id then
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        writes[#writes + 1] = wrk.format(method, path, headers, body)
      end
      write_index = write_index + 1
    else
      reads[#reads + 1] = wrk.format(method, path, headers)
    end
  end
  writes_count = #writes
  -- Each thread starts its reads at a place of its own, so that they do not read in step.
  next_read = 1 + math.floor(id * #reads / share) % #reads
  math.randomseed(id + 1)
  if think == 0 then
    delay = nil -- wrk looks for delay() after init(): without it, no pause at all
  end
end

function delay()
  return -think * math.log(1 - math.random())
end

function request()
  if not checked then
    checked = true
    return reads[1]
  end
  if first_sent == 0 then
    first_sent = now()
  end
  counted = counted + 1
  if counted % every == 0 and next_write <= #writes then
    local prepared = writes[next_write]
    next_write, writes_sent = next_write + 1, writes_sent + 1
    if next_write > #writes then
      writes_out_at = now()
    end
    return prepared
  end
  local prepared = reads[next_read]
  next_read, reads_sent = next_read % #reads + 1, reads_sent + 1
  return prepared
end

function done(summary, latency, requests)
  local totals = { reads_sent = 0, writes_sent = 0, writes_left = 0 }
  local first, out = math.huge, math.huge
  for _, thread in ipairs(threads) do
    totals.reads_sent = totals.reads_sent + thread:get("reads_sent")
    totals.writes_sent = totals.writes_sent + thread:get("writes_sent")
    totals.writes_left = totals.writes_left + thread:get("writes_count") - thread:get("next_write") + 1
    if thread:get("first_sent") > 0 then
      first = math.min(first, thread:get("first_sent"))
    end
    if thread:get("writes_out_at") > 0 then
      out = math.min(out, thread:get("writes_out_at"))
    end
  end
  local errors = summary.errors
  io.write(
    string.format(
      "worst_day requests=%d seconds=%.3f p50=%.3f p90=%.3f p99=%.3f max=%.3f reads_sent=%d writes_sent=%d"
        .. " writes_left=%d writes_out_after=%.3f connect=%d read=%d write=%d timeout=%d status=%d\n",
      summary.requests,
      summary.duration / 1e6,
      latency:percentile(50.0) / 1000,
      latency:percentile(90.0) / 1000,
      latency:percentile(99.0) / 1000,
      latency.max / 1000,
      totals.reads_sent,
      totals.writes_sent,
      totals.writes_left,
      out < math.huge and out - first or -1,
      errors.connect,
      errors.read,
      errors.write,
      errors.timeout,
      errors.status
    )
  )
end
