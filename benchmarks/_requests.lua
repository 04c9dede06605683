-- wrk script of the benchmarks: replays a file of requests, one a line: METHOD <tab> PATH <tab> SESSION <tab> BODY.
-- Each wrk thread takes every n-th line and sends its lines in turn (starting again at the end); a line with a
-- session sends it as a cookie with the CSRF cookie and header, as a logged-in browser does. The status codes of
-- all threads and the latency percentiles are printed at the end for benchmarks/_http.py to read.
local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  local path, thread_count, csrf = args[1], tonumber(args[2]), args[3]
  requests, statuses, sent = {}, {}, 0
  local line_number = 0
  local lines = {}
  for line in io.lines(path) do lines[#lines + 1] = line end
  -- Fewer lines than threads (a single GET, say): every thread sends them all; a thread without requests
  -- would leave its connections idle, which looked like a server stall.
  local share = #lines >= thread_count
  for _, line in ipairs(lines) do
    if not share or line_number % thread_count == id then
      local method, target, session, body = line:match("^([^\t]*)\t([^\t]*)\t([^\t]*)\t(.*)$")
      local headers = {}
      if session ~= "" then
        headers["Cookie"] = "csrftoken=" .. csrf .. "; sessionid=" .. session
        headers["X-CSRFToken"] = csrf
      end
      if body ~= "" then
        headers["Content-Type"] = "application/json"
      else
        body = nil
      end
      requests[#requests + 1] = wrk.format(method, target, headers, body)
    end
    line_number = line_number + 1
  end
end

function request()
  sent = sent + 1
  return requests[(sent - 1) % #requests + 1]
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local total = {}
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      total[status] = (total[status] or 0) + count
    end
  end
  for status, count in pairs(total) do
    io.write(string.format("status %d %d\n", status, count))
  end
  io.write(string.format("latency %.3f %.3f\n", latency:percentile(50) / 1000, latency:percentile(99) / 1000))
  io.write(string.format("done %d %d\n", summary.requests, summary.duration))
end
