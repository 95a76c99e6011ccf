#!/usr/bin/env python3
"""Change-to-visible latency: creates patents over HTTP and polls search until each is found.

usage: change_to_visible.py PORT TOKEN SAMPLES
"""
import json
import sys
import time
import urllib.parse
import urllib.request

port, token, samples = sys.argv[1], sys.argv[2], int(sys.argv[3])
base = f"http://127.0.0.1:{port}/api/v1"


def call(method, path, body=None):
    request = urllib.request.Request(base + path, method=method, data=json.dumps(body).encode() if body else None)
    request.add_header("authorization", f"Bearer {token}")
    request.add_header("content-type", "application/json")
    with urllib.request.urlopen(request) as response:
        return json.load(response)


latencies = []
for sample in range(samples):
    number = f"CN{900000000 + sample:09d}A"
    started = time.perf_counter()
    call("POST", "/patents", {"publication_number": number, "title": "一种用于测量可见延迟的装置"})
    committed = time.perf_counter()
    while True:
        found = call("GET", "/search/patents?" + urllib.parse.urlencode({"q": number, "highlight": "false"}))
        if found["total"] == 1:
            break
        time.sleep(0.002)
    latencies.append((time.perf_counter() - committed) * 1000)
latencies.sort()
p50 = latencies[len(latencies) // 2]
print(f"change to visible: p50 {p50:.0f} ms, max {latencies[-1]:.0f} ms over {samples} writes")
