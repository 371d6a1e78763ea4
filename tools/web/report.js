// SPDX-License-Identifier: MIT
// The step-through report's player: inflates the run embedded in the page
// (step records and event log, formats in tools/pgd-run/report.c), keeps
// the state after the shown step, and draws it with the shared renderer.
// Seeking starts from the nearest keyframe at or before the step; stepping
// forward applies one delta. window.pgdReport is for tests.
"use strict";

(function () {
  var $ = function (id) { return document.getElementById(id); };
  var CONTEXT = 12; // log lines shown before and after the step's own

  function inflate(id) {
    var bin = atob($(id).textContent.trim()), u = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) u[i] = bin.charCodeAt(i);
    var s = new Blob([u]).stream().pipeThrough(new DecompressionStream("deflate"));
    return new Response(s).text();
  }

  // steps[i]: {key, pid, first record line, end record line, first log line, nlog}
  function index(recs) {
    var steps = [], logline = 0;
    recs.forEach(function (l, i) {
      if (l[0] !== "S" && l[0] !== "K") return;
      var p = l.split(" ");
      if (steps.length) steps[steps.length - 1].end = i;
      steps.push({ key: l[0] === "K", nlog: +p[1], pid: +p[2], first: i + 1, end: recs.length, log: logline });
      logline += +p[1];
    });
    return steps;
  }

  function apply(st, recs, from, to) {
    for (var i = from; i < to; i++) {
      var l = recs[i], p;
      switch (l[0]) {
      case "F":
        p = l.indexOf(" ", 2);
        st.frames[+l.slice(2, p)] = JSON.parse(l.slice(p + 1));
        break;
      case "Q": st.rest = JSON.parse(l.slice(2)); break;
      case "G": st.vpage0 = +l.slice(2); break;
      case "P": st.ptes[+l.slice(2)] = {}; break;
      case "X": delete st.ptes[+l.slice(2)]; break;
      case "T":
        p = l.split(" ");
        st.ptes[+p[1]][st.vpage0 + +p[2]] = { ppage: +p[3], r: p[4] === "1", w: p[5] === "1" };
        break;
      }
    }
  }

  function Player(recs, log) {
    this.recs = recs;
    this.log = log;
    this.steps = index(recs);
    this.cur = -1;
    this.st = null;
  }

  // The state after step k (0: after vm_init).
  Player.prototype.seek = function (k) {
    var steps = this.steps;
    if (k !== this.cur + 1 || !this.st) {
      var key = k;
      while (!steps[key].key) key--;
      this.st = { frames: [], rest: {}, ptes: {}, vpage0: 0 };
      for (var j = key; j < k; j++) apply(this.st, this.recs, steps[j].first, steps[j].end);
    }
    apply(this.st, this.recs, steps[k].first, steps[k].end);
    this.cur = k;
    return this.st;
  };

  function draw(pl, k) {
    var st = pl.seek(k), step = pl.steps[k];
    var rs = PgdRender.fromFrames(Object.assign({ frames: st.frames }, st.rest));
    rs.ptes = st.ptes;
    $("slider").value = k;
    $("step").textContent = k;
    document.body.dataset.step = k;
    $("cpu").textContent = step.pid || "none";
    $("cpu").dataset.pid = step.pid;
    $("nframes").textContent = rs.frames.length;
    PgdRender.grid($("grid"), rs);
    PgdRender.order($("order"), rs);
    $("swap").textContent = rs.swap ? "swap: " + rs.swap.blocks + " blocks, " + rs.swap.reserved +
      " reserved, " + rs.swap.free + " free" : "";
    var sel = $("pid"), want = +sel.value || step.pid, pids = Object.keys(st.ptes).map(Number);
    PgdRender.pids(rs).forEach(function (p) { if (pids.indexOf(p) < 0) pids.push(p); });
    pids.sort(function (a, b) { return a - b; });
    if (pids.indexOf(want) < 0) want = pids.indexOf(step.pid) >= 0 ? step.pid : pids[0];
    while (sel.firstChild) sel.removeChild(sel.firstChild);
    pids.forEach(function (p) {
      var o = document.createElement("option");
      o.value = o.textContent = p;
      sel.appendChild(o);
    });
    if (want !== undefined) sel.value = want;
    PgdRender.pageTable($("pagetable"), rs, want === undefined ? 0 : want);
    // The step's log lines in context; the pager call among them highlighted.
    var from = Math.max(0, step.log - CONTEXT), to = Math.min(pl.log.length, step.log + step.nlog + CONTEXT);
    var lines = [], hl = -1;
    for (var i = from; i < to; i++) {
      var text = pl.log[i], call = /^(vm_\w+|file_\w+|#)/.exec(text);
      if (hl < 0 && i >= step.log && i < step.log + step.nlog && /^vm_/.test(text)) hl = i - from;
      lines.push({ pid: step.pid, call: call ? call[1] : "", text: text });
    }
    PgdRender.log($("log"), lines, null, hl);
    var h = $("log").querySelector(".hl");
    if (h) h.scrollIntoView({ block: "nearest" });
  }

  function start(texts) {
    var recs = texts[0].split("\n"), log = texts[1].split("\n");
    var pl = new Player(recs, log), n = pl.steps.length, slider = $("slider");
    if (!n) throw new Error("the run has no steps");
    slider.max = n - 1;
    $("nsteps").textContent = n - 1;
    function go(k) { draw(pl, Math.max(0, Math.min(n - 1, k))); }
    slider.addEventListener("input", function () { go(+slider.value); });
    $("first").onclick = function () { go(0); };
    $("prev").onclick = function () { go(pl.cur - 1); };
    $("next").onclick = function () { go(pl.cur + 1); };
    $("last").onclick = function () { go(n - 1); };
    $("pid").onchange = function () { go(pl.cur); };
    document.addEventListener("keydown", function (e) {
      var to = { ArrowRight: pl.cur + 1, ArrowLeft: pl.cur - 1, Home: 0, End: n - 1 }[e.key];
      if (to === undefined || e.target === slider) return;
      e.preventDefault();
      go(to);
    });
    go(0);
    $("error").textContent = "";
    window.pgdReport = { player: pl, go: go };
    document.body.dataset.ready = "1";
  }

  Promise.all([inflate("steps-data"), inflate("log-data")]).then(start).catch(function (e) {
    $("error").textContent = "cannot show this report: " + e;
    document.body.dataset.ready = "error";
  });
})();
