/* Zelfscan: scores the self-assessment form on the zelfscan page, in the browser only.
 *
 * Plain script, no framework: it works from file:// and offline. Nothing is sent: the
 * answers stay in this browser tab (sessionStorage, gone when the tab closes) and leave
 * the page only as a file the visitor saves. Statements, scale, scoring rule and advice
 * come from the JSON in #zelfscan-data; every interface word comes from #zelfscan-labels.
 *
 * window.PraktijkgidsScan holds the scoring rule and the shared helpers; the teamscan page
 * (teamscan.js) uses the same functions, and the tests compare them with a Python reference.
 */
(function () {
  "use strict";

  var SVG = "http://www.w3.org/2000/svg";

  // -- the scoring rule: the definition is `data.scoring` (generator/zelfscan.py) ------

  /* The value an answer adds to its factor, or null when it does not count
     ('weet ik niet', no answer). A negative statement is reversed: min + max − answer. */
  function answerValue(statement, answer, rule) {
    if (typeof answer !== "number" || answer < rule.min || answer > rule.max) return null;
    return statement.reverse ? rule.min + rule.max - answer : answer;
  }

  /* One factor for one person: the mean over counted answers, or null below the minimum. */
  function scoreFactor(factor, answers, rule) {
    var values = [];
    factor.statements.forEach(function (statement) {
      var value = answerValue(statement, answers[statement.id], rule);
      if (value !== null) values.push(value);
    });
    var mean = values.length >= rule.min_answered ? sum(values) / values.length : null;
    return { factor: factor, mean: mean, answered: values.length, total: factor.statements.length, weak: mean !== null && mean < rule.threshold };
  }

  function scoreFactors(data, answers) {
    return data.factors.map(function (factor) { return scoreFactor(factor, answers, data.scoring); });
  }

  /* The team: per factor the people with a score, their mean, lowest, highest, spread and
     mean per role (each person counts once, with their own factor mean). */
  function teamFactor(factor, people, rule) {
    var scores = [];
    var byRole = {};
    people.forEach(function (person) {
      var own = scoreFactor(factor, person.answers, rule).mean;
      if (own === null) return;
      scores.push(own);
      (byRole[person.role] = byRole[person.role] || []).push(own);
    });
    var roleMeans = {};
    Object.keys(byRole).forEach(function (role) { roleMeans[role] = sum(byRole[role]) / byRole[role].length; });
    if (!scores.length) {
      return { factor: factor, n: 0, mean: null, low: null, high: null, spread: null, byRole: roleMeans, weak: false, disputed: false };
    }
    var low = Math.min.apply(null, scores), high = Math.max.apply(null, scores);
    var mean = sum(scores) / scores.length;
    return {
      factor: factor, n: scores.length, mean: mean, low: low, high: high, spread: high - low, byRole: roleMeans,
      weak: mean < rule.threshold, disputed: scores.length >= 2 && high - low >= rule.dispute_spread,
    };
  }

  function teamFactors(data, people) {
    return data.factors.map(function (factor) { return teamFactor(factor, people, data.scoring); });
  }

  /* Weakest first; factors without a score last; ties in guide order. */
  function weakestFirst(results) {
    return results.slice().sort(function (a, b) {
      if ((a.mean === null) !== (b.mean === null)) return a.mean === null ? 1 : -1;
      if (a.mean !== b.mean) return a.mean - b.mean;
      return a.factor.number - b.factor.number;
    });
  }

  /* The agenda: the `count` lowest means, and the `count` widest spreads (above zero). */
  function agenda(results, count) {
    var weakest = weakestFirst(results).filter(function (r) { return r.mean !== null; }).slice(0, count);
    var disputed = results.filter(function (r) { return r.n >= 2 && r.spread > 0; }).sort(function (a, b) {
      if (a.spread !== b.spread) return b.spread - a.spread;
      return a.factor.number - b.factor.number;
    }).slice(0, count);
    return { weakest: weakest, disputed: disputed };
  }

  function sum(values) {
    return values.reduce(function (a, b) { return a + b; }, 0);
  }

  /* One decimal, half up, with a decimal comma (the tests' reference rounds the same way). */
  function formatScore(value) {
    return (Math.round(value * 10) / 10).toFixed(1).replace(".", ",");
  }

  /* A saved answers file: its problems (Dutch, for the visitor) or the person it holds.
     Answers to statements this page does not know, or outside the scale, are skipped. */
  function readExport(payload, data, labels) {
    if (payload === null || typeof payload !== "object" || Array.isArray(payload) || payload.zelfscan === undefined) {
      return { error: labels.file_not_export };
    }
    if (payload.zelfscan !== data.format) return { error: format(labels.file_format, { found: String(payload.zelfscan), wanted: data.format }) };
    var roles = data.roles.map(function (r) { return r.id; });
    if (roles.indexOf(payload.role) < 0) {
      return { error: format(labels.file_role, { roles: data.roles.map(function (r) { return plainText(r.singular); }).join(", ") }) };
    }
    if (payload.answers === null || typeof payload.answers !== "object" || Array.isArray(payload.answers)) return { error: labels.file_answers };
    var allowed = {};
    data.scale.forEach(function (step) { allowed[String(step.value)] = step.value; });
    var known = {};
    data.factors.forEach(function (f) { f.statements.forEach(function (s) { known[s.id] = true; }); });
    var answers = {}, skipped = 0;
    Object.keys(payload.answers).forEach(function (id) {
      var value = payload.answers[id];
      if (!known[id]) { skipped += 1; return; }
      if (value === data.scoring.dont_know) answers[id] = value;
      else if (typeof value === "number" && allowed[String(value)] === value) answers[id] = value;
      else skipped += 1;
    });
    return { role: payload.role, answers: answers, skipped: skipped };
  }

  // -- small DOM helpers, shared with the teamscan ------------------------------------------

  function readJson(id) {
    var node = document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  /* "{name}" placeholders in a label, filled from values. */
  function format(template, values) {
    return template.replace(/\{(\w+)\}/g, function (match, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? String(values[key]) : match;
    });
  }

  /* Text of an HTML fragment, parsed inert (a <template> loads nothing). */
  function plainText(html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    return template.content.textContent;
  }

  function element(tag, attributes, html) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    // html comes from the generator: Markdown rendered with raw HTML escaped
    if (html !== undefined) node.innerHTML = html;
    return node;
  }

  function textElement(tag, text, attributes) {
    var node = element(tag, attributes);
    node.textContent = text;
    return node;
  }

  function svgElement(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, String(attributes[name]));
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  /* A hatch pattern: black-and-white print tells hatched from solid. */
  function hatchPattern(id) {
    var defs = svgElement("defs");
    var hatch = svgElement("pattern", { id: id, width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    hatch.appendChild(svgElement("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "currentColor", "stroke-width": 2 }));
    defs.appendChild(hatch);
    return defs;
  }

  /* A chart's frame: the svg, named by its title and description (a screen reader reads
     them; the table beside it holds the same figures), with the hatch pattern for bars. */
  function chartFrame(prefix, width, height, labels) {
    var svg = svgElement("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img", "aria-labelledby": prefix + "-chart-title " + prefix + "-chart-desc", "class": prefix + "-chart scan-chart" });
    svg.appendChild(svgElement("title", { id: prefix + "-chart-title" }, labels.chart_title));
    svg.appendChild(svgElement("desc", { id: prefix + "-chart-desc" }, labels.chart_desc));
    svg.appendChild(hatchPattern(prefix + "-hatch"));
    return svg;
  }

  /* The threshold line, drawn only across the bar bands (never through a label), and its label
     in the chart's header band. bands: [[top, bottom], ...]. */
  function thresholdLine(svg, x, bands, labelY, label) {
    bands.forEach(function (band) {
      svg.appendChild(svgElement("line", { x1: x, y1: band[0], x2: x, y2: band[1], stroke: "currentColor", "stroke-dasharray": "4 3", "stroke-width": 1.5, "class": "scan-threshold" }));
    });
    svg.appendChild(svgElement("text", { x: x, y: labelY, "text-anchor": "middle", "font-size": 12, "class": "scan-threshold-label" }, label));
  }

  function axis(svg, scale, x, y) {
    scale.forEach(function (step) {
      svg.appendChild(svgElement("line", { x1: x(step.value), y1: y, x2: x(step.value), y2: y + 5, stroke: "currentColor" }));
      svg.appendChild(svgElement("text", { x: x(step.value), y: y + 20, "text-anchor": "middle", "font-size": 12 }, String(step.value)));
    });
  }

  window.PraktijkgidsScan = {
    answerValue: answerValue, scoreFactor: scoreFactor, scoreFactors: scoreFactors,
    teamFactor: teamFactor, teamFactors: teamFactors, weakestFirst: weakestFirst, agenda: agenda,
    formatScore: formatScore, readExport: readExport,
    readJson: readJson, format: format, plainText: plainText, element: element, textElement: textElement,
    svgElement: svgElement, chartFrame: chartFrame, thresholdLine: thresholdLine, axis: axis,
  };

  // -- the zelfscan page -------------------------------------------------------------------

  function radios(form, name) {
    var found = form.elements.namedItem(name);
    if (!found) return [];
    return found.length === undefined ? [found] : Array.prototype.slice.call(found);
  }

  /* {statement id: number | "weet-niet"} for every answered statement, in guide order. */
  function readAnswers(form, data) {
    var answers = {};
    data.factors.forEach(function (factor) {
      factor.statements.forEach(function (statement) {
        var checked = radios(form, statement.id).filter(function (r) { return r.checked; })[0];
        if (!checked) return;
        answers[statement.id] = checked.value === data.scoring.dont_know ? checked.value : Number(checked.value);
      });
    });
    return answers;
  }

  function writeAnswers(form, data, answers) {
    data.factors.forEach(function (factor) {
      factor.statements.forEach(function (statement) {
        var wanted = Object.prototype.hasOwnProperty.call(answers, statement.id) ? String(answers[statement.id]) : null;
        radios(form, statement.id).forEach(function (radio) { radio.checked = radio.value === wanted; });
      });
    });
  }

  function readRole(form, data) {
    if (data.fixed_role) return data.fixed_role;
    var checked = radios(form, "zelfscan-role").filter(function (r) { return r.checked; })[0];
    return checked ? checked.value : "";
  }

  function writeRole(form, role) {
    radios(form, "zelfscan-role").forEach(function (radio) {
      if (radio.type === "radio") radio.checked = radio.value === role;
    });
  }

  function recommendationsFor(factor, role, data) {
    if (role) return factor.recommendations[role] || [];
    var seen = {};
    var all = [];
    data.audiences.forEach(function (audience) {
      (factor.recommendations[audience.id] || []).forEach(function (rec) {
        if (seen[rec.id]) return;
        seen[rec.id] = true;
        all.push(rec);
      });
    });
    return all;
  }

  function roleName(role, data) {
    var audience = data.audiences.filter(function (a) { return a.id === role; })[0];
    return audience ? plainText(audience.name_lower) : "";
  }

  /* Per factor two bands: its name and score as text, then the bar. The threshold line
     crosses the bar bands only, so it never runs through a label. */
  function chart(results, data, labels) {
    var rule = data.scoring;
    var width = 640, left = 8, plot = 600, rowHeight = 48, top = 58, barTop = 20, barHeight = 18;
    var height = top + results.length * rowHeight + 28;
    var x = function (value) { return left + (plot * value) / rule.max; };
    var svg = chartFrame("zelfscan", width, height, labels);
    svg.appendChild(svgElement("rect", { x: left, y: 6, width: 18, height: 14, fill: "url(#zelfscan-hatch)", stroke: "currentColor" }));
    svg.appendChild(svgElement("text", { x: left + 24, y: 18 }, format(labels.legend_weak, { threshold: formatScore(rule.threshold) })));
    svg.appendChild(svgElement("rect", { x: left + 300, y: 6, width: 18, height: 14, fill: "currentColor", stroke: "currentColor" }));
    svg.appendChild(svgElement("text", { x: left + 324, y: 18 }, labels.legend_ok));
    var bands = [];
    results.forEach(function (result, index) {
      var y = top + index * rowHeight;
      var name = result.factor.number + ". " + plainText(result.factor.name) + ": ";
      var verdict = result.mean === null ? labels.verdict_none : formatScore(result.mean) + " (" + (result.weak ? labels.verdict_weak : labels.verdict_ok) + ")";
      var text = svgElement("text", { x: left, y: y + 14, "class": "zelfscan-chart-label" }, name);
      text.appendChild(svgElement("tspan", { "font-weight": "bold", "class": "zelfscan-chart-score" }, verdict));
      svg.appendChild(text);
      bands.push([y + barTop - 3, y + barTop + barHeight + 3]);
      if (result.mean === null) return;
      svg.appendChild(svgElement("rect", { x: left, y: y + barTop, width: Math.max(1, x(result.mean) - left), height: barHeight, stroke: "currentColor", fill: result.weak ? "url(#zelfscan-hatch)" : "currentColor", "class": result.weak ? "zelfscan-bar zelfscan-bar--weak" : "zelfscan-bar" }));
    });
    thresholdLine(svg, x(rule.threshold), bands, top - 10, format(labels.threshold, { threshold: formatScore(rule.threshold) }));
    axis(svg, data.scale, x, top + results.length * rowHeight);
    return svg;
  }

  /* A table with a row per factor: the caption, a header row of `columns`, and per result a
     row that starts with the factor's name (a link to its page); `cells(row, result)` adds the rest. */
  function factorTable(className, caption, columns, results, cells) {
    var node = element("table", { "class": className });
    node.appendChild(textElement("caption", caption));
    var head = element("tr");
    columns.forEach(function (label) { head.appendChild(textElement("th", label, { scope: "col" })); });
    node.appendChild(element("thead")).appendChild(head);
    var body = node.appendChild(element("tbody"));
    results.forEach(function (result) {
      var row = body.appendChild(element("tr", { "data-factor": result.factor.id }));
      var name = row.appendChild(element("th", { scope: "row" }));
      name.appendChild(element("a", { href: result.factor.href }, result.factor.number + ". " + result.factor.name));
      cells(row, result);
    });
    return node;
  }

  function table(results, labels) {
    var columns = [labels.col_factor, labels.col_score, labels.col_answered, labels.col_verdict];
    return factorTable("zelfscan-table", labels.table_caption, columns, results, function (row, result) {
      row.appendChild(textElement("td", result.mean === null ? "–" : formatScore(result.mean), { "class": "zelfscan-score" }));
      row.appendChild(textElement("td", format(labels.answered, { answered: result.answered, total: result.total })));
      var verdict = result.mean === null ? labels.verdict_none : result.weak ? labels.verdict_weak : labels.verdict_ok;
      row.appendChild(textElement("td", verdict, { "class": "zelfscan-verdict" }));
    });
  }

  function conversationList(factor, heading, headingTag) {
    var fragment = document.createDocumentFragment();
    if (!factor.conversation.length) return fragment;
    fragment.appendChild(textElement(headingTag, heading));
    var list = fragment.appendChild(element("ul", { "class": "scan-conversation" }));
    factor.conversation.forEach(function (question) {
      list.appendChild(element("li", { "data-conversation": question.id }, question.text));
    });
    return fragment;
  }

  function recommendationList(recommendations, emptyText) {
    if (!recommendations.length) return textElement("p", emptyText);
    var list = element("ul", { "class": "zelfscan-recommendations" });
    recommendations.forEach(function (rec) {
      list.appendChild(element("li", { "data-recommendation": rec.id })).appendChild(element("a", { href: rec.href }, rec.text));
    });
    return list;
  }

  window.PraktijkgidsScan.factorTable = factorTable;
  window.PraktijkgidsScan.conversationList = conversationList;
  window.PraktijkgidsScan.recommendationList = recommendationList;

  function advice(results, role, data, labels) {
    var section = element("div", { "class": "zelfscan-advice" });
    var weak = results.filter(function (r) { return r.weak; });
    if (!weak.length) return section;
    section.appendChild(textElement("h3", labels.weak_heading));
    weak.forEach(function (result) {
      var factor = result.factor;
      var block = section.appendChild(element("article", { "class": "zelfscan-weak", "data-factor": factor.id }));
      block.appendChild(element("h4", {}, factor.number + ". " + factor.name));
      block.appendChild(textElement("p", format(labels.score_line, { score: formatScore(result.mean), answered: result.answered })));
      var more = block.appendChild(element("p"));
      more.appendChild(textElement("a", format(labels.factor_link, { factor: plainText(factor.name) }), { href: factor.href }));
      block.appendChild(conversationList(factor, labels.conversation, "h5"));
      var heading = role ? format(labels.recommendations_for, { role: roleName(role, data) }) : labels.recommendations_all;
      block.appendChild(textElement("h5", heading));
      block.appendChild(recommendationList(recommendationsFor(factor, role, data), labels.no_recommendations));
      if (factor.cases.length) {
        block.appendChild(textElement("h5", labels.cases));
        var cases = block.appendChild(element("ul", { "class": "zelfscan-cases" }));
        factor.cases.forEach(function (item) {
          var entry = cases.appendChild(element("li", { "data-case": item.id }));
          entry.appendChild(element("a", { href: item.href }, item.title));
          entry.appendChild(document.createTextNode(": "));
          entry.appendChild(element("span", {}, item.note));
        });
      }
    });
    return section;
  }

  function summary(results, answers, data, labels) {
    var total = data.factors.reduce(function (n, f) { return n + f.statements.length; }, 0);
    var answered = Object.keys(answers).length;
    var scored = results.filter(function (r) { return r.mean !== null; });
    if (!scored.length) return format(labels.summary_empty, { min: data.scoring.min_answered });
    var weak = results.filter(function (r) { return r.weak; });
    var text = format(labels.summary, { answered: answered, total: total }) + " ";
    if (weak.length) {
      var names = weak.map(function (r) { return plainText(r.factor.name); }).join(", ");
      return text + format(labels.summary_weak, { factors: names });
    }
    return text + format(labels.summary_no_weak, { threshold: formatScore(data.scoring.threshold) });
  }

  function showResults(scan) {
    var answers = readAnswers(scan.form, scan.data);
    var role = readRole(scan.form, scan.data);
    var results = weakestFirst(scoreFactors(scan.data, answers));
    var details = document.getElementById("zelfscan-details");
    details.textContent = "";
    if (results.some(function (r) { return r.mean !== null; })) {
      details.appendChild(chart(results, scan.data, scan.labels));
      details.appendChild(table(results, scan.labels));
      details.appendChild(advice(results, role, scan.data, scan.labels));
    }
    document.getElementById("zelfscan-summary").textContent = summary(results, answers, scan.data, scan.labels);
  }

  function clearResults(scan) {
    document.getElementById("zelfscan-details").textContent = "";
    document.getElementById("zelfscan-summary").textContent = scan.labels.summary_start;
  }

  // -- this tab's memory (sessionStorage) ------------------------------------------------------

  function storageKey(data) {
    return "praktijkgids-zelfscan:" + data.edition;
  }

  /* sessionStorage can be refused (privacy settings); the form then simply forgets on reload. */
  function remember(scan) {
    try {
      var state = { zelfscan: scan.data.format, role: readRole(scan.form, scan.data), answers: readAnswers(scan.form, scan.data) };
      window.sessionStorage.setItem(storageKey(scan.data), JSON.stringify(state));
    } catch (error) { /* not kept */ }
  }

  function recall(scan) {
    var state = null;
    try { state = JSON.parse(window.sessionStorage.getItem(storageKey(scan.data)) || "null"); } catch (error) { state = null; }
    if (!state || state.zelfscan !== scan.data.format) return false;
    if (!scan.data.fixed_role && typeof state.role === "string") writeRole(scan.form, state.role);
    var kept = readExport({ zelfscan: state.zelfscan, role: scan.data.fixed_role || scan.data.audiences[0].id, answers: state.answers }, scan.data, scan.labels);
    if (kept.error) return false;
    writeAnswers(scan.form, scan.data, kept.answers);
    return Object.keys(kept.answers).length > 0;
  }

  function forget(scan) {
    try { window.sessionStorage.removeItem(storageKey(scan.data)); } catch (error) { /* nothing kept */ }
    writeAnswers(scan.form, scan.data, {});
    if (!scan.data.fixed_role) writeRole(scan.form, "");
    clearResults(scan);
    setFileStatus(scan.labels.wiped);
  }

  // -- export and import ---------------------------------------------------------------------

  function exportAnswers(scan) {
    var role = readRole(scan.form, scan.data);
    if (!role) {
      setFileStatus(scan.labels.export_needs_role);
      var first = radios(scan.form, "zelfscan-role")[0];
      if (first) first.focus();
      return;
    }
    // the role and the answers; no name, nothing else about the person
    var payload = { zelfscan: scan.data.format, edition: scan.data.edition, version: scan.data.version, role: role, answers: readAnswers(scan.form, scan.data) };
    var blob = new Blob([JSON.stringify(payload, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var name = format(scan.labels.export_file, { role: role });
    var anchor = element("a", { href: url, download: name, hidden: "" });
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    setFileStatus(format(scan.labels.exported, { file: name }));
  }

  function importAnswers(scan, file) {
    var name = file.name;
    file.text().then(function (text) {
      var payload;
      try { payload = JSON.parse(text); } catch (error) { payload = null; }
      var read = readExport(payload, scan.data, scan.labels);
      if (read.error) {
        setFileStatus(format(scan.labels.import_failed, { file: name, reason: read.error }));
        return;
      }
      writeAnswers(scan.form, scan.data, read.answers);
      var messages = [format(scan.labels.imported, { file: name })];
      if (scan.data.fixed_role) {
        if (read.role !== scan.data.fixed_role) messages.push(format(scan.labels.import_role, { role: roleName(scan.data.fixed_role, scan.data) }));
      } else {
        writeRole(scan.form, read.role);
      }
      if (read.skipped) messages.push(format(scan.labels.import_skipped, { count: read.skipped }));
      setFileStatus(messages.join(" "));
      remember(scan);
      showResults(scan);
    });
  }

  function setFileStatus(text) {
    document.getElementById("zelfscan-file-status").textContent = text;
  }

  // -- wiring ------------------------------------------------------------------------------------

  function start() {
    var data = readJson("zelfscan-data");
    var form = document.getElementById("zelfscan-form");
    if (!data || !form) return; // not the zelfscan page
    var scan = { data: data, labels: readJson("zelfscan-labels"), form: form };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      showResults(scan);
    });
    form.addEventListener("change", function () { remember(scan); });
    document.getElementById("zelfscan-show").addEventListener("click", function () {
      showResults(scan);
      var results = document.getElementById("zelfscan-results");
      results.setAttribute("tabindex", "-1");
      results.focus();
    });
    document.getElementById("zelfscan-export").addEventListener("click", function () { exportAnswers(scan); });
    document.getElementById("zelfscan-print").addEventListener("click", function () { window.print(); });
    document.getElementById("zelfscan-wipe").addEventListener("click", function () { forget(scan); });
    var input = document.getElementById("zelfscan-import");
    input.addEventListener("change", function () {
      if (input.files && input.files[0]) importAnswers(scan, input.files[0]);
      input.value = "";
    });
    if (recall(scan)) showResults(scan);
    document.documentElement.classList.add("zelfscan-ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
