# SPDX-License-Identifier: MIT
"""The live view as a person sees it, in headless Chromium (Debian's chromium
and chromium-driver, driven by python3-selenium): a private pagerd with 8
frames and churn writing 12 pages round-robin (every write faults). From the
DOM: the grid has the daemon's 8 frames; the counters move while churn runs;
with churn paused, the hand is on the frame `pagerctl frames` names and
churn's page-table rows are its owners in `pagerctl frames --json`, and
the log panel filtered to churn's pid and vm_fault shows exactly those
lines of the log's tail (pagerctl web --log). Saves
web-live.png in the working directory (the build dir)."""
import os
import shutil
import sys
import time

from webtest import Rig, args, browser, fail, wait_for

def seq(d):
    return int(d.find_element("id", "seq").get_attribute("data-seq"))


def faults(d):
    import json
    text = d.find_element("id", "counters").text
    if not text:
        return None
    s = json.loads(text)
    return sum(v for k, v in s.items() if k.startswith("faults_"))


def main():
    a = args()
    rig = Rig(a, frames=8, pages=12, log=True)
    d = None
    try:
        d = browser()
        d.get(rig.url)
        wait_for("a first snapshot", lambda: seq(d) > 0)
        cells = d.find_elements("css selector", "#grid .frame")
        n = len(rig.frames()["frames"])
        if n != 8 or len(cells) != n:
            fail("grid has %d cells; pagerd has %d frames (-m 8)" % (len(cells), n))
        f0 = wait_for("counters", lambda: faults(d))
        wait_for("the fault counters to move", lambda: (faults(d) or 0) > f0 + 10)

        rig.pause()
        want = rig.frames()
        text = rig.pagerctl("frames")
        s = seq(d)
        wait_for("two polls after the pause", lambda: seq(d) >= s + 2)
        hand = int(text.split("clock hand at frame ")[1].split()[0])
        if want["clock"][0] != hand:
            fail("pagerctl frames text and JSON disagree on the hand")
        from selenium.webdriver.support.ui import Select
        Select(d.find_element("id", "pid")).select_by_value(str(rig.pid))
        # One script reads the drawing at once: a poll may redraw it.
        dom = d.execute_script("""
            var q = function (s) { return Array.from(document.querySelectorAll(s)); };
            return {
              hand: q("#grid .frame.hand").map(function (c) { return +c.dataset.frame; }),
              order: q("#grid .frame[data-order]").sort(function (a, b) {
                       return a.dataset.order - b.dataset.order; })
                     .map(function (c) { return +c.dataset.frame; }),
              rows: q("#pagetable tr[data-vpage]").map(function (r) {
                      return [+r.dataset.vpage, +r.dataset.frame]; }) };""")
        if dom["hand"] != [hand]:
            fail("the hand is drawn on %s, pagerctl says frame %d" % (dom["hand"], hand))
        if dom["order"] != want["clock"]:
            fail("clock order drawn %s, pagerctl says %s" % (dom["order"], want["clock"]))
        rows = sorted(tuple(r) for r in dom["rows"])
        owned = sorted((o["vpage"], f["frame"]) for f in want["frames"]
                       for o in f["owners"] if o["pid"] == rig.pid)
        if rows != owned or len(rows) != 7:
            fail("page table of %d drawn %s; pagerctl says %s (7 resident pages: 8 frames "
                 "less the zero page)" % (rig.pid, rows, owned))
        cpu = d.find_element("id", "cpu").get_attribute("data-pid")
        if int(cpu) != rig.pid:
            fail("CPU shown held by %s, not churn %d" % (cpu, rig.pid))
        # The log panel, filtered to churn's faults, shows exactly the pid
        # form's "vm_fault\t(PID)" lines of the tail pagerctl web serves
        # (the file's last 64 KiB from a line's start): churn is paused, so
        # the file no longer grows.
        d.find_element("id", "logpid").send_keys(str(rig.pid))
        d.find_element("id", "logcall").send_keys("vm_fault")
        fetched = lambda: int(d.find_element("id", "logstate").get_attribute("data-fetched"))
        n0 = fetched()
        wait_for("two fetches of the log after the pause", lambda: fetched() >= n0 + 2)
        with open(rig.log, "rb") as f:
            data = f.read()
        if len(data) > 65536:
            data = data[-65536:]
            data = data[data.index(b"\n") + 1:]
        want = [l for l in data.decode().split("\n")
                if l.startswith("vm_fault\t(%d)\t" % rig.pid)]
        shown = d.execute_script("""return Array.from(document.querySelectorAll(
            "#log .logline")).map(function (l) { return l.textContent; });""")
        if not want or shown != want:
            fail("log panel for pid %d, vm_fault shows %d lines, the log's tail has %d: "
                 "%r... against %r..." % (rig.pid, len(shown), len(want), shown[:2], want[:2]))
        d.save_screenshot("web-live.png")
        rig.resume()
        print("ok: %d frames, hand at %d, %d page-table rows, %d log lines, screenshot "
              "web-live.png" % (n, hand, len(rows), len(want)))
    finally:
        if d:
            d.quit()
        rig.close()


main()
