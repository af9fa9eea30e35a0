-- wrk script: POST /inject, rotating through the corpus bodies listed in mix.txt.
-- Usage: wrk ... -s wrk-corpus.lua https://127.0.0.1:P -- <corpus dir> [<list file in that dir, default mix.txt>]
-- Each thread pre-formats every request once, so the per-request cost in wrk is a table lookup.
-- done() prints one JSON line prefixed "WRK_JSON " that load/lib/report.py reads.

local requests = {}
local next_index = 1

local function read_file(path)
  local f = assert(io.open(path, "rb"), "cannot open " .. path)
  local body = f:read("*a")
  f:close()
  return body
end

function init(args)
  local dir = args[1] or "load/corpus/out"
  local headers = {
    ["Content-Type"] = "application/json",
    ["Accept"] = "application/json, */*",
    ["User-Agent"] = "kube-apiserver-admission",
  }
  local list = args[2] or "mix.txt"
  for name in io.lines(dir .. "/" .. list) do
    if name ~= "" then
      requests[#requests + 1] = wrk.format("POST", "/inject?timeout=10s", headers, read_file(dir .. "/" .. name))
    end
  end
  assert(#requests > 0, list .. " lists no bodies")
  -- Threads start at different offsets so the mix is even over short runs too.
  next_index = (math.random(1, #requests))
end

function request()
  local r = requests[next_index]
  next_index = next_index % #requests + 1
  return r
end

function done(summary, latency, _)
  local e = summary.errors
  local p = {}
  for _, q in ipairs({ 50, 90, 99, 99.9 }) do
    p[#p + 1] = string.format('"%s":%d', tostring(q), latency:percentile(q))
  end
  io.write(string.format(
    'WRK_JSON {"requests":%d,"duration_us":%d,"bytes":%d,"errors":{"connect":%d,"read":%d,"write":%d,"status":%d,"timeout":%d},"latency_us":{%s},"max_us":%d,"mean_us":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status, e.timeout,
    table.concat(p, ","), latency.max, latency.mean))
end
