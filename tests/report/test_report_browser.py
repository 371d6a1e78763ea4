# SPDX-License-Identifier: MIT
"""The step-through report (pgd-run --html) as a person uses it, in headless
Chromium (Debian's chromium and chromium-driver, python3-selenium; the
browser set-up is the live view's, tests/web/webtest.py).

  deltas REPORT_DELTAS    runs report_deltas (its report and the machine's
      own view after each call, EXPECTED); at every step, reached by
      stepping and by seeking back and forth across keyframes, the report's
      state (frames, order, swap, PTEs) is the machine's own (EXPECTED).
  hand PGD-RUN SCRIPT     workloads/cow-child.pgd: clicking "next" k times
      highlights the k-th pager call of pgd-run's log, and at the fork and
      at the child's copy-on-write fault the grid and page tables show what
      docs/semantics.md says (worked out in the comments); saves report.png.
      The same script under a real pagerd, traced and replayed with --html,
      shows the same state at every step.
  big PGD-RUN             a 100,000-call run: size of the file, time to open
      and to seek to the middle and the end.
"""
import json
import os
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "web"))
from webtest import browser, fail, wait_for  # noqa: E402


def open_report(d, path, timeout=30):
    t = time.time()
    d.get("file://" + os.path.abspath(path))
    ready = wait_for("the report to load", lambda: d.execute_script(
        "return document.body.dataset.ready"), timeout)
    if ready != "1":
        fail("%s: %s" % (path, d.find_element("id", "error").text))
    return time.time() - t


# The report's state at step k, as the machine's dump and PTE lists.
STATE_AT = """
var st = window.pgdReport.player.seek(arguments[0]), ptes = {};
Object.keys(st.ptes).forEach(function (pid) {
  var t = st.ptes[pid], v = [];
  Object.keys(t).forEach(function (vp) {
    var p = t[vp]; v[vp - st.vpage0] = [p.ppage, p.r ? 1 : 0, p.w ? 1 : 0];
  });
  ptes[pid] = v;
});
return JSON.stringify({dump: Object.assign({frames: st.frames}, st.rest), ptes: ptes});
"""


def deltas(d, report_deltas):
    report, expected = "deltas.html", "deltas.jsonl"
    subprocess.run([report_deltas, report, expected], check=True)
    want = [json.loads(line) for line in open(expected)]
    open_report(d, report)
    n = int(d.find_element("id", "nsteps").text) + 1
    if n != len(want):
        fail("report has %d steps, the machine made %d pager calls (+ vm_init)" % (n, len(want)))
    if n < 600:
        fail("report_deltas made %d steps: too few for three keyframes" % n)
    order = list(range(n)) + [n - 1, 300, 257, 256, 255, 511, 0, 512, 513, 1, n // 2]
    for k in order:
        got = json.loads(d.execute_script(STATE_AT, k))
        if got != want[k]:
            fail("step %d: report shows %s\nmachine: %s" % (k, got, want[k]))
    print("deltas: %d steps equal the machine's view, stepping and seeking" % n)


def cell(d, frame):
    c = d.find_element("css selector", '#grid .frame[data-frame="%d"]' % frame)
    return {"state": c.get_attribute("data-state"),
            "owners": [o.text for o in c.find_elements("css selector", ".owner")],
            "marks": [m.text for m in c.find_elements("css selector", ".mark")],
            "hand": "hand" in c.get_attribute("class").split()}


def ptable(d, pid):
    d.execute_script("var s = document.getElementById('pid'); s.value = arguments[0];"
                     "s.dispatchEvent(new Event('change'));", str(pid))
    return [[td.text for td in tr.find_elements("css selector", "td")]
            for tr in d.find_elements("css selector", "#pagetable tr[data-vpage]")]


def expect(what, got, want):
    if got != want:
        fail("%s: shown %r, expected %r" % (what, got, want))


def hand(d, pgd_run, script):
    log = subprocess.run([pgd_run, "--html", "report.html", script], check=True,
                         capture_output=True, text=True).stdout
    calls = [l for l in log.split("\n") if re.match(r"vm_(create|switch|map|fault)\t|vm_destroy$", l)]
    open_report(d, "report.html")
    n = int(d.find_element("id", "nsteps").text)
    expect("steps", n, len(calls))
    nxt = d.find_element("id", "next")
    for k in range(1, n + 1):
        nxt.click()
        expect("step number after %d clicks" % k, d.find_element("id", "step").text, str(k))
        hl = [e.text for e in d.find_elements("css selector", "#log .logline.hl")]
        expect("highlighted line at step %d" % k, [h.split() for h in hl], [calls[k - 1].split()])
        if k == 5:
            # vm_create(1001, 1002): rule 12 shares page 0x60000 copy-on-write.
            # It was zero-filled on 1001's write (step 4) into frame 1, the
            # first free frame (rule 3), swap block 0, referenced and dirty,
            # and is the clock's only frame, so the hand (rule 4). Parent
            # and child map it read-only (rules 8 and 12).
            expect("frame 1 at the fork", cell(d, 1), {"state": "swap", "owners":
                   ["1001:0x60000", "1002:0x60000"], "marks": ["R", "D"], "hand": True})
            expect("frame 2 at the fork", cell(d, 2)["state"], "free")
            expect("1001's table at the fork", ptable(d, 1001),
                   [["0x60000", "1", "swap", "0", "r", "d", "r"]])
            expect("1002's table at the fork", ptable(d, 1002),
                   [["0x60000", "1", "swap", "0", "r", "d", "r"]])
        if k == 7:
            # 1002's write fault: the writer is split off (rule 7) into the
            # next free frame, 2, with its own block 1 (rule 12: the child's
            # blocks come after the parent's), enters the clock at the tail
            # (rule 4), dirty; 1001, left the only owner of the resident,
            # referenced and dirty frame 1, gets rw back at once (rule 12).
            expect("frame 1 after the split", cell(d, 1), {"state": "swap", "owners":
                   ["1001:0x60000"], "marks": ["R", "D"], "hand": True})
            expect("frame 2 after the split", cell(d, 2), {"state": "swap", "owners":
                   ["1002:0x60000"], "marks": ["R", "D"], "hand": False})
            expect("1001's table after the split", ptable(d, 1001),
                   [["0x60000", "1", "swap", "0", "r", "d", "rw"]])
            expect("1002's table after the split", ptable(d, 1002),
                   [["0x60000", "2", "swap", "1", "r", "d", "rw"]])
            d.save_screenshot("report.png")
    # The keyboard: left arrow one step back, Home the first, End the last.
    from selenium.webdriver.common.keys import Keys
    body = d.find_element("tag name", "body")
    for key, want in ((Keys.ARROW_LEFT, n - 1), (Keys.HOME, 0), (Keys.ARROW_RIGHT, 1), (Keys.END, n)):
        body.send_keys(key)
        expect("step after a key", d.find_element("id", "step").text, str(want))
    # The same script run by real client processes of a private pagerd,
    # traced, and the trace replayed into a report: replay numbers the
    # processes as the in-process run does, so every step's state is equal.
    direct = [d.execute_script(STATE_AT, k) for k in range(n + 1)]
    subprocess.run([pgd_run, "--trace", "daemon.trace", "--log", "daemon.log", script], check=True)
    subprocess.run([pgd_run, "--replay", "daemon.trace", "--html", "replay.html", "--log",
                    "replay.log"], check=True)
    open_report(d, "replay.html")
    expect("steps of the replayed daemon trace", int(d.find_element("id", "nsteps").text), n)
    for k in range(n + 1):
        expect("replayed state at step %d" % k, d.execute_script(STATE_AT, k), direct[k])
    print("hand: %d steps, each highlighting its call; fork and split as worked out; "
          "the daemon run's replayed trace shows the same" % n)


def big(d, pgd_run):
    # 40 swap pages written round-robin on 16 frames: every write faults.
    lines = ["memory 16", "swap 64", "process"] + ["\tmap p%d swap" % i for i in range(40)]
    lines += ["\twrite p%d %d" % (i % 40, i % 256) for i in range(100000)] + ["end", ""]
    with open("big.pgd", "w") as f:
        f.write("\n".join(lines))
    t = time.time()
    subprocess.run([pgd_run, "--html", "big.html", "--log", "big.log", "big.pgd"], check=True)
    made = time.time() - t
    size = os.path.getsize("big.html")
    load = open_report(d, "big.html", 60)
    n = int(d.find_element("id", "nsteps").text)
    if n < 100000:
        fail("big run has %d steps, expected over 100,000 pager calls" % n)
    seeks = []
    for k in (n // 2, n, n // 2 + 1, 12345):
        t = time.time()
        d.execute_script("window.pgdReport.go(arguments[0])", k)
        expect("step after seeking", d.find_element("id", "step").text, str(k))
        seeks.append(time.time() - t)
    d.save_screenshot("report-big.png")
    print("big: %d steps, made in %.1f s, %.1f MB, opens in %.1f s, seeks %s s" %
          (n, made, size / 1e6, load, " ".join("%.2f" % s for s in seeks)))
    if size > 8e6 or load > 20 or max(seeks) > 2:
        fail("the 100,000-call report is too big or too slow (limits: 8 MB, 20 s, 2 s)")


def main():
    d = browser()
    try:
        {"deltas": lambda: deltas(d, sys.argv[2]),
         "hand": lambda: hand(d, *sys.argv[2:4]),
         "big": lambda: big(d, sys.argv[2])}[sys.argv[1]]()
    finally:
        d.quit()


if __name__ == "__main__":
    main()
