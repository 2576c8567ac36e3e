/* Zelfscan: scores the self-assessment form on the zelfscan page, in the browser only.
 *
 * Plain script, no framework: it works from file:// and offline. Nothing is sent or
 * stored (no cookies, no storage, no network); answers leave the page only as a file
 * the visitor saves. Questions, scale, threshold and advice come from the JSON in
 * #zelfscan-data; every interface word comes from #zelfscan-labels (the template).
 */
(function () {
  "use strict";

  var DONT_KNOW = "weet-niet";
  var SVG = "http://www.w3.org/2000/svg";

  function readJson(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
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

  function formatScore(value) {
    return value.toFixed(1).replace(".", ",");
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

  // -- answers ----------------------------------------------------------------------

  function radios(form, name) {
    var found = form.elements.namedItem(name);
    if (!found) return [];
    return found.length === undefined ? [found] : Array.prototype.slice.call(found);
  }

  /* {question id: number | "weet-niet"} for every answered question, in question order. */
  function readAnswers(form, data) {
    var answers = {};
    data.factors.forEach(function (factor) {
      factor.questions.forEach(function (question) {
        var checked = radios(form, question.id).filter(function (r) { return r.checked; })[0];
        if (!checked) return;
        answers[question.id] = checked.value === DONT_KNOW ? DONT_KNOW : Number(checked.value);
      });
    });
    return answers;
  }

  function writeAnswers(form, data, answers) {
    data.factors.forEach(function (factor) {
      factor.questions.forEach(function (question) {
        var wanted = Object.prototype.hasOwnProperty.call(answers, question.id) ? String(answers[question.id]) : null;
        radios(form, question.id).forEach(function (radio) {
          radio.checked = radio.value === wanted;
        });
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

  // -- scoring: the rule of zelfscan.yaml ---------------------------------------------

  /* Mean per factor over answered items ('weet ik niet' left out); weak below the threshold. */
  function score(data, answers) {
    return data.factors.map(function (factor) {
      var values = factor.questions
        .map(function (q) { return answers[q.id]; })
        .filter(function (v) { return typeof v === "number"; });
      var mean = values.length ? values.reduce(function (a, b) { return a + b; }, 0) / values.length : null;
      return { factor: factor, mean: mean, answered: values.length, total: factor.questions.length, weak: mean !== null && mean < data.threshold };
    });
  }

  /* Weakest first; factors without a score last; ties in guide order. */
  function weakestFirst(results) {
    return results.slice().sort(function (a, b) {
      if ((a.mean === null) !== (b.mean === null)) return a.mean === null ? 1 : -1;
      if (a.mean !== b.mean) return a.mean - b.mean;
      return a.factor.number - b.factor.number;
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

  // -- results ------------------------------------------------------------------------

  function chart(results, data, labels) {
    var width = 640, left = 8, plot = 520, rowHeight = 46, top = 56, barHeight = 18;
    var height = top + results.length * rowHeight + 28;
    var x = function (value) { return left + (plot * value) / data.max; };
    var svg = svgElement("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", role: "img", "aria-labelledby": "zelfscan-chart-title zelfscan-chart-desc", "class": "zelfscan-chart" });
    svg.appendChild(svgElement("title", { id: "zelfscan-chart-title" }, labels.chart_title));
    svg.appendChild(svgElement("desc", { id: "zelfscan-chart-desc" }, labels.chart_desc));
    var defs = svgElement("defs");
    var hatch = svgElement("pattern", { id: "zelfscan-hatch", width: 6, height: 6, patternUnits: "userSpaceOnUse", patternTransform: "rotate(45)" });
    hatch.appendChild(svgElement("line", { x1: 0, y1: 0, x2: 0, y2: 6, stroke: "currentColor", "stroke-width": 2 }));
    defs.appendChild(hatch);
    svg.appendChild(defs);
    // legend: pattern and word, so black-and-white print tells weak from fine
    svg.appendChild(svgElement("rect", { x: left, y: 6, width: 18, height: 14, fill: "url(#zelfscan-hatch)", stroke: "currentColor" }));
    svg.appendChild(svgElement("text", { x: left + 24, y: 18 }, format(labels.legend_weak, { threshold: formatScore(data.threshold) })));
    svg.appendChild(svgElement("rect", { x: left + 300, y: 6, width: 18, height: 14, fill: "currentColor", stroke: "currentColor" }));
    svg.appendChild(svgElement("text", { x: left + 324, y: 18 }, labels.legend_ok));
    results.forEach(function (result, index) {
      var y = top + index * rowHeight;
      var name = result.factor.number + ". " + plainText(result.factor.name);
      svg.appendChild(svgElement("text", { x: left, y: y + 12, "class": "zelfscan-chart-label" }, name));
      if (result.mean === null) {
        svg.appendChild(svgElement("text", { x: left, y: y + 32, "font-style": "italic" }, labels.verdict_none));
        return;
      }
      var bar = svgElement("rect", { x: left, y: y + 18, width: Math.max(1, x(result.mean) - left), height: barHeight, stroke: "currentColor", fill: result.weak ? "url(#zelfscan-hatch)" : "currentColor", "class": result.weak ? "zelfscan-bar zelfscan-bar--weak" : "zelfscan-bar" });
      svg.appendChild(bar);
      var verdict = result.weak ? labels.verdict_weak : labels.verdict_ok;
      svg.appendChild(svgElement("text", { x: x(result.mean) + 6, y: y + 32, "font-weight": "bold" }, formatScore(result.mean) + " (" + verdict + ")"));
    });
    // the threshold line, dashed and labelled
    var lineTop = top - 8, lineBottom = top + results.length * rowHeight;
    svg.appendChild(svgElement("line", { x1: x(data.threshold), y1: lineTop, x2: x(data.threshold), y2: lineBottom, stroke: "currentColor", "stroke-dasharray": "4 3", "stroke-width": 1.5 }));
    svg.appendChild(svgElement("text", { x: x(data.threshold) + 4, y: lineTop + 2, "font-size": 12 }, format(labels.threshold, { threshold: formatScore(data.threshold) })));
    // axis ticks on the scale values
    data.scale.forEach(function (step) {
      svg.appendChild(svgElement("line", { x1: x(step.value), y1: lineBottom, x2: x(step.value), y2: lineBottom + 5, stroke: "currentColor" }));
      svg.appendChild(svgElement("text", { x: x(step.value), y: lineBottom + 20, "text-anchor": "middle", "font-size": 12 }, String(step.value)));
    });
    return svg;
  }

  function table(results, labels) {
    var node = element("table", { "class": "zelfscan-table" });
    node.appendChild(textElement("caption", labels.table_caption));
    var head = element("tr");
    [labels.col_factor, labels.col_score, labels.col_answered, labels.col_verdict].forEach(function (label) {
      head.appendChild(textElement("th", label, { scope: "col" }));
    });
    node.appendChild(element("thead")).appendChild(head);
    var body = node.appendChild(element("tbody"));
    results.forEach(function (result) {
      var row = body.appendChild(element("tr", { "data-factor": result.factor.id }));
      var name = row.appendChild(element("th", { scope: "row" }));
      name.appendChild(element("a", { href: result.factor.href }, result.factor.number + ". " + result.factor.name));
      row.appendChild(textElement("td", result.mean === null ? "–" : formatScore(result.mean), { "class": "zelfscan-score" }));
      row.appendChild(textElement("td", format(labels.answered, { answered: result.answered, total: result.total })));
      var verdict = result.mean === null ? labels.verdict_none : result.weak ? labels.verdict_weak : labels.verdict_ok;
      row.appendChild(textElement("td", verdict, { "class": "zelfscan-verdict" }));
    });
    return node;
  }

  function roleName(role, data) {
    var audience = data.audiences.filter(function (a) { return a.id === role; })[0];
    return audience ? plainText(audience.name_lower) : "";
  }

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
      var heading = role ? format(labels.recommendations_for, { role: roleName(role, data) }) : labels.recommendations_all;
      block.appendChild(textElement("h5", heading));
      var recommendations = recommendationsFor(factor, role, data);
      if (!recommendations.length) {
        block.appendChild(textElement("p", labels.no_recommendations));
      } else {
        var list = block.appendChild(element("ul", { "class": "zelfscan-recommendations" }));
        recommendations.forEach(function (rec) {
          list.appendChild(element("li", { "data-recommendation": rec.id })).appendChild(element("a", { href: rec.href }, rec.text));
        });
      }
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
    var total = data.factors.reduce(function (n, f) { return n + f.questions.length; }, 0);
    var answered = Object.keys(answers).length;
    var scored = results.filter(function (r) { return r.mean !== null; });
    if (!scored.length) return labels.summary_empty;
    var weak = results.filter(function (r) { return r.weak; });
    var text = format(labels.summary, { answered: answered, total: total }) + " ";
    if (weak.length) {
      var names = weak.map(function (r) { return plainText(r.factor.name); }).join(", ");
      return text + format(labels.summary_weak, { factors: names });
    }
    return text + format(labels.summary_no_weak, { threshold: formatScore(data.threshold) });
  }

  function showResults(scan) {
    var answers = readAnswers(scan.form, scan.data);
    var role = readRole(scan.form, scan.data);
    var results = weakestFirst(score(scan.data, answers));
    var details = document.getElementById("zelfscan-details");
    details.textContent = "";
    if (results.some(function (r) { return r.mean !== null; })) {
      details.appendChild(chart(results, scan.data, scan.labels));
      details.appendChild(table(results, scan.labels));
      details.appendChild(advice(results, role, scan.data, scan.labels));
    }
    document.getElementById("zelfscan-summary").textContent = summary(results, answers, scan.data, scan.labels);
  }

  // -- export and import -----------------------------------------------------------------

  function exportAnswers(scan) {
    var payload = {
      zelfscan: scan.data.format,
      edition: scan.data.edition,
      version: scan.data.version,
      role: readRole(scan.form, scan.data),
      answers: readAnswers(scan.form, scan.data),
    };
    var blob = new Blob([JSON.stringify(payload, null, 2) + "\n"], { type: "application/json" });
    var url = URL.createObjectURL(blob);
    var anchor = element("a", { href: url, download: scan.labels.export_file, hidden: "" });
    document.body.appendChild(anchor);
    anchor.click();
    anchor.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    setFileStatus(format(scan.labels.exported, { file: scan.labels.export_file }));
  }

  function isSavedScan(payload) {
    return payload !== null && typeof payload === "object" && typeof payload.answers === "object" && payload.answers !== null && !Array.isArray(payload.answers);
  }

  /* Only answers that fit a question and a scale value of this page are restored. */
  function validAnswers(payload, data) {
    var allowed = {};
    data.scale.forEach(function (step) { allowed[String(step.value)] = true; });
    allowed[DONT_KNOW] = true;
    var known = {};
    data.factors.forEach(function (f) { f.questions.forEach(function (q) { known[q.id] = true; }); });
    var answers = {}, skipped = 0;
    Object.keys(payload.answers).forEach(function (id) {
      var value = payload.answers[id];
      if (known[id] && allowed[String(value)]) answers[id] = value;
      else skipped += 1;
    });
    return { answers: answers, skipped: skipped };
  }

  function importAnswers(scan, file) {
    var name = file.name;
    file.text().then(function (text) {
      var payload;
      try { payload = JSON.parse(text); } catch (error) { payload = null; }
      if (!isSavedScan(payload)) {
        setFileStatus(format(scan.labels.import_failed, { file: name }));
        return;
      }
      var restored = validAnswers(payload, scan.data);
      writeAnswers(scan.form, scan.data, restored.answers);
      var messages = [format(scan.labels.imported, { file: name })];
      var roles = scan.data.audiences.map(function (a) { return a.id; });
      if (scan.data.fixed_role) {
        if (payload.role && payload.role !== scan.data.fixed_role) {
          messages.push(format(scan.labels.import_role, { role: roleName(scan.data.fixed_role, scan.data) }));
        }
      } else if (payload.role === "" || roles.indexOf(payload.role) >= 0) {
        writeRole(scan.form, payload.role);
      }
      if (restored.skipped) messages.push(format(scan.labels.import_skipped, { count: restored.skipped }));
      setFileStatus(messages.join(" "));
      showResults(scan);
    });
  }

  function setFileStatus(text) {
    document.getElementById("zelfscan-file-status").textContent = text;
  }

  // -- wiring ---------------------------------------------------------------------------

  function start() {
    var data = readJson("zelfscan-data");
    var form = document.getElementById("zelfscan-form");
    if (!data || !form) return; // not the zelfscan page
    var scan = { data: data, labels: readJson("zelfscan-labels"), form: form };
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      showResults(scan);
    });
    document.getElementById("zelfscan-show").addEventListener("click", function () {
      showResults(scan);
      var results = document.getElementById("zelfscan-results");
      results.setAttribute("tabindex", "-1");
      results.focus();
    });
    document.getElementById("zelfscan-export").addEventListener("click", function () { exportAnswers(scan); });
    document.getElementById("zelfscan-print").addEventListener("click", function () { window.print(); });
    var input = document.getElementById("zelfscan-import");
    input.addEventListener("change", function () {
      if (input.files && input.files[0]) importAnswers(scan, input.files[0]);
      input.value = "";
    });
    document.documentElement.classList.add("zelfscan-ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
