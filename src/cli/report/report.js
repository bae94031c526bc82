// The HTML report's script (embedded by src/cli/html_report.cc): draws the run's data, read
// from the JSON block #delta-arc-data. Every text goes in through textContent or an attribute,
// never as markup, so names and keys are shown exactly as they are, whatever they hold.
// A tenant of 10,000 tables stays responsive: the graph and the lists draw at most a few
// hundred rows of what the filter matches, and say how many more there are.
(function () {
  "use strict";
  var started = performance.now();
  var GRAPH_ROWS = 200; // rows drawn at once; "show more" adds as many again
  var LIST_ROWS = 200; // entries per list of things that did not match
  var LABEL_CHARS = 38; // a node's label is cut here; its tooltip holds the whole text
  var SVG = "http://www.w3.org/2000/svg";
  var data = JSON.parse(document.getElementById("delta-arc-data").textContent);
  var app = document.getElementById("app");

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function svg(tag, attributes) {
    var e = document.createElementNS(SVG, tag);
    for (var name in attributes) e.setAttribute(name, String(attributes[name]));
    return e;
  }
  function cut(text) {
    return text.length > LABEL_CHARS ? text.slice(0, LABEL_CHARS - 1) + "\u2026" : text;
  }
  function belowPrefix(key) {
    return data.prefix && key.indexOf(data.prefix) === 0 ? key.slice(data.prefix.length) : key;
  }
  function plural(n, one, many) {
    return n.toLocaleString("en-US") + " " + (n === 1 ? one : many);
  }

  // ---- the tables, each with the text the filter searches ----
  var tables = data.tables.map(function (t, index) {
    var words = [];
    if (t.postgres) words.push(t.postgres.name, t.postgres.qualifiedName);
    if (t.snowflake) words.push(t.snowflake.name, t.snowflake.qualifiedName);
    t.folders.forEach(function (folder) {
      words.push(folder.key);
    });
    // "tag:PII" finds the tables whose files carry PII.
    t.tags.forEach(function (tag) {
      words.push("tag:" + tag);
    });
    return { index: index, table: t, haystack: words.concat(t.keys).join("\n").toLowerCase() };
  });
  // At S3_LINEAGE_LEVEL=prefix a table's lineage runs through its folder, which stands for
  // every file below it (listed or not).
  var prefixLevel = data.level === "prefix";
  // The connectors' names as a person reads them: "Postgres", "MySQL", "Snowflake", …
  var SOURCE = data.figures.sourceConnector;
  var TARGET = data.figures.targetConnector;
  function fileCount(t) {
    return t.folders.length
      ? t.folders.reduce(function (sum, folder) {
          return sum + folder.files;
        }, 0)
      : t.objects;
  }
  function tableName(t) {
    return (t.postgres || t.snowflake).name;
  }

  // ---- page skeleton ----
  var header = el("header");
  header.appendChild(el("h1", null, data.title));
  var about = el("p", "about");
  [
    ["Atlan", data.atlanUrl],
    ["bucket", data.bucket],
    ["prefix", data.prefix || "(whole bucket)"],
    ["S3 connection", data.s3Connection],
    ["made", data.generatedAt],
  ].forEach(function (pair) {
    if (!pair[1]) return;
    var item = el("span", "fact");
    item.appendChild(el("b", null, pair[0] + ": "));
    item.appendChild(document.createTextNode(pair[1]));
    about.appendChild(item);
  });
  header.appendChild(about);
  app.appendChild(header);

  // ---- the run's figures ----
  var figures = el("section", "figures");
  figures.id = "figures";
  var f = data.figures;
  [
    [data.tables.length, "tables with objects"],
    prefixLevel ? [f.s3Folders, "S3 folders"] : null,
    [f.s3Objects, "S3 objects"],
    [data.unmatchedObjects.length, "objects without a table"],
    [data.unpartnered.length, "tables without a partner"],
    [f.atlanRequests, "Atlan requests" + (f.atlanRetries ? " (" + f.atlanRetries + " retries)" : "")],
    [(f.durationMs / 1000).toFixed(1) + " s", "run time"],
  ].forEach(function (pair) {
    if (!pair) return;
    var card = el("div", "figure");
    card.appendChild(el("div", "value", typeof pair[0] === "number" ? pair[0].toLocaleString("en-US") : pair[0]));
    card.appendChild(el("div", "label", pair[1]));
    figures.appendChild(card);
  });
  app.appendChild(figures);

  // ---- filter ----
  var search = el("div", "search");
  var input = el("input");
  input.id = "filter";
  input.type = "search";
  input.placeholder = "Filter by table or key";
  input.setAttribute("aria-label", "Filter by table or key");
  var status = el("span", "status");
  status.id = "graph-status";
  search.appendChild(input);
  // One button per tag the files carry: it filters the tables to those that carry it.
  var allTags = [];
  data.tables.forEach(function (t) {
    t.tags.forEach(function (tag) {
      if (allTags.indexOf(tag) < 0) allTags.push(tag);
    });
  });
  allTags.sort().forEach(function (tag) {
    var button = el("button", "tag", tag);
    button.setAttribute("data-tag", tag);
    button.title = "Show the tables whose files carry " + tag;
    button.addEventListener("click", function () {
      input.value = "tag:" + tag;
      applyFilter();
    });
    search.appendChild(button);
  });
  search.appendChild(status);
  app.appendChild(search);

  // ---- the graph ----
  var graphSection = el("section");
  graphSection.appendChild(el("h2", null, "Lineage: " + SOURCE + " \u2192 S3 \u2192 " + TARGET));
  var graph = svg("svg", { id: "graph", role: "img", "aria-label": "Lineage graph" });
  graphSection.appendChild(graph);
  var more = el("button", "more", "");
  more.id = "show-more";
  graphSection.appendChild(more);
  app.appendChild(graphSection);

  // ---- column mappings ----
  var mappingSection = el("section");
  mappingSection.appendChild(el("h2", null, "Column mapping per table"));
  mappingSection.appendChild(
    el("p", "hint", "Open a table (or click it in the graph) for its columns, and why a column has no partner.")
  );
  var mappingList = el("div");
  mappingList.id = "tables";
  mappingSection.appendChild(mappingList);
  app.appendChild(mappingSection);

  // ---- what did not match ----
  var unmatchedSection = el("section");
  unmatchedSection.id = "unmatched";
  unmatchedSection.appendChild(el("h2", null, "What did not match, and why"));
  function reasonList(id, title, entries, describe) {
    var block = el("div", "reasons");
    block.appendChild(el("h3", null, title + " (" + entries.length.toLocaleString("en-US") + ")"));
    var list = el("ul");
    list.id = id;
    block.appendChild(list);
    var note = el("p", "note");
    block.appendChild(note);
    unmatchedSection.appendChild(block);
    var items = entries.map(function (e) {
      var d = describe(e);
      return { subject: d[0], reason: d[1], haystack: d[0].toLowerCase() };
    });
    return function render(query) {
      list.textContent = "";
      var shown = 0;
      var matching = 0;
      items.forEach(function (item) {
        if (query && item.haystack.indexOf(query) < 0) return;
        matching++;
        if (shown >= LIST_ROWS) return;
        shown++;
        var li = el("li");
        li.appendChild(el("code", null, item.subject));
        li.appendChild(el("span", "reason", item.reason));
        list.appendChild(li);
      });
      note.textContent =
        matching === 0 ? "None." : matching > shown ? (matching - shown).toLocaleString("en-US") + " more: refine the filter." : "";
    };
  }
  var lists = [
    reasonList("unmatched-objects", "Objects without a table", data.unmatchedObjects, function (o) {
      return [o.key, o.reason];
    }),
    reasonList("unpartnered-tables", "Tables without a partner", data.unpartnered, function (u) {
      return [u.qualifiedName, u.connection + ": " + u.reason];
    }),
    reasonList("excluded-keys", "Keys left out", data.excludedKeys, function (o) {
      return [o.key, o.reason];
    }),
  ];
  if (data.listsCut) unmatchedSection.appendChild(el("p", "note", data.listsCut));
  app.appendChild(unmatchedSection);

  // ---- the changes ----
  var changes = el("section");
  changes.id = "changes";
  changes.appendChild(el("h2", null, data.applied ? "Changes written" : "Changes it would make"));
  var table = el("table", "counts");
  var head = el("tr");
  ["asset type", "create", "update", "archive"].forEach(function (h) {
    head.appendChild(el("th", null, h));
  });
  table.appendChild(head);
  data.changes.forEach(function (c) {
    var row = el("tr");
    row.appendChild(el("td", null, c.typeName));
    [c.create, c.update, c.archive].forEach(function (n) {
      row.appendChild(el("td", n ? "num" : "num zero", n.toLocaleString("en-US")));
    });
    table.appendChild(row);
  });
  changes.appendChild(table);
  var summary = el("p", "summary");
  summary.textContent =
    plural(f.unchanged, "asset", "assets") +
    " unchanged." +
    (data.applied ? " Atlan reported " + f.created + " created, " + f.updated + " updated, " + f.archived + " archived." : "") +
    (f.complete ? "" : " The run stopped early; the next one completes it.");
  changes.appendChild(summary);
  ["create", "update", "archive"].forEach(function (kind) {
    var list = data.changeLists[kind];
    if (!list.items.length) return;
    var details = el("details");
    details.appendChild(el("summary", null, kind + " (" + list.total.toLocaleString("en-US") + ")"));
    details.addEventListener("toggle", function fill() {
      details.removeEventListener("toggle", fill);
      var ul = el("ul", "changes");
      list.items.forEach(function (item) {
        var li = el("li");
        li.appendChild(el("span", "type", item[0]));
        li.appendChild(el("code", null, item[1]));
        ul.appendChild(li);
      });
      details.appendChild(ul);
      if (list.total > list.items.length) {
        details.appendChild(el("p", "note", (list.total - list.items.length).toLocaleString("en-US") + " more: `delta-arc plan --json` lists every change."));
      }
    });
    changes.appendChild(details);
  });
  app.appendChild(changes);

  // A column's name, and its type as its catalog names it.
  function columnCell(name, type) {
    var cell = el("td", null, name);
    if (type) {
      cell.appendChild(document.createTextNode(" "));
      cell.appendChild(el("span", "type", type));
    }
    return cell;
  }

  // ---- column mapping of one table, built when it is opened ----
  function columnMapping(t) {
    var box = el("div", "columns");
    if (!t.postgres || !t.snowflake) {
      box.appendChild(el("p", "why", "No column lineage: " + (t.postgres ? "no " + TARGET + " table to load into." : "no " + SOURCE + " table exports it.")));
    } else {
      if (!t.headerRead) box.appendChild(el("p", "note", "No CSV header was read" + (t.headerNote ? " (" + t.headerNote + ")" : "") + ": columns are paired by name alone."));
      var grid = el("table", "mapping");
      var top = el("tr");
      [SOURCE + " column", "", TARGET + " column"].forEach(function (h) {
        top.appendChild(el("th", null, h));
      });
      grid.appendChild(top);
      // pair: [postgres, snowflake, postgres type, file type, snowflake type, types disagree]
      t.columns.forEach(function (pair) {
        var row = el("tr", pair[5] ? "linked types-differ" : "linked");
        row.appendChild(columnCell(pair[0], pair[2]));
        var arrow = el("td", "arrow", "\u2192");
        if (pair[3]) {
          arrow.appendChild(document.createTextNode(" "));
          arrow.appendChild(el("span", "type file-type", pair[3]));
        }
        row.appendChild(arrow);
        row.appendChild(columnCell(pair[1], pair[4]));
        if (pair[5]) {
          row.appendChild(el("td", "reason", "types differ: " + [pair[2], pair[3], pair[4]].filter(Boolean).join(" / ")));
        }
        grid.appendChild(row);
      });
      t.unlinked.forEach(function (u) {
        var row = el("tr", "unlinked");
        var postgres = u[0] === "postgres";
        row.appendChild(el("td", null, postgres ? u[1] : ""));
        row.appendChild(el("td", "arrow", "\u00d7"));
        row.appendChild(el("td", null, postgres ? "" : u[1]));
        row.appendChild(el("td", "reason", u[2]));
        grid.appendChild(row);
      });
      box.appendChild(grid);
    }
    if (t.tagTrace.length) {
      var traced = el("p", "tag-trace");
      traced.appendChild(el("b", null, "tagged columns: "));
      t.tagTrace.forEach(function (entry, i) {
        if (i) traced.appendChild(document.createTextNode(", "));
        var item = el("span", "trace " + entry[2].replace(/ /g, "-"), entry[0] + " " + entry[1] + " \u2192 " + entry[2]);
        item.title = entry[2] === "gap" ? "The " + TARGET + " column lacks the tag: a governance gap" : entry[2];
        traced.appendChild(item);
      });
      box.appendChild(traced);
    }
    if (t.folders.length) {
      var folders = el("p", "folders");
      folders.appendChild(el("b", null, (t.folders.length === 1 ? "folder" : "folders") + ": "));
      t.folders.forEach(function (folder, i) {
        if (i) folders.appendChild(document.createTextNode(", "));
        folders.appendChild(el("code", null, folder.key));
        folders.appendChild(document.createTextNode(" (" + plural(folder.files, "file", "files") + ")"));
      });
      box.appendChild(folders);
    }
    var files = fileCount(t);
    var keys = el("p", "keys");
    keys.appendChild(el("b", null, plural(files, "file", "files") + (t.keys.length < files ? ", among them" : "") + ": "));
    t.keys.slice(0, 20).forEach(function (k, i) {
      if (i) keys.appendChild(document.createTextNode(", "));
      keys.appendChild(el("code", null, k));
    });
    if (files > Math.min(t.keys.length, 20)) keys.appendChild(document.createTextNode(" \u2026"));
    box.appendChild(keys);
    return box;
  }
  var openDetails = {};
  function tableDetails(entry) {
    var t = entry.table;
    var details = el("details", "table");
    details.id = "table-" + entry.index;
    details.setAttribute("data-table", tableName(t));
    var head = el("summary");
    head.appendChild(el("b", null, t.postgres ? t.postgres.name : "(no " + SOURCE + " table)"));
    head.appendChild(document.createTextNode(" \u2192 "));
    head.appendChild(el("b", null, t.snowflake ? t.snowflake.name : "(no " + TARGET + " table)"));
    head.appendChild(
      el("span", "count", t.postgres && t.snowflake ? plural(t.columns.length, "column", "columns") + " linked" + (t.unlinked.length ? ", " + t.unlinked.length + " without a partner" : "") : "")
    );
    details.appendChild(head);
    details.addEventListener("toggle", function () {
      if (details.open && !details.querySelector(".columns")) details.appendChild(columnMapping(t));
      openDetails[entry.index] = details.open;
    });
    if (openDetails[entry.index]) {
      details.appendChild(columnMapping(t));
      details.open = true;
    }
    return details;
  }

  // ---- drawing the graph: three lanes, one row per table ----
  var LANE = [
    { x: 10, title: SOURCE + " tables" },
    { x: 345, title: prefixLevel ? "S3 folders" : "S3 objects" },
    { x: 680, title: TARGET + " tables" },
  ];
  var NODE_W = 270,
    NODE_H = 28,
    ROW_H = 40,
    TOP = 34,
    WIDTH = 960;
  function node(lane, y, kind, label, tooltip, badge, missing) {
    var g = svg("g", { class: "node " + kind + (missing ? " missing" : "") });
    g.appendChild(svg("rect", { x: LANE[lane].x, y: y, width: NODE_W, height: NODE_H, rx: 5 }));
    var text = svg("text", { x: LANE[lane].x + 10, y: y + 18 });
    text.textContent = cut(label);
    g.appendChild(text);
    var title = svg("title", {});
    title.textContent = tooltip;
    g.appendChild(title);
    if (badge) {
      var b = svg("text", { class: "badge", x: LANE[lane].x + NODE_W - 8, y: y + 18, "text-anchor": "end" });
      b.textContent = badge;
      g.appendChild(b);
    }
    return g;
  }
  function edge(fromLane, toLane, y, dashed) {
    var x1 = LANE[fromLane].x + NODE_W,
      x2 = LANE[toLane].x,
      m = (x1 + x2) / 2,
      cy = y + NODE_H / 2;
    return svg("path", {
      class: "edge" + (dashed ? " dashed" : ""),
      d: "M" + x1 + "," + cy + " C" + m + "," + cy + " " + m + "," + cy + " " + x2 + "," + cy,
    });
  }
  function objectsLabel(t) {
    if (t.objects === 1 && t.keys.length === 1) return belowPrefix(t.keys[0]);
    var first = belowPrefix(t.keys[0] || ""),
      last = belowPrefix(t.keys[t.keys.length - 1] || "");
    var common = 0;
    while (common < first.length && first[common] === last[common]) common++;
    var folder = first.slice(0, first.lastIndexOf("/", common - 1) + 1);
    // The keys' common folder when it names the table, else the first key: the node always
    // says what it holds, never a bare "\u2026".
    if (folder && folder.toLowerCase().indexOf(tableName(t).toLowerCase()) >= 0) return folder + "\u2026";
    return first + " \u2026";
  }
  function drawRow(entry, rowIndex) {
    var t = entry.table,
      y = TOP + rowIndex * ROW_H;
    var g = svg("g", { class: t.tags.length ? "row tagged" : "row", "data-index": entry.index, tabindex: 0 });
    var tagged = t.tags.length ? "\ntags: " + t.tags.join(", ") : "";
    g.appendChild(edge(0, 1, y, !t.postgres));
    g.appendChild(edge(1, 2, y, !t.snowflake));
    g.appendChild(t.postgres ? node(0, y, "postgres", t.postgres.name, t.postgres.qualifiedName) : node(0, y, "postgres", "(no " + SOURCE + " table)", "No " + SOURCE + " table exports these objects", "", true));
    if (t.folders.length) {
      var folderTip = t.folders
        .map(function (folder) {
          return folder.key + " (" + plural(folder.files, "file", "files") + ")";
        })
        .join("\n");
      var label = t.folders.length === 1 ? belowPrefix(t.folders[0].key) : plural(t.folders.length, "folder", "folders");
      g.appendChild(node(1, y, "s3 folder", label, folderTip + tagged, plural(fileCount(t), "file", "files")));
    } else {
      var tooltip = t.keys.slice(0, 50).join("\n") + (t.objects > 50 ? "\n\u2026 " + (t.objects - 50) + " more" : "") + tagged;
      g.appendChild(node(1, y, "s3", objectsLabel(t), tooltip, t.objects > 1 ? "\u00d7" + t.objects.toLocaleString("en-US") : ""));
    }
    g.appendChild(t.snowflake ? node(2, y, "snowflake", t.snowflake.name, t.snowflake.qualifiedName) : node(2, y, "snowflake", "(no " + TARGET + " table)", "No " + TARGET + " table loads these objects", "", true));
    g.addEventListener("click", function () {
      var details = document.getElementById("table-" + entry.index);
      if (!details) return;
      details.open = true;
      details.scrollIntoView({ block: "center" });
    });
    return g;
  }

  // ---- filter and draw ----
  var matching = tables;
  var limit = GRAPH_ROWS;
  function draw() {
    var drawn = matching.slice(0, limit);
    graph.textContent = "";
    var height = TOP + Math.max(drawn.length, 1) * ROW_H;
    graph.setAttribute("viewBox", "0 0 " + WIDTH + " " + height);
    graph.setAttribute("width", WIDTH);
    graph.setAttribute("height", height);
    LANE.forEach(function (lane) {
      var title = svg("text", { class: "lane", x: lane.x, y: 18 });
      title.textContent = lane.title;
      graph.appendChild(title);
    });
    var fragment = document.createDocumentFragment();
    drawn.forEach(function (entry, i) {
      fragment.appendChild(drawRow(entry, i));
    });
    graph.appendChild(fragment);
    if (!drawn.length) {
      var none = svg("text", { class: "empty", x: LANE[0].x, y: TOP + 18 });
      none.textContent = tables.length ? "No table or key matches the filter." : "No object under the prefix matched a table.";
      graph.appendChild(none);
    }
    mappingList.textContent = "";
    var details = document.createDocumentFragment();
    drawn.forEach(function (entry) {
      details.appendChild(tableDetails(entry));
    });
    mappingList.appendChild(details);
    var rest = matching.length - drawn.length;
    status.textContent =
      (input.value ? plural(matching.length, "table matches", "tables match") + " the filter; " : "") +
      "showing " + drawn.length.toLocaleString("en-US") + " of " + plural(tables.length, "table", "tables") +
      (rest > 0 ? "; " + rest.toLocaleString("en-US") + " more, refine the filter" : "");
    more.hidden = rest <= 0;
    more.textContent = "Show " + Math.min(rest, GRAPH_ROWS).toLocaleString("en-US") + " more";
  }
  function applyFilter() {
    var query = input.value.trim().toLowerCase();
    matching = query
      ? tables.filter(function (entry) {
          return entry.haystack.indexOf(query) >= 0;
        })
      : tables;
    limit = GRAPH_ROWS;
    draw();
    lists.forEach(function (render) {
      render(query);
    });
  }
  more.addEventListener("click", function () {
    limit += GRAPH_ROWS;
    draw();
  });
  input.addEventListener("input", function () {
    var t0 = performance.now();
    applyFilter();
    window.deltaArcTimings.lastFilterMs = performance.now() - t0;
  });

  tables.sort(function (a, b) {
    var x = tableName(a.table).toLowerCase(),
      y = tableName(b.table).toLowerCase();
    return x < y ? -1 : x > y ? 1 : 0;
  });
  applyFilter();
  window.deltaArcTimings = { startMs: started, readyMs: performance.now(), scriptMs: performance.now() - started };
  document.documentElement.setAttribute("data-ready", "1");
})();
