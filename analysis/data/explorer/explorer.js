// The offline article explorer of a news-analysis report (explore.html).
// Reads the JSON block #explorer-data; every piece of article data is inserted
// with textContent or as option/attribute values, never as HTML.
(function () {
  "use strict";

  var data = JSON.parse(document.getElementById("explorer-data").textContent);
  var SHOWN = 200; // rows listed at most
  var $ = function (id) { return document.getElementById(id); };
  var el = function (tag, text, cls) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (cls) node.className = cls;
    return node;
  };
  var themeByName = {};
  data.themes.forEach(function (t) { themeByName[t.name] = t; });
  data.articles.forEach(function (a) {
    a.hay = (a.title + "\n" + a.outlet + "\n" + a.text).toLowerCase();
  });

  function fill(select, values, label) {
    values.forEach(function (v) {
      var o = el("option", label ? label(v) : v);
      o.value = v;
      select.appendChild(o);
    });
  }
  fill($("theme"), data.themes.map(function (t) { return t.name; }), function (n) { return themeByName[n].label; });
  fill($("outlet"), data.outlets);
  fill($("actor"), data.actors);
  if (data.first) { $("from").min = $("to").min = data.first; }
  if (data.last) { $("from").max = $("to").max = data.last; }

  function tint(p) {
    var s = Math.min(Math.abs(p), 1) * 0.35;
    if (p > 0) return "rgba(0,114,178," + s.toFixed(2) + ")";
    if (p < 0) return "rgba(213,94,0," + s.toFixed(2) + ")";
    return "transparent";
  }

  function matching() {
    var q = $("q").value.trim().toLowerCase(), theme = $("theme").value, outlet = $("outlet").value,
      actor = $("actor").value, from = $("from").value, to = $("to").value;
    return data.articles.filter(function (a) {
      if (q && a.hay.indexOf(q) < 0) return false;
      if (theme && a.themes.indexOf(theme) < 0) return false;
      if (outlet && a.source !== outlet) return false;
      if (actor && a.actors.indexOf(actor) < 0) return false;
      if ((from || to) && !a.date) return false;
      if (from && a.date < from) return false;
      if (to && a.date > to) return false;
      return true;
    });
  }

  var current = null;

  function refresh() {
    var found = matching(), list = $("list");
    list.textContent = "";
    $("count").textContent = found.length.toLocaleString("en") + " matching article" +
      (found.length === 1 ? "" : "s") + (found.length > SHOWN ? " (first " + SHOWN + " listed)" : "");
    found.slice(0, SHOWN).forEach(function (a) {
      var li = el("li"), b = el("button", a.title || "(untitled)");
      b.type = "button";
      b.setAttribute("data-id", a.id);
      b.appendChild(el("span", a.outlet + (a.date ? ", " + a.date : ", undated"), "meta"));
      b.addEventListener("click", function () { show(a); });
      li.appendChild(b);
      list.appendChild(li);
    });
    if (!found.length) show(null);
    else if (!current || found.indexOf(current) < 0) show(found[0]);
    else mark(current);
  }

  function mark(a) {
    Array.prototype.forEach.call($("list").querySelectorAll("button"), function (b) {
      b.setAttribute("aria-current", a && b.getAttribute("data-id") === a.id ? "true" : "false");
    });
  }

  // "tone +0.120; TextBlob polarity +0.050": the scores that are there.
  function scores(tone, polarity) {
    var out = [];
    var signed = function (v) { return (v >= 0 ? "+" : "") + v.toFixed(3); };
    if (tone !== null && tone !== undefined) out.push("tone " + signed(tone));
    if (polarity !== null && polarity !== undefined) out.push("TextBlob polarity " + signed(polarity));
    return out.join("; ");
  }

  // The article's text with sentences tinted by tone (else polarity) and theme evidence marked.
  function body(a) {
    var out = el("div", null, "text"), text = a.text, at = 0;
    var piece = function (parent, from, to) {
      var hits = a.evidence.filter(function (h) { return h[0] < to && h[1] > from; });
      var pos = from;
      hits.forEach(function (h) {
        var s = Math.max(h[0], pos), e = Math.min(h[1], to), t = themeByName[h[2]];
        if (s < pos || e <= s) return; // overlapping hits: the first is shown
        if (s > pos) parent.appendChild(document.createTextNode(text.slice(pos, s)));
        var m = el("mark", text.slice(s, e));
        m.title = (t ? t.label : h[2]) + ": " + h[3];
        m.setAttribute("data-theme", h[2]);
        if (t) m.style.backgroundColor = t.colour;
        parent.appendChild(m);
        pos = e;
      });
      if (pos < to) parent.appendChild(document.createTextNode(text.slice(pos, to)));
    };
    a.sentences.forEach(function (s) {
      if (s[0] < at) return;
      if (s[0] > at) piece(out, at, s[0]);
      var span = el("span", null, "sentence");
      span.title = scores(s[2], s[3]);
      span.style.backgroundColor = tint(s[2] !== null && s[2] !== undefined ? s[2] : (s[3] || 0));
      piece(span, s[0], s[1]);
      out.appendChild(span);
      at = s[1];
    });
    if (at < text.length) piece(out, at, text.length);
    return out;
  }

  function show(a) {
    current = a;
    var view = $("article");
    view.textContent = "";
    mark(a);
    if (!a) { view.appendChild(el("p", "No article matches these filters.", "empty")); return; }
    view.appendChild(el("h2", a.title || "(untitled)"));
    var scored = scores(a.tone, a.polarity);
    view.appendChild(el("p", a.outlet + ", " + (a.date || "undated") + (scored ? "; " + scored : "") +
      (a.actors.length ? "; actors: " + a.actors.join(", ") : ""), "meta"));
    var used = {};
    a.evidence.forEach(function (h) { used[h[2]] = true; });
    var legend = el("p", null, "legend");
    data.themes.forEach(function (t) {
      if (!used[t.name]) return;
      var m = el("mark", t.label);
      m.style.backgroundColor = t.colour;
      legend.appendChild(m);
    });
    if (legend.childNodes.length) view.appendChild(legend);
    view.appendChild(body(a));
  }

  ["q", "theme", "outlet", "actor", "from", "to"].forEach(function (id) {
    $(id).addEventListener("input", refresh);
    $(id).addEventListener("change", refresh);
  });
  $("reset").addEventListener("click", function () {
    ["q", "theme", "outlet", "actor", "from", "to"].forEach(function (id) { $(id).value = ""; });
    refresh();
  });
  refresh();
})();
