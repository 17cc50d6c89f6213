#!/usr/bin/env python3
"""Booking latency against the length of a customer's history (issue 11: "cost must not grow with
a customer's history"). One loyalty-server on a fresh SQLite file with the demo programme
(points expire after 365 days, a 365-day tier window); one customer's history is grown by booking
one order a day, and at 10, 100, 1,000 and 10,000 events the next 200 bookings are timed on one
keep-alive connection (client-side wall time per request). Prints p50/p99 per size and the ratio
of the p50 at 10,000 events to the p50 at 1,000 and at 10.

    python3 tests/bench/booking_history.py [build-dir] [program.json]
        (default build-ci and demo/examples/program.json)
"""
import http.client, json, os, re, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
build = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, "build-ci")
server = os.path.join(build, "demo/server/loyalty-server")
admin = "bench-admin-token-0123456789"
work = tempfile.mkdtemp(prefix="loyalty-history-")
log = open(os.path.join(work, "log"), "w+")
proc = subprocess.Popen([server, "--port", "0", "--db", os.path.join(work, "db.sqlite"),
                         "--program", sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "demo/examples/program.json"),
                         "--admin-token", admin, "--clock", "2026-06-01T12:00:00+03:00",
                         "--log-format", "json"], stdout=log, stderr=log)
try:
    port = None
    for _ in range(300):
        log.seek(0)
        m = re.search(r'"msg":"listening".*"port":(\d+)', log.read())
        if m:
            port = int(m.group(1))
            break
        time.sleep(0.05)
    if not port:
        sys.exit("the server did not start")
    conn = http.client.HTTPConnection("127.0.0.1", port)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + admin}
    booked = 0

    def book():
        global booked
        # One order a day from 1997-01-01, so 10,400 days end (2025-06) before the server's clock.
        at = time.strftime("%Y-%m-%dT12:00:00+03:00", time.gmtime(852076800 + booked * 86400))
        body = json.dumps({"customer_id": "c-long", "order_id": f"o-{booked}", "at": at,
                           "lines": [{"sku": "book", "price": 12345}]})
        t = time.perf_counter()
        conn.request("POST", "/api/loyalty/orders", body, headers)
        r = conn.getresponse()
        r.read()
        elapsed = time.perf_counter() - t
        if r.status != 201:
            sys.exit(f"booking {booked} answered {r.status}")
        booked += 1
        return elapsed * 1000

    results = {}
    for size in (10, 100, 1000, 10000):
        while booked < size:
            book()
        times = sorted(book() for _ in range(200))
        results[size] = (statistics.median(times), times[int(len(times) * 0.99) - 1])
        print(f"{size:>6} events: p50 {results[size][0]:.2f} ms, p99 {results[size][1]:.2f} ms", flush=True)
    print(f"p50 at 10,000 events / at 1,000: {results[10000][0] / results[1000][0]:.2f}, "
          f"/ at 10: {results[10000][0] / results[10][0]:.2f}; "
          f"load average {os.getloadavg()[0]:.1f}")
finally:
    proc.terminate()
    proc.wait()
    subprocess.run(["rm", "-rf", work])
