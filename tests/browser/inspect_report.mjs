// Opens an HTML report in headless Chromium, runs scripted steps on it (typing into the
// filter box, opening a table, showing more rows) and prints, as one JSON object, what the
// page holds after its scripts ran and after each step: the graph's nodes, the lists of
// what did not match, the column mapping of the open tables, the scripts and images in
// the DOM, every request the page made, every error, and timings. The browser tests
// (tests/cli/html_browser_test.cc) assert on that; this script only observes.
//
//   node inspect_report.mjs --report FILE [--steps JSON] [--screenshot FILE]
//                           [--width 1280] [--height 900]
// Steps: [{"filter": "text"}, {"open": "TABLE"}, {"showMore": true}, …]. --screenshot
// also writes the viewport as PNG (scripts/screenshot_report.sh uses this).
import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { Browser } from "./chromium.mjs";
import { pngStats } from "./png_stats.mjs";

const { values: options } = parseArgs({
  options: {
    report: { type: "string" },
    steps: { type: "string", default: "[]" },
    screenshot: { type: "string" },
    width: { type: "string", default: "1280" },
    height: { type: "string", default: "900" },
  },
});
if (!options.report) {
  console.error("usage: inspect_report.mjs --report FILE [--steps JSON] [--screenshot FILE]");
  process.exit(2);
}
const reportUrl = pathToFileURL(resolve(options.report)).href;
const steps = JSON.parse(options.steps);
const width = Number(options.width);
const height = Number(options.height);

// What the page shows, read in the page.
const SNAPSHOT = `(() => {
  const texts = (selector) => [...document.querySelectorAll(selector)].map((e) => e.textContent);
  const lane = (kind) => texts('#graph g.row .node.' + kind + ' > title');
  return {
    ready: document.documentElement.getAttribute('data-ready') === '1',
    svg: document.querySelectorAll('svg#graph').length,
    rows: document.querySelectorAll('#graph g.row').length,
    postgres: lane('postgres'),
    s3: lane('s3'),
    s3Labels: texts('#graph g.row .node.s3 > text:not(.badge)'),
    s3Badges: texts('#graph g.row .node.s3 > text.badge'),
    laneTitles: texts('#graph text.lane'),
    snowflake: lane('snowflake'),
    edges: document.querySelectorAll('#graph path.edge').length,
    tagButtons: texts('.search button.tag'),
    taggedRows: document.querySelectorAll('#graph g.row.tagged').length,
    tagTraces: texts('details.table[open] .tag-trace .trace'),
    status: document.getElementById('graph-status')?.textContent ?? null,
    showMoreHidden: document.getElementById('show-more')?.hidden ?? null,
    unmatchedObjects: [...document.querySelectorAll('#unmatched-objects li')].map(
      (li) => [li.querySelector('code').textContent, li.querySelector('.reason').textContent]),
    unpartnered: [...document.querySelectorAll('#unpartnered-tables li')].map(
      (li) => [li.querySelector('code').textContent, li.querySelector('.reason').textContent]),
    excluded: [...document.querySelectorAll('#excluded-keys li')].map(
      (li) => [li.querySelector('code').textContent, li.querySelector('.reason').textContent]),
    openTables: [...document.querySelectorAll('details.table[open]')].map((d) => ({
      table: d.getAttribute('data-table'),
      rows: [...d.querySelectorAll('tr')].map((tr) => [...tr.cells].map((c) => c.textContent)),
      why: d.querySelector('.why')?.textContent ?? null,
      folders: d.querySelector('.folders')?.textContent ?? null,
      keys: d.querySelector('.keys')?.textContent ?? null,
    })),
    mappingTables: document.querySelectorAll('details.table').length,
    changes: [...document.querySelectorAll('table.counts tr')].map((tr) => [...tr.cells].map((c) => c.textContent)),
    figures: texts('.figure'),
    title: document.querySelector('h1')?.textContent ?? null,
    about: document.querySelector('.about')?.textContent ?? null,
    scripts: document.scripts.length,
    images: document.images.length,
    iframes: document.querySelectorAll('iframe, object, embed').length,
    pwned: typeof window.__pwned === 'undefined' ? null : String(window.__pwned),
    bodyText: document.body.innerText,
    timings: window.deltaArcTimings ?? null,
  };
})()`;

const NEXT_PAINT = "new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(true))))";

async function waitUntilReady(page) {
  for (let waited = 0; waited < 60000; waited += 5) {
    if (await page.evaluate("document.documentElement?.getAttribute('data-ready') === '1'")) return true;
    await new Promise((r) => setTimeout(r, 5));
  }
  return false;
}

async function runStep(page, step) {
  const started = Date.now();
  if ("filter" in step) {
    await page.evaluate("(() => { const i = document.getElementById('filter'); i.focus(); i.select(); })()");
    if (step.filter) {
      await page.send("Input.insertText", { text: step.filter }); // as typed: one input event
    } else {
      await page.evaluate(
        "(() => { const i = document.getElementById('filter'); i.value = ''; i.dispatchEvent(new Event('input')); })()"
      );
    }
  } else if ("open" in step) {
    const clicked = await page.evaluate(`(() => {
      const name = ${JSON.stringify(step.open)};
      const row = [...document.querySelectorAll('#graph g.row')].find((g) =>
        [...g.querySelectorAll('.node.postgres > title, .node.snowflake > title')].some(
          (t) => t.textContent === name || t.textContent.endsWith('/' + name)));
      if (!row) return false;
      row.dispatchEvent(new MouseEvent('click', { bubbles: true }));
      return true;
    })()`);
    if (!clicked) throw new Error(`no row of the graph is the table ${step.open}`);
  } else if (step.showMore) {
    await page.evaluate("document.getElementById('show-more').click()");
  }
  await page.evaluate(NEXT_PAINT);
  return Date.now() - started;
}

async function main() {
  const browser = await Browser.launch({ width, height });
  // However it ends, the browser goes with this script.
  const watchdog = setTimeout(async () => {
    console.error("inspect_report: gave up after 150 s");
    await browser.close();
    process.exit(3);
  }, 150000);
  try {
    const page = await browser.newPage();
    const requests = [];
    const errors = [];
    page.on("Network.requestWillBeSent", (p) => requests.push(p.request.url));
    page.on("Runtime.exceptionThrown", (p) =>
      errors.push(p.exceptionDetails.exception?.description || p.exceptionDetails.text)
    );
    page.on("Runtime.consoleAPICalled", (p) => {
      if (p.type === "error") errors.push(p.args.map((a) => a.value ?? a.description).join(" "));
    });
    page.on("Log.entryAdded", (p) => {
      if (p.entry.level === "error") errors.push(p.entry.text);
    });
    await page.send("Network.enable");
    await page.send("Runtime.enable");
    await page.send("Log.enable");
    await page.send("Page.enable");
    await page.send("Emulation.setDeviceMetricsOverride", { width, height, deviceScaleFactor: 1, mobile: false });

    const navigated = Date.now();
    await page.send("Page.navigate", { url: reportUrl });
    const ready = await waitUntilReady(page);
    const loadMs = Date.now() - navigated;
    const snapshots = [await page.evaluate(SNAPSHOT)];
    const stepMs = [];
    if (ready) {
      for (const step of steps) {
        stepMs.push(await runStep(page, step));
        snapshots.push(await page.evaluate(SNAPSHOT));
      }
    }
    await page.evaluate("window.scrollTo(0, 0)");
    await page.evaluate(NEXT_PAINT);
    const { data } = await page.send("Page.captureScreenshot", { format: "png" });
    const png = Buffer.from(data, "base64");
    if (options.screenshot) writeFileSync(options.screenshot, png);
    const result = {
      url: reportUrl,
      ready,
      loadMs,
      stepMs,
      snapshots,
      requests,
      errors,
      screenshot: { bytes: png.length, ...pngStats(png) },
      reportBytes: readFileSync(options.report).length,
    };
    process.stdout.write(JSON.stringify(result) + "\n");
  } finally {
    clearTimeout(watchdog);
    await browser.close();
  }
}

main().catch((error) => {
  console.error(`inspect_report: ${error.stack || error}`);
  process.exit(1);
});
