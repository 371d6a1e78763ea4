# SPDX-License-Identifier: MIT
"""pagerctl web under bad requests and load, while a client keeps faulting
(pagerd -m 8, churn writing 12 pages, every write a fault): a malformed
request line, a 1 MiB header, a POST, another path, an event stream closed
mid-message, then 100 viewers reading the event stream at once. Throughout,
pagerctl web still answers, the daemon still answers pagerctl status within
a second, churn's fault count keeps growing at no less than a third of its
rate without viewers, and the daemon is polled at most 5 times a second (the
snapshot's seq), whatever the number of viewers. Then --bind: no token, 403;
the printed token, 200."""
import socket
import threading
import time

from webtest import Rig, args, fail


def raw(rig, data, read=True):
    s = socket.create_connection((rig.host, rig.port), timeout=10)
    try:
        s.sendall(data)
    except OSError:
        pass  # the server may close before taking it all
    out = b""
    if read:
        try:
            while True:
                b = s.recv(65536)
                if not b:
                    break
                out += b
        except OSError:
            pass
    s.close()
    return out


def fault_rate(rig, seconds):
    f0 = rig.stats()
    t0 = time.time()
    time.sleep(seconds)
    f1 = rig.stats()
    n = sum(f1[k] - f0[k] for k in f1 if k.startswith("faults_"))
    return n / (time.time() - t0)


def check_alive(rig, what):
    t0 = time.time()
    rig.pagerctl("status")
    if time.time() - t0 > 1:
        fail("pagerctl status took %.1f s %s" % (time.time() - t0, what))
    st, body = rig.get("/state.json")
    if st != 200 or not body.startswith(b'{"seq":'):
        fail("/state.json answered %d %r %s" % (st, body[:80], what))


def seq(rig):
    import json
    return json.loads(rig.get("/state.json")[1])["seq"]


def viewer(rig, results, i):
    try:
        s = socket.create_connection((rig.host, rig.port), timeout=20)
        s.sendall(b"GET /events HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (rig.host.encode(), rig.port))
        buf, n = b"", 0
        while n < 6:
            b = s.recv(65536)
            if not b:
                break
            buf += b
            n = buf.count(b"\ndata: ") + buf.startswith(b"data: ")
        s.close()
        results[i] = n >= 6 and b" 200 " in buf.split(b"\r\n")[0]
    except OSError:
        results[i] = False


def main():
    a = args()
    rig = Rig(a, frames=8, pages=12, delay_us=1000)
    try:
        base = fault_rate(rig, 1.5)
        if base < 50:
            fail("churn faults only %.0f times a second without viewers" % base)

        for bad in (b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9 x\r\n\r\n",
                    b"GET / HTTP/1.1\r\nno colon here\r\n\r\n", b"\x00\xff" * 100):
            r = raw(rig, bad)
            if r and not r.startswith(b"HTTP/1.1 4") and not r.startswith(b"HTTP/1.0 4"):
                fail("a malformed request %r got %r, not a 4xx or a close" % (bad[:20], r[:40]))
        check_alive(rig, "after a malformed request")
        r = raw(rig, b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n")
        if r and not (r.startswith(b"HTTP/1.1 431") or r.startswith(b"HTTP/1.1 413")):
            fail("a 1 MiB header got %r, not 431 or 413" % r[:40])
        check_alive(rig, "after a huge request")
        st, body = rig.get("/no/such/path")
        if st != 404:
            fail("another path got %d, not 404" % st)
        r = raw(rig, b"POST / HTTP/1.1\r\nHost: %s:%d\r\nContent-Length: 3\r\n\r\nabc"
                % (rig.host.encode(), rig.port))
        if not r.startswith(b"HTTP/1.1 405"):
            fail("a POST got %r, not 405" % r[:40])
        for _ in range(5):  # tabs closed mid-stream
            s = socket.create_connection((rig.host, rig.port), timeout=10)
            s.sendall(b"GET /events HTTP/1.1\r\nHost: %s:%d\r\n\r\n" % (rig.host.encode(), rig.port))
            s.recv(100)
            s.close()
        check_alive(rig, "after closed event streams")

        results = [None] * 100
        threads = [threading.Thread(target=viewer, args=(rig, results, i)) for i in range(100)]
        s0, t0 = seq(rig), time.time()
        for t in threads:
            t.start()
        loaded = fault_rate(rig, 1.5)
        check_alive(rig, "with 100 viewers")
        for t in threads:
            t.join(30)
        polls = (seq(rig) - s0) / (time.time() - t0)
        if results.count(True) != 100:
            fail("%d of 100 viewers got 6 events" % results.count(True))
        if loaded < base / 3:
            fail("churn faulted %.0f/s with 100 viewers, %.0f/s without" % (loaded, base))
        if polls > 5:
            fail("pagerd polled %.1f times a second with 100 viewers (at most 4 expected)" % polls)
        print("ok: %.0f faults/s alone, %.0f/s with 100 viewers; %.1f polls/s" % (base, loaded, polls))
    finally:
        rig.close()

    rig = Rig(a, frames=8, pages=4, web_args=("--bind", "127.0.0.2"))
    try:
        if not rig.query.startswith("?token=") or len(rig.query) != len("?token=") + 32:
            fail("--bind printed no token: %r" % rig.url)
        st, _ = rig.get("/state.json")
        if st != 403:
            fail("--bind without the token got %d, not 403" % st)
        st, _ = rig.get("/state.json?token=" + "0" * 32)
        if st != 403:
            fail("--bind with a wrong token got %d, not 403" % st)
        st, _ = rig.get("/state.json" + rig.query)
        if st != 200:
            fail("--bind with the printed token got %d, not 200" % st)
    finally:
        rig.close()


main()
