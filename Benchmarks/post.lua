-- wrk script: POST the JSON body in $BENCH_BODY (default Benchmarks/body.json, ~1 KB) to the URL,
-- with `Authorization: Bearer $BENCH_TOKEN` when that is set (the daemon's carrier key).
local f = assert(io.open(os.getenv("BENCH_BODY") or "Benchmarks/body.json", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
local token = os.getenv("BENCH_TOKEN")
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end
