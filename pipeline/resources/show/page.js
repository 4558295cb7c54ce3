// zhkg show: builds the statement table from the embedded data and links every view of a
// statement (evidence in the text, table row, graph dot and lines) to its subject on hover.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("zhkg-data").textContent);
  var bySubject = {};
  var tbody = document.querySelector("#statement-table tbody");

  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text || "";
    if (cls) { td.className = cls; }
    row.appendChild(td);
  }

  data.statements.forEach(function (s) {
    (bySubject[s.subject_id] = bySubject[s.subject_id] || []).push(s.id);
    var row = document.createElement("tr");
    row.dataset.st = s.id;
    row.dataset.subj = s.subject_id;
    cell(row, s.document);
    cell(row, s.subject);
    cell(row, s.predicate);
    cell(row, s.value_text, "num");
    cell(row, s.unit + (s.currency ? " (" + s.currency + ")" : ""));
    cell(row, s.object);
    cell(row, s.place);
    cell(row, s.time);
    cell(row, s.evidence, "evidence");
    tbody.appendChild(row);
  });
  document.getElementById("statement-count").textContent =
    data.statements.length + " statements in " + data.documents + " documents " +
    "(hover a row, an evidence span or an entity to see its links; click a row to find it in the text).";

  var lit = [];
  function clear() {
    lit.forEach(function (el) { el.classList.remove("hl"); });
    lit = [];
  }
  function light(selector) {
    document.querySelectorAll(selector).forEach(function (el) {
      el.classList.add("hl");
      lit.push(el);
    });
  }
  function lightStatement(id, subject) {
    light('[data-st="' + id + '"]');
    if (subject) { light('[data-ent="' + subject + '"]'); }
  }

  document.addEventListener("mouseover", function (event) {
    var target = event.target.closest("[data-st], [data-ent]");
    clear();
    if (!target) { return; }
    if (target.dataset.st) {
      lightStatement(target.dataset.st, target.dataset.subj ||
        (data.subject_of[target.dataset.st] || ""));
    } else {
      light('[data-ent="' + target.dataset.ent + '"]');
      (bySubject[target.dataset.ent] || []).forEach(function (id) { light('[data-st="' + id + '"]'); });
    }
  });

  tbody.addEventListener("click", function (event) {
    var row = event.target.closest("tr[data-st]");
    var span = row && document.querySelector('.doc [data-st="' + row.dataset.st + '"]');
    if (span) { span.scrollIntoView({ behavior: "smooth", block: "center" }); }
  });
})();
