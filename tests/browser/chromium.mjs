// Headless Chromium (Debian's `chromium`, installed by scripts/install_deps.sh) driven over
// the DevTools protocol with npm `ws`: what the HTML report's browser tests and
// scripts/screenshot_report.sh share. Every browser starts with a fresh profile, every host
// name resolves to nothing (so no request can leave the machine), and close() stops it and
// removes the profile.
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
// tools/node holds the project's npm packages (scripts/install_deps.sh runs `npm ci` there).
const WebSocket = require(new URL("../../tools/node/node_modules/ws", import.meta.url).pathname);

// The browser to run: $CHROMIUM, else `chromium` on PATH. Missing is an error: install_deps
// installs it, and `make test` must run these tests, not skip them.
export function chromiumPath() {
  const candidate = process.env.CHROMIUM || "chromium";
  const found = spawnSync("sh", ["-c", 'command -v "$0"', candidate], { encoding: "utf8" });
  if (found.status !== 0 || !found.stdout.trim()) {
    throw new Error(`no Chromium: '${candidate}' is not installed (run scripts/install_deps.sh, which installs Debian's chromium)`);
  }
  return found.stdout.trim();
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export class Browser {
  static async launch({ width = 1280, height = 900 } = {}) {
    const profile = mkdtempSync(join(tmpdir(), "delta-arc-chromium-"));
    const args = [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--no-first-run",
      "--no-default-browser-check",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--disable-extensions",
      "--disable-default-apps",
      "--mute-audio",
      "--hide-scrollbars",
      // No name resolves: nothing the page (or the browser itself) asks for can leave 127.0.0.1.
      "--host-resolver-rules=MAP * ~NOTFOUND",
      `--window-size=${width},${height}`,
      `--user-data-dir=${profile}`,
      "--remote-debugging-port=0",
      "about:blank",
    ];
    // Its own process group, so that close() can stop the renderers with it.
    const child = spawn(chromiumPath(), args, { detached: true, stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (chunk) => (stderr += chunk));
    const browser = new Browser(child, profile);
    try {
      const endpoint = await browser.#devtoolsEndpoint(() => stderr);
      await browser.#connect(endpoint);
    } catch (error) {
      await browser.close();
      throw error;
    }
    return browser;
  }

  constructor(child, profile) {
    this.child = child;
    this.profile = profile;
    this.exited = new Promise((resolve) => child.once("exit", resolve));
    this.nextId = 1;
    this.pending = new Map();
    this.listeners = [];
  }

  // Chromium writes its DevTools port into the profile once it listens.
  async #devtoolsEndpoint(stderr) {
    for (let waited = 0; waited < 30000; waited += 50) {
      if (this.child.exitCode !== null) throw new Error(`chromium exited at start:\n${stderr()}`);
      try {
        const [port, path] = readFileSync(join(this.profile, "DevToolsActivePort"), "utf8").split("\n");
        if (port && path) return `ws://127.0.0.1:${port}${path}`;
      } catch {
        // not yet written
      }
      await sleep(50);
    }
    throw new Error(`chromium did not open its DevTools port in 30 s:\n${stderr()}`);
  }

  async #connect(endpoint) {
    this.socket = new WebSocket(endpoint, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 });
    await new Promise((resolve, reject) => {
      this.socket.once("open", resolve);
      this.socket.once("error", reject);
    });
    this.socket.on("message", (raw) => {
      const message = JSON.parse(raw.toString());
      if (message.id !== undefined) {
        const waiter = this.pending.get(message.id);
        this.pending.delete(message.id);
        if (!waiter) return;
        if (message.error) waiter.reject(new Error(`${waiter.method}: ${message.error.message}`));
        else waiter.resolve(message.result);
        return;
      }
      for (const listener of this.listeners) listener(message);
    });
  }

  send(method, params = {}, sessionId = undefined) {
    const id = this.nextId++;
    const message = { id, method, params };
    if (sessionId) message.sessionId = sessionId;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.socket.send(JSON.stringify(message));
    });
  }

  // Calls `listener(params)` for each `method` event of the session.
  on(sessionId, method, listener) {
    this.listeners.push((message) => {
      if (message.method === method && message.sessionId === sessionId) listener(message.params);
    });
  }

  // A new tab, attached: its session id.
  async newPage() {
    const { targetId } = await this.send("Target.createTarget", { url: "about:blank" });
    const { sessionId } = await this.send("Target.attachToTarget", { targetId, flatten: true });
    return new Page(this, sessionId);
  }

  async close() {
    try {
      if (this.socket && this.socket.readyState === WebSocket.OPEN) {
        await Promise.race([this.send("Browser.close"), sleep(3000)]);
      }
    } catch {
      // closing anyway
    }
    if (this.socket) this.socket.terminate();
    if (this.child.exitCode === null && this.child.signalCode === null) {
      await Promise.race([this.exited, sleep(5000)]);
    }
    try {
      process.kill(-this.child.pid, "SIGKILL"); // whatever of its group is left
    } catch {
      // all gone already
    }
    rmSync(this.profile, { recursive: true, force: true });
  }
}

export class Page {
  constructor(browser, sessionId) {
    this.browser = browser;
    this.sessionId = sessionId;
  }
  send(method, params = {}) {
    return this.browser.send(method, params, this.sessionId);
  }
  on(method, listener) {
    this.browser.on(this.sessionId, method, listener);
  }
  // The value of a JavaScript expression in the page (awaited when it is a promise).
  async evaluate(expression) {
    const { result, exceptionDetails } = await this.send("Runtime.evaluate", {
      expression,
      awaitPromise: true,
      returnByValue: true,
    });
    if (exceptionDetails) {
      throw new Error(`in the page: ${exceptionDetails.exception?.description || exceptionDetails.text}`);
    }
    return result.value;
  }
}
