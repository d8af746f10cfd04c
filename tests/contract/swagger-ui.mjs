#!/usr/bin/env node
// Swagger UI in a real browser (headless Debian chromium driven by playwright-core).
//
// Usage: node tests/contract/swagger-ui.mjs BASE_URL [SCREENSHOT_PNG]
//   BASE_URL        the running service, e.g. http://127.0.0.1:8080
//   SCREENSHOT_PNG  where to save the screenshot (default: <repo>/target/swagger-ui.png)
// Environment: CHROMIUM (default /usr/bin/chromium); SWAGGER_UI_API_KEY: the server was started
//   with API keys on (APP_API_KEYS_FILE) and this is one of its keys.
//
// Checks, each printed as a PASS/FAIL line:
//   1. /docs/ loads with no console error and no uncaught page error;
//   2. every request the page makes goes to BASE_URL's origin (every request is recorded; any
//      other origin is blocked, so nothing leaves the machine, and fails the test);
//   3. the page lists every operation of the served spec (operation blocks counted and matched
//      by method and path);
//   4. POST /v1/assessments: expand, "Try it out", "Execute" with the default example: the live
//      response is 200 and the rendered response body shows `relief_plan`.
//   5. The page has an "Authorize" button (the spec declares its security schemes). With
//      SWAGGER_UI_API_KEY set, the call without a key is first checked to be 401 (outside the
//      browser), then the key is entered in Authorize (ApiKeyAuth) before step 4, and the
//      request Swagger UI sends carries it in X-API-Key.
// Exit code 0 when all pass, 1 otherwise, 2 on a usage or set-up error.

import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const [baseArg, shotArg] = process.argv.slice(2);
if (!baseArg) {
  console.error("usage: node swagger-ui.mjs BASE_URL [SCREENSHOT_PNG]");
  process.exit(2);
}
const base = new URL(baseArg);
const origin = base.origin;
const baseUrl = origin + base.pathname.replace(/\/+$/, "");
const screenshot = resolve(shotArg ?? resolve(here, "../../target/swagger-ui.png"));
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const TARGET = { method: "post", path: "/v1/assessments" };
const TIMEOUT = 30_000;
const apiKey = process.env.SWAGGER_UI_API_KEY ?? "";
// axe-core, run against the problem pages.
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

const results = [];
function check(name, ok, detail = "") {
  results.push({ name, ok });
  console.log(`${ok ? "PASS" : "FAIL"} ${name}${detail ? `\n     ${detail.replace(/\n/g, "\n     ")}` : ""}`);
}

// The operations the service documents: the page must list exactly these.
const specResponse = await fetch(`${baseUrl}/openapi.json`);
if (!specResponse.ok) {
  console.error(`cannot fetch ${baseUrl}/openapi.json: ${specResponse.status}`);
  process.exit(2);
}
const spec = await specResponse.json();
const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];
const specOps = Object.entries(spec.paths ?? {}).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => `${m.toUpperCase()} ${path}`),
);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

let exitCode = 1;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, serviceWorkers: "block" });
  const requests = [];
  const foreign = [];
  const failedRequests = [];
  const consoleErrors = [];
  const pageErrors = [];

  // Every request the page makes is recorded; one to another origin is blocked and recorded.
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    requests.push(`${route.request().method()} ${url}`);
    let sameOrigin = false;
    try {
      sameOrigin = new URL(url).origin === origin;
    } catch {
      sameOrigin = false;
    }
    if (sameOrigin) {
      await route.continue();
    } else {
      foreign.push(url);
      await route.abort("blockedbyclient");
    }
  });
  context.on("requestfailed", (request) => failedRequests.push(`${request.method()} ${request.url()}: ${request.failure()?.errorText}`));

  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.on("console", (message) => {
    if (message.type() === "error") {
      const where = message.location()?.url ? ` (${message.location().url})` : "";
      consoleErrors.push(`${message.text()}${where}`);
    }
  });
  page.on("pageerror", (error) => pageErrors.push(String(error)));

  // 1. The page loads.
  const docsResponse = await page.goto(`${baseUrl}/docs/`, { waitUntil: "load" });
  check("GET /docs/ answers 200", docsResponse?.status() === 200, `status ${docsResponse?.status()}`);
  await page.locator(".opblock").first().waitFor({ state: "visible" });
  await page.locator(".swagger-ui .info .title").waitFor();
  const title = (await page.locator(".swagger-ui .info .title").innerText()).split("\n")[0];
  check("Swagger UI rendered the spec", title.includes(spec.info.title), `title: ${title}`);

  // 3. Every operation is listed (each operation is one .opblock; tags are expanded by default).
  const listed = await page.$$eval(".opblock", (blocks) =>
    blocks.map((b) => {
      const method = b.querySelector(".opblock-summary-method")?.textContent?.trim() ?? "?";
      const pathEl = b.querySelector(".opblock-summary-path");
      const path = pathEl?.getAttribute("data-path") ?? pathEl?.textContent?.trim() ?? "?";
      return `${method.toUpperCase()} ${path.replace(/\u200b/g, "")}`;
    }),
  );
  const missing = specOps.filter((op) => !listed.includes(op));
  const extra = listed.filter((op) => !specOps.includes(op));
  check(
    `lists every operation (${listed.length} operation blocks, ${specOps.length} operations in the spec)`,
    listed.length === specOps.length && missing.length === 0 && extra.length === 0,
    [missing.length ? `missing: ${missing.join(", ")}` : "", extra.length ? `not in the spec: ${extra.join(", ")}` : ""]
      .filter(Boolean)
      .join("\n"),
  );

  // 5. Authorize: the button is there in both modes; with keys on, the key is entered.
  const authorizeButton = page.locator(".swagger-ui .auth-wrapper button.authorize");
  check('the page has an "Authorize" button', (await authorizeButton.count()) === 1);
  if (apiKey) {
    const unkeyed = await fetch(`${baseUrl}${TARGET.path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ age: 40 }),
    });
    check("keys on: POST /v1/assessments without a key answers 401", unkeyed.status === 401, `status ${unkeyed.status}`);
    await authorizeButton.click();
    // Each scheme is its own form in the dialog, with its own Authorize / Logout button.
    const scheme = page.locator(".modal-ux form").filter({ hasText: "ApiKeyAuth" });
    await scheme.locator("input").first().fill(apiKey);
    await scheme.getByRole("button", { name: /^(Authorize|Apply credentials)$/ }).click();
    const logout = scheme.locator(".auth-btn-wrapper button", { hasText: "Logout" });
    await logout.waitFor();
    check('Authorize: ApiKeyAuth took the key (its button now reads "Logout")', (await logout.count()) === 1);
    await page.locator(".modal-ux button.close-modal").first().click();
  }

  // 4. Try it out on POST /v1/assessments with the default example.
  const operationId = spec.paths[TARGET.path][TARGET.method].operationId;
  const tag = spec.paths[TARGET.path][TARGET.method].tags?.[0] ?? "default";
  const block = page.locator(`#operations-${tag}-${operationId}`);
  await block.locator(".opblock-summary").first().click();
  await block.locator(".opblock-body").waitFor();
  const tryButton = block.locator("button.try-out__btn");
  if ((await tryButton.innerText()).trim() === "Try it out") {
    await tryButton.click();
  }
  check(
    'POST /v1/assessments: "Try it out" is on',
    ((await tryButton.innerText()).trim() === "Cancel"),
    `button reads "${(await tryButton.innerText()).trim()}"`,
  );
  // The operation takes JSON or FHIR JSON; the spec lists media types sorted, so Swagger UI
  // opens on `application/fhir+json`. Pick the profile's JSON, as a person trying it would.
  const mediaType = block.locator(".opblock-section-request-body select").first();
  if ((await mediaType.count()) > 0) {
    await mediaType.selectOption("application/json");
  }
  const editor = block.locator("textarea.body-param__text");
  await editor.waitFor();
  const defaultBody = await editor.inputValue();
  let defaultExample = null;
  try {
    defaultExample = JSON.parse(defaultBody);
  } catch {
    /* reported below */
  }
  const firstExample = Object.values(spec.paths[TARGET.path][TARGET.method].requestBody.content["application/json"].examples ?? {})[0]?.value;
  check(
    "the request body editor holds the default (first) example",
    defaultExample !== null && (firstExample === undefined || JSON.stringify(defaultExample) === JSON.stringify(firstExample)),
    `${defaultBody.slice(0, 160).replace(/\s+/g, " ")}…`,
  );

  const [live] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === "POST" && new URL(r.url()).pathname === TARGET.path),
    block.locator("button.execute").click(),
  ]);
  const liveBody = await live.text();
  if (apiKey) {
    check("Execute sent the key in X-API-Key", live.request().headers()["x-api-key"] === apiKey);
  }
  check(
    `Execute: the live response is 200 with relief_plan`,
    live.status() === 200 && liveBody.includes('"relief_plan"'),
    `status ${live.status()}, ${liveBody.length} bytes`,
  );
  const liveTable = block.locator(".live-responses-table");
  await liveTable.waitFor();
  const shownStatus = (await liveTable.locator("tr.response .response-col_status").first().innerText()).trim();
  const shownBody = liveTable.locator("tr.response .response-col_description .highlight-code").first();
  await shownBody.waitFor();
  const shownText = await shownBody.innerText();
  check("Swagger UI shows status 200 and the plan (relief_plan) in the server response", shownStatus === "200" && shownText.includes("relief_plan"), `shown status: ${shownStatus}`);

  // Screenshot: the executed request's live response, its body scrolled to the relief plan.
  await page.evaluate(() => {
    const table = document.querySelector(".live-responses-table");
    const code = table.querySelector("tr.response .highlight-code");
    const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
    let node;
    while ((node = walker.nextNode()) && !node.textContent.includes("relief_plan"));
    node?.parentElement?.scrollIntoView({ block: "start" });
    const header = [...document.querySelectorAll(".responses-inner h4")].find((h) => h.textContent.includes("Server response"));
    (header ?? table).scrollIntoView({ block: "start" });
    window.scrollBy(0, -150);
  });
  mkdirSync(dirname(screenshot), { recursive: true });
  await page.screenshot({ path: screenshot });
  console.log(`screenshot: ${screenshot}`);

  // The problem pages every problem `type` links to: HTML for a browser, self-contained (the
  // session's no-foreign-request, no-console-error and no-CSP-violation checks cover them too),
  // in the browser's language, with a lang attribute, one <main> and a heading.
  for (const path of ["/problems", "/problems/validation_failed"]) {
    const response = await page.goto(`${baseUrl}${path}`, { waitUntil: "load" });
    const type = response?.headers()["content-type"] ?? "";
    check(`GET ${path} in a browser answers 200 text/html`, response?.status() === 200 && type.startsWith("text/html"), `status ${response?.status()}, ${type}`);
    const lang = await page.evaluate(() => document.documentElement.lang);
    const contentLanguage = response?.headers()["content-language"] ?? "";
    check(`${path}: <html lang> is the answer's Content-Language`, lang !== "" && lang === contentLanguage, `lang "${lang}", Content-Language "${contentLanguage}"`);
    const landmarks = await page.evaluate(() => ({ main: document.querySelectorAll("main").length, h1: document.querySelectorAll("h1").length, title: document.title }));
    check(`${path}: one <main>, one <h1>, a <title>`, landmarks.main === 1 && landmarks.h1 === 1 && landmarks.title !== "", JSON.stringify(landmarks));
    // axe-core (WCAG 2.x A and AA rules), evaluated through the DevTools protocol: the page's
    // CSP allows no script, and is left as it is.
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async () => {
      const tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"];
      const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
      return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.length} node(s)`);
    });
    check(`${path}: axe-core finds no accessibility violation`, violations.length === 0, violations.join("\n"));
  }
  await page.goto(`${baseUrl}/problems`, { waitUntil: "load" });
  await page.locator('a[href="/problems/not_found"]').click();
  await page.waitForURL(`${baseUrl}/problems/not_found`);
  check("a catalogue link opens its problem page", (await page.locator("h1").innerText()).length > 0);

  // Settle: let late requests and console messages arrive before judging them.
  await page.waitForTimeout(300);

  // 1 & 2, judged over the whole session.
  check("no console errors", consoleErrors.length === 0, consoleErrors.join("\n"));
  check("no uncaught page errors", pageErrors.length === 0, pageErrors.join("\n"));
  check(`every request stays on ${origin} (${requests.length} requests recorded)`, foreign.length === 0, foreign.length ? `other origins: ${foreign.join(", ")}` : "");
  const unexpectedFailures = failedRequests.filter((f) => !foreign.some((u) => f.includes(u)));
  check("no failed requests", unexpectedFailures.length === 0, unexpectedFailures.join("\n"));
  if (process.env.SWAGGER_UI_VERBOSE) {
    console.log(`requests:\n  ${requests.join("\n  ")}`);
  }
  await context.close();
  exitCode = results.every((r) => r.ok) ? 0 : 1;
} catch (error) {
  check("browser session completed", false, String(error?.stack ?? error));
  exitCode = 1;
} finally {
  await browser.close();
}
const passed = results.filter((r) => r.ok).length;
console.log(`swagger-ui: ${passed} passed, ${results.length - passed} failed`);
process.exit(exitCode);
