// SPDX-License-Identifier: MIT
// The one renderer of pagerd's state, shared by the live view (pagerctl web)
// and the step-through report (pgd-run --html): pure functions that take a
// state object (tools/web/README.md describes it) and draw the frame grid,
// a process's page table and the event log into DOM nodes they are given.
// Nothing here fetches, keeps state between calls or reads the page's URL;
// every text from the daemon (file names, log lines) goes in as textContent.
"use strict";

var PgdRender = (function () {
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  function hex(n) {
    return "0x" + Number(n).toString(16);
  }

  // A state object from the JSON of `pagerctl frames --json` (the daemon's
  // FRAMES answer): its policy's order is the one key that is neither
  // "frames", "swap" nor "policy"; "hand" says whether the policy has one.
  function fromFrames(f) {
    var s = { frames: f.frames || [], swap: f.swap || null, policy: "", order: [],
              hand: !!(f.policy && f.policy.hand), describe: f.policy ? f.policy.describe || "" : "" };
    Object.keys(f).forEach(function (k) {
      if (k !== "frames" && k !== "swap" && k !== "policy" && Array.isArray(f[k])) {
        s.policy = k;
        s.order = f[k];
      }
    });
    return s;
  }

  // The pids owning at least one frame, ascending.
  function pids(state) {
    var seen = {};
    state.frames.forEach(function (fr) {
      (fr.owners || []).forEach(function (o) { seen[o.pid] = true; });
    });
    return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
  }

  // The frame grid: one cell per frame, in frame order. A cell carries
  // data-frame, data-state and, for a frame in the policy's order, data-order
  // (0: the next candidate, the hand if the policy has one).
  function grid(container, state) {
    var pos = {};
    state.order.forEach(function (fr, i) { pos[fr] = i; });
    clear(container);
    state.frames.forEach(function (fr) {
      var st = fr.ghost ? "ghost" : fr.state;
      var c = el("div", "frame st-" + st);
      var head = el("div", "fhead");
      c.dataset.frame = fr.frame;
      c.dataset.state = st;
      head.appendChild(el("span", "fnum", fr.frame));
      head.appendChild(el("span", "fstate", st));
      if (fr.state !== "free" && fr.state !== "zero") {
        head.appendChild(el("span", "mark" + (fr.referenced ? " on" : ""), fr.referenced ? "R" : "-"));
        head.appendChild(el("span", "mark" + (fr.dirty ? " on" : ""), fr.dirty ? "D" : "-"));
      }
      c.appendChild(head);
      if (fr.block !== undefined)
        c.appendChild(el("div", "fblock", (fr.file !== undefined ? fr.file : "swap") + " #" + fr.block));
      (fr.owners || []).forEach(function (o) {
        var w = el("div", "owner", o.pid + ":" + hex(o.vpage));
        w.dataset.pid = o.pid;
        c.appendChild(w);
      });
      if (pos[fr.frame] !== undefined) {
        c.dataset.order = pos[fr.frame];
        c.appendChild(el("div", "forder", pos[fr.frame] === 0 && state.hand ? "hand" : "#" + pos[fr.frame]));
        if (pos[fr.frame] === 0) c.classList.add(state.hand ? "hand" : "next");
      }
      container.appendChild(c);
    });
  }

  // The policy's order as one line: "clock hand: 3 5 7" or "fifo next: ...".
  function order(container, state) {
    clear(container);
    container.appendChild(el("span", "olabel", state.policy + (state.hand ? " queue from the hand:" : " queue, next candidate first:")));
    state.order.forEach(function (fr) { container.appendChild(el("span", "oitem", fr)); });
    if (state.describe) container.appendChild(el("div", "describe", state.describe));
  }

  // A PTE's rights as the MMU sees them: "rw", "r" or "-".
  function pteRights(p) {
    return p && p.r ? (p.w ? "rw" : "r") : "-";
  }

  // Process pid's resident pages, ascending vpage: one row each with
  // data-vpage, cells vpage, frame, state, block, r/w, and the PTE's
  // rights if the state has PTEs (state.ptes[pid][vpage] = {r, w}).
  function pageTable(container, state, pid) {
    var rows = [];
    state.frames.forEach(function (fr) {
      (fr.owners || []).forEach(function (o) {
        if (o.pid === pid) rows.push({ vpage: o.vpage, fr: fr });
      });
    });
    rows.sort(function (a, b) { return a.vpage - b.vpage; });
    clear(container);
    var t = el("table", "ptable"), h = el("tr");
    var ptes = state.ptes && state.ptes[pid]; // the report's PTEs {vpage: {r, w}}, if any
    ["vpage", "frame", "state", "block", "ref", "dirty"].concat(ptes ? ["pte"] : []).forEach(function (k) { h.appendChild(el("th", "", k)); });
    t.appendChild(h);
    rows.forEach(function (r) {
      var tr = el("tr");
      tr.dataset.vpage = r.vpage;
      tr.dataset.frame = r.fr.frame;
      [hex(r.vpage), r.fr.frame, r.fr.state, r.fr.block === undefined ? "-" : r.fr.block,
       r.fr.referenced ? "r" : "-", r.fr.dirty ? "d" : "-"].concat(ptes ? [pteRights(ptes[r.vpage])] : [])
        .forEach(function (v) { tr.appendChild(el("td", "", v)); });
      t.appendChild(tr);
    });
    container.appendChild(t);
    return rows.length;
  }

  // The call a log line belongs to: "#" for a comment, "returning" for the
  // indented lines after a call (its "returning to" and page lines), the
  // vm_ or file_ word that starts any other call line, else "".
  function logCall(text) {
    if (text[0] === "#") return "#";
    if (text[0] === "\t") return "returning";
    var m = /^(vm_\w+|file_\w+)/.exec(text);
    return m ? m[1] : "";
  }

  // Event log lines [{pid, call, text}], those passing filter {pid, call}
  // (0 or "": any); the line at index highlight (if any) gets class "hl".
  function log(container, lines, filter, highlight) {
    clear(container);
    lines.forEach(function (l, i) {
      if (filter && filter.pid && l.pid !== filter.pid) return;
      if (filter && filter.call && l.call !== filter.call) return;
      var d = el("div", "logline" + (i === highlight ? " hl" : ""), l.text);
      d.dataset.pid = l.pid;
      d.dataset.call = l.call;
      container.appendChild(d);
    });
  }

  // A small line chart of series [{name, values[]}] on a canvas.
  function chart(canvas, series) {
    var g = canvas.getContext("2d"), w = canvas.width, h = canvas.height, max = 1, n = 0;
    var colours = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd"];
    series.forEach(function (s) {
      n = Math.max(n, s.values.length);
      s.values.forEach(function (v) { if (v > max) max = v; });
    });
    g.clearRect(0, 0, w, h);
    g.font = "10px sans-serif";
    series.forEach(function (s, k) {
      g.strokeStyle = g.fillStyle = colours[k % colours.length];
      g.beginPath();
      s.values.forEach(function (v, i) {
        var x = n > 1 ? (i * (w - 2)) / (n - 1) + 1 : 1, y = h - 12 - (v * (h - 24)) / max;
        if (i === 0) g.moveTo(x, y); else g.lineTo(x, y);
      });
      g.stroke();
      g.fillText(s.name + " " + (s.values.length ? s.values[s.values.length - 1] : 0), 2 + k * 90, h - 1);
    });
    g.fillStyle = "#666";
    g.fillText("max " + max, w - 60, 10);
  }

  return { fromFrames: fromFrames, pids: pids, grid: grid, order: order,
           pageTable: pageTable, log: log, logCall: logCall, chart: chart, hex: hex };
})();
