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

  // The offset of every line of text, and of its end, in an Int32Array.
  function lineStarts(text) {
    var v = [0];
    for (var p = text.indexOf("\n"); p >= 0; p = text.indexOf("\n", p + 1)) v.push(p + 1);
    if (v[v.length - 1] < text.length) v.push(text.length + 1);
    return Int32Array.from(v);
  }

  // steps[i]: {key, pid, its records (offsets into recs), first log line,
  // nlog}. Records are split only when a step is applied.
  function index(recs) {
    var steps = [], logline = 0, p = 0;
    while (p < recs.length) {
      var e = recs.indexOf("\n", p);
      if (e < 0) e = recs.length;
      if (recs[p] === "S" || recs[p] === "K") {
        var f = recs.slice(p, e).split(" ");
        if (steps.length) steps[steps.length - 1].end = p;
        steps.push({ key: recs[p] === "K", nlog: +f[1], pid: +f[2], first: e + 1, end: recs.length, log: logline });
        logline += +f[1];
      }
      p = e + 1;
    }
    return steps;
  }

  function apply(st, recs, from, to) {
    var lines = from < to ? recs.slice(from, to - 1).split("\n") : [];
    for (var i = 0; i < lines.length; i++) {
      var l = lines[i], p;
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
    this.logStarts = lineStarts(log);
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
    var nlines = pl.logStarts.length - 1, from = Math.max(0, step.log - CONTEXT);
    var to = Math.min(nlines, step.log + step.nlog + CONTEXT);
    var text = pl.log.slice(pl.logStarts[from], Math.max(pl.logStarts[from], pl.logStarts[to] - 1)).split("\n");
    var lines = [], hl = -1;
    for (var i = from; i < to; i++) {
      var t = text[i - from];
      if (hl < 0 && i >= step.log && i < step.log + step.nlog && /^vm_/.test(t)) hl = i - from;
      lines.push({ pid: step.pid, call: PgdRender.logCall(t), text: t });
    }
    PgdRender.log($("log"), lines, null, hl);
    var h = $("log").querySelector(".hl");
    if (h) h.scrollIntoView({ block: "nearest" });
  }

  function start(texts) {
    var pl = new Player(texts[0], texts[1]), n = pl.steps.length, slider = $("slider");
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
