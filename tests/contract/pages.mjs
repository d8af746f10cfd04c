#!/usr/bin/env node
// The reference pages (/pages) in a real browser (headless Debian chromium, playwright-core),
// checked with axe-core at WCAG 2.2 AA.
//
// Usage: node tests/contract/pages.mjs BASE_URL [SCREENSHOT_DIR]
//   BASE_URL        the running service, e.g. http://127.0.0.1:8080
//   SCREENSHOT_DIR  where to save one screenshot per page type (default: <repo>/target), as
//                   pages-index.png, pages-list.png and pages-<kind>.png
// Environment: CHROMIUM (default /usr/bin/chromium).
//
// The sample: in each language (en, es, de, fr), the index, the list of every kind, and the
// first entry of every kind (found through its list, so every kind's links are followed). On
// each page, printed as PASS/FAIL lines:
//   1. 200 text/html, <html lang> equal to the language asked for and to Content-Language;
//   2. one <main>, one <h1>, a <title>, headings that never skip a level;
//   3. the inline style sheet applies under the page's CSP (its hash matches: the skip link is
//      positioned off-screen), and the print style sheet hides the navigation;
//   4. the first Tab lands on the skip link, which becomes visible with a focus outline;
//   5. axe-core with the tags wcag2a, wcag2aa, wcag21a, wcag21aa and wcag22aa (WCAG 2.2 AA),
//      and axe's best-practice rules too: 0 violations.
// Over the session: no console error (a CSP violation is one), no page error, no request to
// another origin (blocked and recorded), no failed request.
// Exit code 0 when all pass, 1 otherwise, 2 on a usage or set-up error.

import { mkdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const [baseArg, dirArg] = process.argv.slice(2);
if (!baseArg) {
  console.error("usage: node pages.mjs BASE_URL [SCREENSHOT_DIR]");
  process.exit(2);
}
const base = new URL(baseArg);
const origin = base.origin;
const baseUrl = origin + base.pathname.replace(/\/+$/, "");
const shots = resolve(dirArg ?? resolve(here, "../../target"));
const executablePath = process.env.CHROMIUM ?? "/usr/bin/chromium";
const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];
const LANGS = ["en", "es", "de", "fr"];
const KINDS = ["causes", "remedies", "red-flags", "differentials", "medication-classes", "sources", "problems"];

const results = [];
function check(name, ok, detail = "") {
  results.push({ name, ok });
  if (!ok || process.env.PAGES_VERBOSE) {
    console.log(`${ok ? "PASS" : "FAIL"} ${name}${detail ? `\n     ${detail.replace(/\n/g, "\n     ")}` : ""}`);
  }
}

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync"],
});

let exitCode = 1;
let pagesChecked = 0;
try {
  const context = await browser.newContext({ viewport: { width: 1024, height: 900 }, serviceWorkers: "block" });
  const foreign = [];
  const failed = [];
  const consoleErrors = [];
  const pageErrors = [];
  let requests = 0;
  await context.route("**/*", async (route) => {
    requests += 1;
    const url = route.request().url();
    let same = false;
    try {
      same = new URL(url).origin === origin;
    } catch {
      same = false;
    }
    if (same) {
      await route.continue();
    } else {
      foreign.push(url);
      await route.abort("blockedbyclient");
    }
  });
  context.on("requestfailed", (r) => failed.push(`${r.method()} ${r.url()}: ${r.failure()?.errorText}`));
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  page.on("console", (m) => {
    if (m.type() === "error") consoleErrors.push(`${m.text()} (${page.url()})`);
  });
  page.on("pageerror", (e) => pageErrors.push(String(e)));

  async function visit(path, lang, shot) {
    const response = await page.goto(`${baseUrl}${path}`, { waitUntil: "load" });
    const type = response?.headers()["content-type"] ?? "";
    check(`${path}: 200 text/html`, response?.status() === 200 && type.startsWith("text/html"), `${response?.status()} ${type}`);
    const facts = await page.evaluate(() => {
      const levels = [...document.querySelectorAll("h1,h2,h3,h4,h5,h6")].map((h) => Number(h.tagName[1]));
      const skipped = levels.some((l, i) => (i === 0 ? l !== 1 : l > levels[i - 1] + 1));
      const skip = document.querySelector("a.skip");
      return {
        lang: document.documentElement.lang,
        main: document.querySelectorAll("main").length,
        h1: document.querySelectorAll("h1").length,
        title: document.title,
        skipped,
        styled: skip ? getComputedStyle(skip).position === "absolute" : false,
      };
    });
    const contentLanguage = response?.headers()["content-language"] ?? "";
    check(`${path}: lang "${lang}"`, facts.lang === lang && contentLanguage === lang, `lang ${facts.lang}, Content-Language ${contentLanguage}`);
    check(`${path}: one main, one h1, a title, headings in order`, facts.main === 1 && facts.h1 === 1 && facts.title !== "" && !facts.skipped, JSON.stringify(facts));
    check(`${path}: the style sheet applies under the CSP`, facts.styled);
    await page.keyboard.press("Tab");
    const focus = await page.evaluate(() => {
      const el = document.activeElement;
      const style = getComputedStyle(el);
      const box = el.getBoundingClientRect();
      return { skip: el.classList.contains("skip"), visible: box.left >= 0 && box.width > 0, outline: style.outlineStyle, width: style.outlineWidth };
    });
    check(`${path}: Tab shows the skip link with a focus outline`, focus.skip && focus.visible && focus.outline !== "none" && focus.width !== "0px", JSON.stringify(focus));
    await page.evaluate(axeSource);
    const violations = await page.evaluate(async (tags) => {
      const result = await window.axe.run(document, { runOnly: { type: "tag", values: tags } });
      return result.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join("; ")}`);
    }, TAGS);
    check(`${path}: axe-core (${TAGS.join(", ")}): 0 violations`, violations.length === 0, violations.join("\n"));
    if (shot) {
      await page.evaluate(() => document.activeElement?.blur());
      await page.screenshot({ path: resolve(shots, `pages-${shot}.png`), fullPage: true });
    }
    await page.emulateMedia({ media: "print" });
    const printed = await page.evaluate(() => [...document.querySelectorAll("nav, a.skip")].every((n) => getComputedStyle(n).display === "none"));
    check(`${path}: the print style hides navigation`, printed);
    await page.emulateMedia({ media: "screen" });
    pagesChecked += 1;
  }

  mkdirSync(shots, { recursive: true });
  for (const lang of LANGS) {
    const english = lang === "en";
    await visit(`/pages?lang=${lang}`, lang, english ? "index" : null);
    for (const kind of KINDS) {
      await visit(`/pages/${kind}?lang=${lang}`, lang, english && kind === "remedies" ? "list" : null);
      const first = await page.evaluate((k) => document.querySelector(`main a[href^="/pages/${k}/"]`)?.getAttribute("href"), kind);
      check(`/pages/${kind}?lang=${lang} links to its entries`, Boolean(first));
      if (first) {
        check(`${first} keeps the language`, first.endsWith(`?lang=${lang}`));
        await visit(first, lang, english ? kind : null);
      }
    }
  }
  await page.waitForTimeout(300);
  check("no console errors (no CSP violation)", consoleErrors.length === 0, consoleErrors.join("\n"));
  check("no uncaught page errors", pageErrors.length === 0, pageErrors.join("\n"));
  check(`every request stays on ${origin} (${requests} requests)`, foreign.length === 0, foreign.join("\n"));
  check("no failed requests", failed.length === 0, failed.join("\n"));
  await context.close();
  exitCode = results.every((r) => r.ok) ? 0 : 1;
} catch (error) {
  console.error(`FAIL ${error?.stack ?? error}`);
  exitCode = 1;
} finally {
  await browser.close();
}
const failures = results.filter((r) => !r.ok).length;
console.log(`pages: ${pagesChecked} pages in ${LANGS.length} languages, ${results.length} checks, ${failures} failed; screenshots in ${shots}/pages-*.png`);
process.exit(exitCode);
