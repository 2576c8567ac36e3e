/* Teamscan: lays the saved zelfscans of several people side by side, in the browser only.
 *
 * The files are read with the File API (picked or dropped) and never sent or kept: a reload
 * starts empty. Scoring is the zelfscan's own (window.PraktijkgidsScan, zelfscan.js): per
 * person a mean per factor, then per factor the number of people, their mean, the lowest and
 * highest score, the mean per role, and the flags. Interface words come from #teamscan-labels.
 */
(function () {
  "use strict";

  var scan = window.PraktijkgidsScan;
  if (!scan) return;
  var element = scan.element, textElement = scan.textElement, svgElement = scan.svgElement;
  var format = scan.format, plainText = scan.plainText, formatScore = scan.formatScore;
  var AGENDA_SIZE = 3;

  function rolesPresent(team) {
    var present = {};
    team.people.forEach(function (person) { present[person.role] = true; });
    return team.data.audiences.filter(function (a) { return present[a.id]; });
  }

  function flags(result, labels) {
    var found = [];
    if (result.weak) found.push(labels.flag_weak);
    if (result.disputed) found.push(labels.flag_disputed);
    return found;
  }

  function range(result) {
    return formatScore(result.low) + "–" + formatScore(result.high);
  }

  /* Per factor a text band (name; mean, range, people, flags) and a bar band: the range as an
     outlined bar (hatched when views differ) and the mean as a black diamond. The threshold
     line crosses the bar bands only. No colour carries meaning. */
  function chart(results, team, labels) {
    var rule = team.data.scoring;
    var width = 640, left = 8, plot = 600, rowHeight = 66, top = 62, barTop = 38, barHeight = 16;
    var height = top + results.length * rowHeight + 28;
    var x = function (value) { return left + (plot * value) / rule.max; };
    var svg = scan.chartFrame("teamscan", width, height, labels);
    // legend: shapes and words, never colour alone
    svg.appendChild(svgElement("rect", { x: left, y: 6, width: 22, height: 12, fill: "none", stroke: "currentColor" }));
    svg.appendChild(svgElement("text", { x: left + 28, y: 17 }, labels.legend_range));
    svg.appendChild(svgElement("path", { d: diamond(left + 262, 12, 7), fill: "currentColor" }));
    svg.appendChild(svgElement("text", { x: left + 274, y: 17 }, labels.legend_mean));
    svg.appendChild(svgElement("rect", { x: left + 392, y: 6, width: 22, height: 12, fill: "url(#teamscan-hatch)", stroke: "currentColor" }));
    svg.appendChild(svgElement("text", { x: left + 420, y: 17 }, format(labels.legend_disputed, { spread: formatScore(rule.dispute_spread) })));
    var bands = [];
    results.forEach(function (result, index) {
      var y = top + index * rowHeight;
      svg.appendChild(svgElement("text", { x: left, y: y + 14, "font-weight": "bold", "class": "teamscan-chart-label" }, result.factor.number + ". " + plainText(result.factor.name)));
      var line = result.mean === null ? labels.no_scores : format(labels.chart_line, { mean: formatScore(result.mean), range: range(result), n: result.n });
      var found = flags(result, labels);
      if (found.length) line += " · " + found.join(" · ");
      svg.appendChild(svgElement("text", { x: left, y: y + 31, "class": "teamscan-chart-stats" }, line));
      bands.push([y + barTop - 3, y + barTop + barHeight + 3]);
      if (result.mean === null) return;
      svg.appendChild(svgElement("rect", {
        x: x(result.low), y: y + barTop, width: Math.max(2, x(result.high) - x(result.low)), height: barHeight,
        fill: result.disputed ? "url(#teamscan-hatch)" : "none", stroke: "currentColor", "stroke-width": 1.5,
        "class": result.disputed ? "teamscan-range teamscan-range--disputed" : "teamscan-range",
      }));
      svg.appendChild(svgElement("path", { d: diamond(x(result.mean), y + barTop + barHeight / 2, 8), fill: "currentColor", stroke: "Canvas", "stroke-width": 1.5, "class": "teamscan-mean" }));
    });
    scan.thresholdLine(svg, x(rule.threshold), bands, top - 12, format(labels.threshold, { threshold: formatScore(rule.threshold) }));
    scan.axis(svg, team.data.scale, x, top + results.length * rowHeight);
    return svg;
  }

  function diamond(cx, cy, r) {
    return "M" + cx + " " + (cy - r) + "L" + (cx + r) + " " + cy + "L" + cx + " " + (cy + r) + "L" + (cx - r) + " " + cy + "Z";
  }

  function table(results, team, labels) {
    var roles = rolesPresent(team);
    var columns = [labels.col_factor, labels.col_people, labels.col_mean, labels.col_range];
    roles.forEach(function (role) { columns.push(format(labels.col_role, { role: plainText(role.name_lower) })); });
    columns.push(labels.col_flags);
    return scan.factorTable("teamscan-table", labels.table_caption, columns, results, function (row, result) {
      row.appendChild(textElement("td", String(result.n), { "class": "teamscan-n" }));
      row.appendChild(textElement("td", result.mean === null ? "–" : formatScore(result.mean), { "class": "teamscan-mean" }));
      row.appendChild(textElement("td", result.mean === null ? "–" : range(result), { "class": "teamscan-range" }));
      roles.forEach(function (role) {
        var value = result.byRole[role.id];
        row.appendChild(textElement("td", value === undefined ? "–" : formatScore(value), { "class": "teamscan-role", "data-role": role.id }));
      });
      row.appendChild(textElement("td", flags(result, labels).join("; ") || "–", { "class": "teamscan-flags" }));
    });
  }

  function agendaItem(position, result, reasons, team, labels) {
    var factor = result.factor;
    var item = element("article", { "class": "teamscan-agenda-item", "data-factor": factor.id });
    item.appendChild(element("h3", {}, format(labels.agenda_item, { position: position, factor: factor.name })));
    item.appendChild(textElement("p", reasons.join(" ") + " " + format(labels.agenda_numbers, { mean: formatScore(result.mean), range: range(result), n: result.n }), { "class": "teamscan-agenda-why" }));
    item.appendChild(scan.conversationList(factor, labels.conversation, "h4"));
    rolesPresent(team).forEach(function (role) {
      item.appendChild(textElement("h4", format(labels.recommendations_for, { role: plainText(role.name_lower) })));
      var list;
      if (role.elsewhere) {
        // a tailored edition lists its own audience's recommendations only
        list = element("p", { "class": "teamscan-elsewhere" });
        list.appendChild(textElement("a", format(labels.recommendations_elsewhere, { role: plainText(role.name_lower) }), { href: role.elsewhere }));
      } else {
        list = scan.recommendationList(factor.recommendations[role.id] || [], labels.no_recommendations);
      }
      list.setAttribute("data-role", role.id);
      item.appendChild(list);
    });
    return item;
  }

  /* The three weakest and the three most disputed factors, each once, weakest first. */
  function agenda(results, team, labels) {
    var picked = scan.agenda(results, AGENDA_SIZE);
    var node = element("div", { "class": "teamscan-agenda-list" });
    var listed = {};
    var order = picked.weakest.concat(picked.disputed);
    order.forEach(function (result) {
      if (listed[result.factor.id]) return;
      listed[result.factor.id] = true;
      var reasons = [];
      if (picked.weakest.indexOf(result) >= 0) reasons.push(labels.agenda_weakest);
      if (picked.disputed.indexOf(result) >= 0) reasons.push(labels.agenda_disputed);
      node.appendChild(agendaItem(Object.keys(listed).length, result, reasons, team, labels));
    });
    return node;
  }

  function render(team) {
    var labels = team.labels;
    var details = document.getElementById("teamscan-details");
    var agendaBox = document.getElementById("teamscan-agenda");
    details.textContent = "";
    agendaBox.textContent = "";
    var results = scan.weakestFirst(scan.teamFactors(team.data, team.people));
    document.getElementById("teamscan-agenda-print").hidden = true;
    if (!team.people.length) {
      document.getElementById("teamscan-summary").textContent = labels.summary_empty;
      return;
    }
    var roles = rolesPresent(team).map(function (role) {
      var count = team.people.filter(function (p) { return p.role === role.id; }).length;
      return count + " " + plainText(count === 1 ? role.singular : role.name_lower);
    });
    var weak = results.filter(function (r) { return r.weak; }).length;
    var disputed = results.filter(function (r) { return r.disputed; }).length;
    document.getElementById("teamscan-summary").textContent = format(labels.summary, { people: team.people.length, roles: roles.join(", "), weak: weak, disputed: disputed });
    if (!results.some(function (r) { return r.mean !== null; })) return;
    details.appendChild(chart(results, team, labels));
    // a wide table (a column per role) scrolls on its own instead of squeezing the names
    details.appendChild(element("div", { "class": "teamscan-table-wrap" })).appendChild(table(results, team, labels));
    agendaBox.appendChild(agenda(results, team, labels));
    document.getElementById("teamscan-agenda-print").hidden = false;
  }

  /* Read the files in the order given; a broken one is reported by name and skipped. */
  function load(team, files) {
    var list = Array.prototype.slice.call(files);
    if (!list.length) return;
    Promise.all(list.map(function (file) {
      return file.text().then(function (text) { return { name: file.name, text: text }; }, function () { return { name: file.name, text: null }; });
    })).then(function (read) {
      var messages = [];
      read.forEach(function (file) {
        var payload = null;
        try { payload = file.text === null ? null : JSON.parse(file.text); } catch (error) { payload = null; }
        var person = scan.readExport(payload, team.data, team.labels);
        if (person.error) {
          messages.push({ text: format(team.labels.file_skipped, { file: file.name, reason: person.error }), error: true });
          return;
        }
        if (team.seen[file.text]) {
          messages.push({ text: format(team.labels.file_duplicate, { file: file.name }), error: true });
          return;
        }
        team.seen[file.text] = true;
        team.people.push({ role: person.role, answers: person.answers, file: file.name });
        var role = team.data.audiences.filter(function (a) { return a.id === person.role; })[0];
        var text = format(team.labels.file_loaded, { file: file.name, role: plainText(role.singular), count: Object.keys(person.answers).length });
        if (person.skipped) text += " " + format(team.labels.file_partly, { count: person.skipped });
        messages.push({ text: text, error: false });
      });
      showMessages(messages);
      render(team);
    });
  }

  function showMessages(messages) {
    var list = document.getElementById("teamscan-messages");
    list.textContent = "";
    messages.forEach(function (message) {
      list.appendChild(textElement("li", message.text, { "class": message.error ? "teamscan-message teamscan-message--error" : "teamscan-message" }));
    });
  }

  function start() {
    var data = scan.readJson("teamscan-data");
    var zone = document.getElementById("teamscan-drop");
    if (!data || !zone) return; // not the teamscan page
    var team = { data: data, labels: scan.readJson("teamscan-labels"), people: [], seen: {} };
    var input = document.getElementById("teamscan-files");
    input.addEventListener("change", function () {
      if (input.files) load(team, input.files);
      input.value = "";
    });
    ["dragenter", "dragover"].forEach(function (type) {
      zone.addEventListener(type, function (event) {
        event.preventDefault();
        zone.classList.add("teamscan-drop--over");
      });
    });
    zone.addEventListener("dragleave", function () { zone.classList.remove("teamscan-drop--over"); });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      zone.classList.remove("teamscan-drop--over");
      if (event.dataTransfer && event.dataTransfer.files) load(team, event.dataTransfer.files);
    });
    document.getElementById("teamscan-clear").addEventListener("click", function () {
      team.people = [];
      team.seen = {};
      showMessages([{ text: team.labels.cleared, error: false }]);
      render(team);
    });
    var root = document.documentElement;
    document.getElementById("teamscan-agenda-print").addEventListener("click", function () {
      root.classList.add("teamscan-print-agenda");
      window.print();
    });
    window.addEventListener("afterprint", function () { root.classList.remove("teamscan-print-agenda"); });
    render(team);
    root.classList.add("teamscan-ready");
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
