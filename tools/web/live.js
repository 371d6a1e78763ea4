// SPDX-License-Identifier: MIT
// The live view's own part: it listens to pagerctl web's server-sent events
// (one message per poll of the daemon, the state of tools/web/README.md
// "Live state"), keeps the counters' history for the charts, and hands the
// frame table to the shared renderer (render.js). With pagerctl web --log,
// it also fetches the tail of the event log (/log) at most once a second
// and shows the lines that pass the pid and call filters. The access
// token, if the page was opened with one, goes with every request.
"use strict";

(function () {
  var HISTORY = 240; // points per chart: a minute at 4 polls a second
  var history = {};
  var last = null;
  var chosenPid = 0;
  var drawn = ""; // the frame table and pid last drawn
  var token = new URLSearchParams(location.search).get("token");
  var q = token ? "?token=" + encodeURIComponent(token) : "";
  var charts = [
    { id: "chart-faults", series: [["zero-fill", "faults_zero_fill"], ["swap-in", "faults_swap_in"],
                                   ["file-in", "faults_file_in"], ["cow-copy", "faults_cow_copy"]] },
    { id: "chart-evictions", series: [["clean", "evictions_clean"], ["dirty", "evictions_dirty"]] },
    { id: "chart-io", series: [["swap r", "swap_reads"], ["swap w", "swap_writes"],
                               ["file r", "file_reads"], ["file w", "file_writes"]] },
  ];

  function $(id) { return document.getElementById(id); }

  function remember(stats) {
    Object.keys(stats).forEach(function (k) {
      var h = history[k] || (history[k] = []);
      h.push(stats[k]);
      if (h.length > HISTORY) h.shift();
    });
  }

  function drawStatus(st) {
    var s = $("status");
    var call = st.call ? st.call.name + (st.call.pid ? " for pid " + st.call.pid : "") : "idle";
    s.textContent = "sessions " + st.sessions + " \u00b7 run queue " + st.run_queue +
      " \u00b7 CPU: " + (st.running ? "pid " + st.running + " (" + st.running_ms + " ms)" : "none") +
      " \u00b7 pager calls queued " + st.calls_queued + " \u00b7 pager thread: " + call;
    $("cpu").textContent = st.running ? String(st.running) : "none";
    $("cpu").dataset.pid = st.running;
  }

  function drawPids(state) {
    var sel = $("pid"), pids = PgdRender.pids(state);
    if (!chosenPid && pids.length) chosenPid = pids[0];
    if (chosenPid && pids.indexOf(chosenPid) < 0) pids.push(chosenPid);
    var want = pids.join(",");
    if (sel.dataset.pids !== want) {
      while (sel.firstChild) sel.removeChild(sel.firstChild);
      pids.forEach(function (p) {
        var o = document.createElement("option");
        o.value = p;
        o.textContent = p;
        sel.appendChild(o);
      });
      sel.dataset.pids = want;
    }
    sel.value = chosenPid ? String(chosenPid) : "";
  }

  // Log lines into {pid, call, text}. The pid: a vm_create's child, else the
  // first "(N)" of the line (the pid form, vm_switch, "returning to (N)"),
  // else the process of the last vm_switch (the args form's calls).
  function parseLog(text) {
    var cur = 0, out = [];
    text.split("\n").forEach(function (t) {
      if (!t) return;
      var call = PgdRender.logCall(t);
      var m = /^vm_create\t\((\d+), (\d+)\)/.exec(t), pid = cur;
      if (m) pid = +m[2];
      else if ((m = /\((\d+)\)/.exec(t))) pid = +m[1];
      if (call === "vm_switch") cur = pid;
      out.push({ pid: pid, call: call, text: t });
    });
    return out;
  }

  var logLines = null, logBusy = false, logAt = 0;

  function drawLog() {
    if (!logLines) return;
    var pid = Number($("logpid").value.trim()) || 0, call = $("logcall").value.trim();
    PgdRender.log($("log"), logLines, { pid: pid, call: call });
    $("log").scrollTop = $("log").scrollHeight; // a tail: the newest in view
  }

  function fetchLog() {
    if (logBusy || Date.now() - logAt < 1000) return;
    logBusy = true;
    logAt = Date.now();
    fetch("log" + q).then(function (r) {
      return r.text().then(function (t) { return { ok: r.ok, text: t }; });
    }).then(function (r) {
      var st = $("logstate");
      if (r.ok) {
        logLines = parseLog(r.text);
        st.textContent = "(last " + logLines.length + " lines)";
        drawLog();
      } else {
        st.textContent = r.text.replace(/^\d+: /, "");
      }
      st.dataset.fetched = Number(st.dataset.fetched) + 1;
    }).catch(function () {}).then(function () { logBusy = false; });
  }

  function draw(snap) {
    last = snap;
    $("seq").textContent = snap.seq;
    $("seq").dataset.seq = snap.seq;
    fetchLog();
    $("error").textContent = snap.error || "";
    if (snap.status) drawStatus(snap.status);
    if (snap.stats) {
      remember(snap.stats);
      charts.forEach(function (c) {
        PgdRender.chart($(c.id), c.series.map(function (s) {
          return { name: s[0], values: history[s[1]] || [] };
        }));
      });
      $("counters").textContent = JSON.stringify(snap.stats);
    }
    var key = JSON.stringify(snap.frames || null) + "/" + chosenPid;
    if (snap.frames && key !== drawn) {
      drawn = key; // redraw only what changed: a still daemon keeps its DOM
      var state = PgdRender.fromFrames(snap.frames);
      $("nframes").textContent = state.frames.length;
      PgdRender.grid($("grid"), state);
      PgdRender.order($("order"), state);
      drawPids(state);
      PgdRender.pageTable($("pagetable"), state, chosenPid);
    }
  }

  $("pid").addEventListener("change", function () {
    chosenPid = Number($("pid").value);
    if (last) draw(last);
  });

  $("logpid").addEventListener("input", drawLog);
  $("logcall").addEventListener("input", drawLog);

  var es = new EventSource("events" + q);
  es.onmessage = function (e) { draw(JSON.parse(e.data)); };
  es.onerror = function () { $("error").textContent = "connection to pagerctl web lost; retrying"; };
})();
