#!/usr/bin/env python3
"""Side-by-side benchmarks of SmartGate against Hummingbird 2 references, driven by wrk.

Run by `make bench` (Benchmarks/bench.sh builds everything and starts a throwaway PostgreSQL);
see Docs/benchmarks.md. Three parts, each printing a markdown table:

  http  SmartGate's HTTPServer (smartgate-http-bench) against hummingbird-reference without a
        database: GET /health, and POST /v1/declarations decoding a ~1 KB JSON body (201), with
        Foundation's JSONDecoder in both, then with SmartGate's own JSON parser on its side.
  db    the real daemon (`smartgate serve`, POST /v1/declarations: bearer key, full validation,
        group commit) against hummingbird-reference with DATABASE_URL (postgres-nio, one
        transaction per request into the same tables), with synchronous_commit on; once with
        the throwaway cluster's fsync=off and once with fsync=on (ALTER SYSTEM + reload).
  idle  10,000 idle keep-alive connections to the daemon: its RSS before and after.

Servers are started once and wrk runs against them in turn, interleaved over several rounds
(the order alternates every round) so that the machine's noise hits both; the figures are
medians over the rounds and the ratios are of those medians.
"""
import argparse
import json
import os
import re
import resource
import socket
import statistics
import subprocess
import sys
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
LUA = os.path.join(BENCH_DIR, "post.lua")
DAEMON_HEALTH = "/health/live"  # the daemon's liveness route (inline on the I/O thread)


def log(*args):
    print(*args, file=sys.stderr, flush=True)


def wait_http(port, path="/health", timeout=60):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            s = socket.create_connection(("127.0.0.1", port), timeout=1)
            s.sendall(f"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".encode())
            if s.recv(64).startswith(b"HTTP/1.1 200"):
                s.close()
                return
            s.close()
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not answer {path} with 200")


def start(cmd, env, port, logfile, ready="/health"):
    out = open(logfile, "ab")
    proc = subprocess.Popen(cmd, env=dict(os.environ, **env), stdout=out, stderr=out)
    try:
        wait_http(port, ready)
    except SystemExit:
        proc.terminate()
        raise
    return proc


def stop(proc):
    if proc and proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def to_ms(text):
    value, unit = re.match(r"([\d.]+)(\w+)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


BENCH_COMMS = ("wrk", "postgres", "smartgate", "hummingbird-ref", "smartgate-http-", "python3")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def busy_ticks():
    """user + nice + system of the whole machine (irq, softirq and steal are in no process)."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return fields[0] + fields[1] + fields[2]


def steal_ticks():
    """Time the hypervisor gave this VM's virtual CPUs to someone else (/proc/stat's steal)."""
    with open("/proc/stat") as f:
        return int(f.readline().split()[8])


def bench_process_ticks():
    """{pid: (comm, utime + stime)} of the benchmark's processes and of kernel threads."""
    ticks = {}
    for pid in os.listdir("/proc"):
        if not pid.isdigit():
            continue
        try:
            with open(f"/proc/{pid}/stat") as f:
                text = f.read()
        except OSError:
            continue
        comm = text[text.index("(") + 1:text.rindex(")")]
        rest = text[text.rindex(")") + 2:].split()
        # Ours, and kernel threads (children of kthreadd: loopback softirq work, writeback).
        if comm.startswith(BENCH_COMMS) or rest[1] == "2" or pid == "2":
            ticks[pid] = (comm if comm.startswith(BENCH_COMMS) else "kernel", int(rest[11]) + int(rest[12]))
    return ticks


def idle_ticks():
    """idle + iowait of the whole machine."""
    with open("/proc/stat") as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return fields[3] + fields[4]


# Where a request's CPU went, by process: the server under test, PostgreSQL (its backends and
# background processes), wrk (counted from this script's children) and kernel threads.
CPU_GROUPS = (("server", ("smartgate", "hummingbird-ref", "smartgate-http-")), ("postgres", ("postgres",)),
              ("wrk", ("wrk",)), ("kernel", ("kernel",)))


def wrk(url, connections, duration, threads, post=False, env=None):
    """Runs wrk; also measures how much CPU user processes outside the benchmark took meanwhile
    (`other_cpu`: share of the machine's cores), since this machine is shared."""
    busy0, procs0, children0 = busy_ticks(), bench_process_ticks(), resource.getrusage(resource.RUSAGE_CHILDREN)
    steal0, idle0 = steal_ticks(), idle_ticks()
    result = _wrk(url, connections, duration, threads, post, env)
    steal1, idle1 = steal_ticks(), idle_ticks()
    busy1, procs1, children1 = busy_ticks(), bench_process_ticks(), resource.getrusage(resource.RUSAGE_CHILDREN)
    # The VM's speed changes with its host's load; steal says how much CPU the host kept.
    result["steal"] = (steal1 - steal0) / CLOCK_TICKS / (duration * os.cpu_count())
    result["idle"] = (idle1 - idle0) / CLOCK_TICKS / (duration * os.cpu_count())
    # Bench processes started meanwhile (new PostgreSQL backends) count whole.
    spent = {p: procs1[p][1] - (procs0[p][1] if p in procs0 else 0) for p in procs1}
    ours = sum(spent.values())
    # Microseconds of CPU a request, by group (wrk's threads are its own; the idle server's
    # share is ~0, as both servers run throughout).
    answered = max(1, result["requests"])
    result["cpu_us"] = {group: sum(t for p, t in spent.items() if procs1[p][0].startswith(prefixes)) / CLOCK_TICKS * 1e6 / answered
                        for group, prefixes in CPU_GROUPS}
    # The busiest PostgreSQL process (the group committer's backend for SmartGate): a single process
    # cannot go past one core, so its share says how close the server is to that ceiling.
    result["busiest_pg"] = max((t for p, t in spent.items() if procs1[p][0].startswith("postgres")), default=0) / CLOCK_TICKS / duration
    # wrk is this script's child, gone by the second look at /proc: its time is in the children's rusage.
    result["cpu_us"]["wrk"] += ((children1.ru_utime + children1.ru_stime) - (children0.ru_utime + children0.ru_stime)) * 1e6 / answered
    ours += ((children1.ru_utime + children1.ru_stime) - (children0.ru_utime + children0.ru_stime)) * CLOCK_TICKS
    other = max(0.0, (busy1 - busy0) - ours) / CLOCK_TICKS
    result["other_cpu"] = other / (duration * os.cpu_count())
    return result


def _wrk(url, connections, duration, threads, post=False, env=None):
    cmd = ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency"]
    if post:
        cmd += ["-s", LUA]
    cmd.append(url)
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, env=dict(os.environ, **(env or {}))).stdout
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M)
    total = re.search(r"(\d+) requests in", out)
    if not (rps and p50 and p99 and total):
        raise SystemExit(f"unexpected wrk output for {url}:\n{out}")
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    sock = re.search(r"Socket errors: (.*)", out)
    return {
        "cmd": " ".join(cmd),
        "rps": float(rps.group(1)),
        "p50": to_ms(p50.group(1)),
        "p99": to_ms(p99.group(1)),
        "requests": int(total.group(1)),
        "non2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sock.group(1).strip() if sock else "",
    }


def interleave(label, targets, args, before_each=None):
    """targets: [(name, url, post, env)]; returns {name: [result per round]}."""
    results = {name: [] for name, *_ in targets}
    for name, url, post, env in targets:  # warm-up, not counted
        wrk(url, args.connections, args.warmup, args.threads, post, env)
    for r in range(args.rounds):
        order = targets if r % 2 == 0 else list(reversed(targets))
        for name, url, post, env in order:
            if before_each:
                before_each(name)
            res = wrk(url, args.connections, args.duration, args.threads, post, env)
            results[name].append(res)
            cpu = res["cpu_us"]
            bad = (f"  CPU/req server {cpu['server']:.0f} pg {cpu['postgres']:.0f} wrk {cpu['wrk']:.0f} kernel {cpu['kernel']:.0f} us"
                   f"  idle {100 * res['idle']:.0f}%  busiest pg process {100 * res['busiest_pg']:.0f}% of a core")
            bad += f"  other processes {100 * res['other_cpu']:.0f}% CPU  steal {100 * res['steal']:.0f}%"
            bad += f"  non-2xx {res['non2xx']}" if res["non2xx"] else ""
            bad += f"  socket errors: {res['socket_errors']}" if res["socket_errors"] else ""
            log(f"round {r + 1}/{args.rounds} {label:24} {name:12} {res['rps']:10.0f} req/s  "
                f"p50 {res['p50']:7.2f} ms  p99 {res['p99']:7.2f} ms{bad}")
            if res["non2xx"] or res["socket_errors"]:
                log(f"  warning: {name} answered errors: the figures of this run are not comparable")
    return results


def median(runs, key):
    return statistics.median(run[key] for run in runs)


def table(title, rows, notes=()):
    """rows: [(label, sg_runs, hb_runs)]"""
    lines = [f"### {title}", "",
             "| case | SmartGate req/s | Hummingbird req/s | ratio | SmartGate p99 ms | Hummingbird p99 ms | SmartGate p50 ms | Hummingbird p50 ms | errors (SG/HB) |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---|"]
    summary = []
    for label, sg, hb in rows:
        s_rps, h_rps = median(sg, "rps"), median(hb, "rps")
        s99, h99 = median(sg, "p99"), median(hb, "p99")
        s50, h50 = median(sg, "p50"), median(hb, "p50")
        errors = f"{sum(r['non2xx'] for r in sg)}/{sum(r['non2xx'] for r in hb)}"
        lines.append(f"| {label} | {s_rps:.0f} | {h_rps:.0f} | {s_rps / h_rps:.2f}x | {s99:.2f} | {h99:.2f} | {s50:.2f} | {h50:.2f} | {errors} |")
        summary.append({"case": label, "sg_rps": s_rps, "hb_rps": h_rps, "ratio": s_rps / h_rps,
                        "sg_p99": s99, "hb_p99": h99, "sg_p50": s50, "hb_p50": h50,
                        "sg_runs": sg, "hb_runs": hb})
    lines.append("")
    for label, sg, hb in rows:
        lines.append(f"- {label}, req/s per round: SmartGate " + ", ".join(f"{r['rps']:.0f}" for r in sg)
                     + "; Hummingbird " + ", ".join(f"{r['rps']:.0f}" for r in hb))
    for label, sg, hb in rows:
        def cpu(runs):
            return ", ".join(f"{name} {statistics.median(r['cpu_us'][name] for r in runs):.0f}" for name, _ in CPU_GROUPS)
        lines.append(f"- {label}, CPU a request in µs (medians of the rounds): SmartGate {cpu(sg)}; Hummingbird {cpu(hb)}; "
                     f"idle share of the machine: SmartGate {100 * median(sg, 'idle'):.0f}%, Hummingbird {100 * median(hb, 'idle'):.0f}%; "
                     f"busiest PostgreSQL process: SmartGate {100 * median(sg, 'busiest_pg'):.0f}% of a core, Hummingbird {100 * median(hb, 'busiest_pg'):.0f}%")
    for label, sg, hb in rows:
        worst = max(r["other_cpu"] for r in sg + hb)
        lines.append(f"- {label}: CPU taken by processes outside the benchmark, worst run: {100 * worst:.0f}% of the machine")
        steal = [round(100 * r["steal"]) for r in sg + hb]
        lines.append(f"- {label}: CPU the hypervisor kept from this VM (steal), per run, SmartGate's then the reference's: "
                     f"{', '.join(f'{x}%' for x in steal)}")
    lines += list(notes)
    print("\n".join(lines) + "\n", flush=True)
    return summary


def rss_kb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def psql(url, sql):
    return subprocess.run(["psql", url, "-Atqc", sql], capture_output=True, text=True, check=True).stdout.strip()


# --- parts -----------------------------------------------------------------------------------

def part_http(args):
    sg_port, hb_port = args.port_base, args.port_base + 1
    sg = start([args.sg_http], {"PORT": str(sg_port)}, sg_port, args.log)
    hb = start([args.hb], {"PORT": str(hb_port)}, hb_port, args.log)
    try:
        health = interleave("GET /health", [
            ("smartgate", f"http://127.0.0.1:{sg_port}/health", False, None),
            ("hummingbird", f"http://127.0.0.1:{hb_port}/health", False, None)], args)
        env = {"BENCH_BODY": os.path.join(BENCH_DIR, "body.json")}
        post = interleave("POST (decode, 201)", [
            ("smartgate", f"http://127.0.0.1:{sg_port}/v1/declarations", True, env),
            ("hummingbird", f"http://127.0.0.1:{hb_port}/v1/declarations", True, env)], args)
        # The same decode registered `blocking: false`, so it runs on the I/O thread as
        # Hummingbird runs its handler on its event loop: no worker hop either side.
        inline = interleave("POST inline (decode, 201)", [
            ("smartgate", f"http://127.0.0.1:{sg_port}/v1/declarations-inline", True, env),
            ("hummingbird", f"http://127.0.0.1:{hb_port}/v1/declarations", True, env)], args)
        # SmartGate's stack as the daemon runs it: its own JSON parser builds the same structs
        # (Hummingbird's stays Foundation's JSONDecoder, its request.decode).
        parser = interleave("POST with SmartGate's JSON parser (decode, 201)", [
            ("smartgate", f"http://127.0.0.1:{sg_port}/v1/declarations-parser", True, env),
            ("hummingbird", f"http://127.0.0.1:{hb_port}/v1/declarations", True, env)], args)
    finally:
        stop(sg)
        stop(hb)
    return table(f"HTTP server, {args.connections} connections (median of {args.rounds} rounds of {args.duration} s)", [
        ("GET /health", health["smartgate"], health["hummingbird"]),
        ("POST /v1/declarations, 1 KB JSON decoded, 201 (SmartGate: on its worker pool)", post["smartgate"], post["hummingbird"]),
        ("POST, the same decode (SmartGate: inline on the I/O thread)", inline["smartgate"], inline["hummingbird"]),
        ("POST, each stack's own decoder (SmartGate: its JSON parser, on its worker pool)", parser["smartgate"], parser["hummingbird"])])


def part_db(args):
    sg_port, hb_port = args.port_base + 2, args.port_base + 3
    daemon_env = {"SMARTGATE_DATABASE_URL": args.database_url, "SMARTGATE_HTTP_HOST": "127.0.0.1",
                  "SMARTGATE_HTTP_PORT": str(sg_port), "SMARTGATE_PARTNER_PORT": str(args.port_base + 4)}
    sg = start([args.daemon, "serve"], daemon_env, sg_port, args.log, ready=DAEMON_HEALTH)
    hb = start([args.hb], {"PORT": str(hb_port), "DATABASE_URL": args.database_url,
                           "REFERENCE_TX": args.reference_tx, "PG_POOL": str(args.reference_pool)}, hb_port, args.log)
    summaries = []
    try:
        env_sg = {"BENCH_BODY": args.body, "BENCH_TOKEN": args.token}
        env_hb = {"BENCH_BODY": args.body}
        for fsync in args.fsync:
            psql(args.database_url, f"ALTER SYSTEM SET fsync = {fsync}")
            psql(args.database_url, f"ALTER SYSTEM SET full_page_writes = {fsync}")
            psql(args.database_url, "SELECT pg_reload_conf()")
            time.sleep(1)
            shown = psql(args.database_url, "SELECT current_setting('fsync') || '/' || current_setting('synchronous_commit')")
            log(f"PostgreSQL fsync/synchronous_commit: {shown}")
            rows_before = {}

            def checkpoint(name):
                # As pgbench does before a run: the previous rounds' rows are vacuumed now, not by an
                # autovacuum worker inside a later round, where on 2 cores it takes CPU from the
                # server being measured (the fsync=on part follows 300,000 rows of fsync=off).
                # Then a checkpoint, so that no round pays for another's dirty pages.
                if args.vacuum:
                    psql(args.database_url, "VACUUM")
                psql(args.database_url, "CHECKPOINT")

            res = interleave(f"POST declarations fsync={fsync}", [
                ("smartgate", f"http://127.0.0.1:{sg_port}/v1/declarations", True, env_sg),
                ("hummingbird", f"http://127.0.0.1:{hb_port}/v1/declarations", True, env_hb)], args, checkpoint)
            rows = [(f"POST /v1/declarations (fsync={fsync})", res["smartgate"], res["hummingbird"])]
            if args.green_body:
                # The same POST with a green declaration: SmartGate also releases it at once (the
                # release trigger, the manifest feed), which the red one never reaches; the
                # reference stores it as it stores any.
                green_sg = {"BENCH_BODY": args.green_body, "BENCH_TOKEN": args.token}
                green = interleave(f"POST green declarations fsync={fsync}", [
                    ("smartgate", f"http://127.0.0.1:{sg_port}/v1/declarations", True, green_sg),
                    ("hummingbird", f"http://127.0.0.1:{hb_port}/v1/declarations", True, {"BENCH_BODY": args.green_body})],
                    args, checkpoint)
                released = psql(args.database_url, "SELECT count(*) FROM manifest_feed")
                log(f"released so far (manifest feed): {released}")
                rows.append((f"POST /v1/declarations, green lane, released at once (fsync={fsync})", green["smartgate"], green["hummingbird"]))
            counts = psql(args.database_url, """
                SELECT string_agg(c.name || '=' || n, ' ') FROM
                  (SELECT carrier_id, count(*) AS n FROM declarations GROUP BY carrier_id) d
                  JOIN carriers c ON c.id = d.carrier_id""")
            goods = psql(args.database_url, "SELECT count(*) FROM declaration_goods")
            answered = {name: sum(r["requests"] - r["non2xx"] for r in runs) for name, runs in res.items()}
            log(f"rows so far: declarations per carrier {counts}; goods lines {goods}; "
                f"201s counted by wrk this part (without warm-ups): {answered}")
            summaries += table(
                f"Declarations into PostgreSQL, fsync={fsync}, synchronous_commit=on, {args.connections} connections "
                f"(median of {args.rounds} rounds of {args.duration} s)",
                rows,
                [f"- rows in the database after this part: declarations per carrier {counts}; goods lines {goods}"])
        stats = metrics(sg_port)
        if stats:
            print("The daemon's group-commit counters at the end, warm-ups included (from /metrics):\n\n```\n" + stats + "\n```\n")
        idle = part_idle(args, sg_port, sg.pid) if args.idle else None
    finally:
        stop(sg)
        stop(hb)
    return summaries, idle


def metrics(port):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n")
        data = b""
        while chunk := s.recv(65536):
            data += chunk
        s.close()
        text = data.decode("utf-8", "replace")
        return "\n".join(l for l in text.splitlines() if ("declaration_commit" in l or "declarations_committed" in l) and not l.startswith("#"))
    except OSError:
        return ""


def part_idle(args, port, pid):
    count = args.idle
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, count + 1000)), hard))
    time.sleep(1)
    before = rss_kb(pid)
    socks = []
    request = f"GET {DAEMON_HEALTH} HTTP/1.1\r\nHost: localhost\r\n\r\n".encode()
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(request)
        socks.append(s)
    answered = 0
    for s in socks:
        s.settimeout(30)
        if s.recv(4096).startswith(b"HTTP/1.1 200"):
            answered += 1
    time.sleep(2)
    after = rss_kb(pid)
    open_conns = sum(1 for s in socks if s.fileno() >= 0)
    # Still held? A second request on the first and the last connections must be answered.
    alive = 0
    for s in (socks[0], socks[-1]):
        s.sendall(request)
        alive += s.recv(4096).startswith(b"HTTP/1.1 200")
    for s in socks:
        s.close()
    result = {"count": count, "answered": answered, "open": open_conns, "alive_checks": alive,
              "rss_before_mb": before / 1024, "rss_after_mb": after / 1024}
    print("### Idle keep-alive connections to the daemon (`smartgate serve`)\n\n"
          "| connections | answered a first request | still answering after 2 s | daemon RSS before | daemon RSS with them open |\n"
          "|---:|---:|---:|---:|---:|\n"
          f"| {count} | {answered} | {alive}/2 checked | {before / 1024:.1f} MB | {after / 1024:.1f} MB |\n", flush=True)
    return result


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("parts", nargs="+", choices=["http", "db"])
    ap.add_argument("--sg-http", default=".build-bench/release/smartgate-http-bench")
    ap.add_argument("--hb", default=".build-bench/release/hummingbird-reference")
    ap.add_argument("--daemon", default=".build/release/smartgate")
    ap.add_argument("--database-url")
    ap.add_argument("--token", help="the daemon's carrier key (last line of `smartgate carrier add`)")
    ap.add_argument("--body", help="a valid declaration (Benchmarks/declaration_body.py)")
    ap.add_argument("--green-body", help="a declaration given the green lane (declaration_body.py --green): released at once")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--duration", type=int, default=10)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--idle", type=int, default=10000)
    ap.add_argument("--fsync", nargs="+", default=["off", "on"], choices=["off", "on"])
    ap.add_argument("--reference-tx", default="statement", choices=["statement", "explicit"])
    ap.add_argument("--reference-pool", type=int, default=16)
    ap.add_argument("--vacuum", type=int, default=1, choices=[0, 1], help="VACUUM before each declaration round (1)")
    ap.add_argument("--port-base", type=int, default=18080)
    ap.add_argument("--log", default=".build-bench/bench-servers.log")
    ap.add_argument("--json", help="also write every run's figures here")
    args = ap.parse_args()

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    open(args.log, "wb").close()
    everything = {}
    if "http" in args.parts:
        everything["http"] = part_http(args)
    if "db" in args.parts:
        if not (args.database_url and args.token and args.body):
            raise SystemExit("db needs --database-url, --token and --body")
        everything["db"], everything["idle"] = part_db(args)
    if args.json:
        with open(args.json, "w") as f:
            json.dump(everything, f, indent=1)


if __name__ == "__main__":
    main()
