# SPDX-License-Identifier: MIT
"""What the web view's tests share: a private pagerd (service mode, no log),
pagerctl web on a free port, and churn (churn.c), a client that keeps
faulting and can be paused so that the daemon's state holds still."""
import argparse
import http.client
import json
import os
import re
import subprocess
import sys
import tempfile
import time


def args():
    p = argparse.ArgumentParser()
    p.add_argument("--pagerd", required=True)
    p.add_argument("--pagerctl", required=True)
    p.add_argument("--churn", required=True)
    return p.parse_args()


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


CHROMIUM = "/usr/bin/chromium"
DRIVER = "/usr/bin/chromedriver"


def browser():
    missing = [p for p in (CHROMIUM, DRIVER) if not os.access(p, os.X_OK)]
    if missing:
        fail("%s missing: install Debian's chromium and chromium-driver "
             "(scripts/install-deps)" % ", ".join(missing))
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        fail("selenium missing for %s: install Debian's python3-selenium" % sys.executable)
    o = webdriver.ChromeOptions()
    o.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,1000", "--no-proxy-server"):
        o.add_argument(flag)
    return webdriver.Chrome(service=Service(DRIVER), options=o)


def wait_for(what, cond, timeout=15):
    deadline = time.time() + timeout
    while time.time() < deadline:
        v = cond()
        if v:
            return v
        time.sleep(0.05)
    fail("timed out waiting for " + what)


class Rig:
    """pagerd -m FRAMES, pagerctl web, and one churn of PAGES pages. With
    log, the daemon writes its log in the pid form to self.log and pagerctl
    web serves it (--log)."""

    def __init__(self, a, frames=8, pages=12, delay_us=2000, web_args=(), log=False):
        self.a = a
        self.dir = tempfile.mkdtemp(prefix="pgd-web-")
        self.sock = os.path.join(self.dir, "sock")
        self.log = os.path.join(self.dir, "log") if log else None
        self.procs = []
        logging = ["--log", self.log, "--log-format", "pid"] if log else ["--no-log"]
        if log:
            web_args = list(web_args) + ["--log", self.log]
        self.daemon = self.start([a.pagerd] + logging + ["-m", str(frames), "--socket", self.sock])
        deadline = time.time() + 10
        while not os.path.exists(self.sock):
            if time.time() > deadline or self.daemon.poll() is not None:
                fail("pagerd did not create its socket " + self.sock)
            time.sleep(0.02)
        self.web = self.start([a.pagerctl, "--socket", self.sock, "web", "--port", "0"]
                              + list(web_args), stdout=subprocess.PIPE)
        line = self.web.stdout.readline().decode()
        m = re.search(r"http://([0-9.]+):([0-9]+)/(\S*)", line)
        if not m:
            fail("pagerctl web printed no address: %r" % line)
        self.host, self.port, self.query = m.group(1), int(m.group(2)), m.group(3)
        self.url = "http://%s:%d/%s" % (self.host, self.port, self.query)
        env = dict(os.environ, PAGERD_SOCKET=self.sock)
        self.churn = self.start([a.churn, str(pages), str(delay_us)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, env=env)
        line = self.churn.stdout.readline().decode()
        if not line.startswith("ready "):
            fail("churn did not start: %r" % line)
        self.pid = int(line.split()[1])

    def start(self, argv, **kw):
        p = subprocess.Popen(argv, **kw)
        self.procs.append(p)
        return p

    def pagerctl(self, *cmd):
        out = subprocess.run([self.a.pagerctl, "--socket", self.sock] + list(cmd),
                             capture_output=True, timeout=10)
        if out.returncode:
            fail("pagerctl %s: %s" % (" ".join(cmd), out.stderr.decode()))
        return out.stdout.decode()

    def frames(self):
        return json.loads(self.pagerctl("frames", "--json"))

    def stats(self):
        return json.loads(self.pagerctl("stats", "--json"))

    def pause(self):
        self.churn.stdin.write(b"p")
        self.churn.stdin.flush()
        if self.churn.stdout.readline().decode().strip() != "paused":
            fail("churn did not pause")

    def resume(self):
        self.churn.stdin.write(b"r")
        self.churn.stdin.flush()

    def get(self, path, timeout=10):
        c = http.client.HTTPConnection(self.host, self.port, timeout=timeout)
        c.request("GET", path)
        r = c.getresponse()
        body = r.read()
        c.close()
        return r.status, body

    def close(self):
        if self.churn.poll() is None:
            self.churn.stdin.close()
        for p in reversed(self.procs):
            if p.poll() is None and p is not self.churn:
                p.terminate()
        for p in self.procs:
            try:
                p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                p.kill()
                fail("%s did not end within 10 s of SIGTERM" % p.args[0])
