// Every dashboard page at a phone's width (390 px) in Chromium, over realistic data with long
// names: no horizontal overflow of the page, nothing cut off outside a scroll container, wide
// tables scrolling inside their own box with a visible hint, and the executive view on one
// 1440×900 screen. Saves phone screenshots (and the 404 page at desktop width) in tests/output/.
import assert from "node:assert/strict";
import type { Page } from "playwright-core";
import { chromiumMissing, type Dashboard, startDashboard } from "./_browser.ts";
import { DETAIL_ID, fillPhoneData } from "./_phone_data.ts";

const OUTPUT = new URL("./output/", import.meta.url);
const DEADLINE_MS = 60_000;
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1440, height: 900 };
const MISSING = "/no-such-page/that-a-reader-mistyped-into-the-address-bar";

/** name, path, signed in, goes live (waits for the stream). */
const PAGES: Array<[name: string, path: string, signedIn: boolean, live: boolean]> = [
  ["overview", "/", true, true],
  ["overview-finance", "/?view=finance", true, true],
  ["overview-executive", "/?view=executive", true, true],
  ["models", "/models", true, true],
  ["users", "/users?view=finance", true, true],
  ["endpoints", "/endpoints", true, true],
  ["costs", "/costs", true, true],
  ["events", "/events", true, true],
  ["event", `/events/${DETAIL_ID}`, true, false],
  ["settings", "/settings", true, false],
  ["notfound", MISSING, true, false],
  ["notfound-signed-out", MISSING, false, false],
  ["login", "/login", false, false],
];

interface Layout {
  scrollWidth: number;
  /** Elements past the right edge that no scroll container holds. */
  cut: string[];
  /** Overlapping parts of one share-list row or stat card. */
  overlaps: string[];
  tables: Array<{ scrolls: boolean; inside: boolean; hint: boolean; sticky: boolean }>;
}

/** Measures the page as laid out (runs in the browser). */
function measure(page: Page): Promise<Layout> {
  return page.evaluate(() => {
    const vw = document.documentElement.clientWidth;
    const name = (el: Element) =>
      `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${
        (el.textContent ?? "").trim().slice(0, 40)
      }"`;
    // Held by a scroll container, visually hidden, or (text) shortened with an ellipsis.
    const scroller = (el: Element, text: boolean) => {
      for (let p: Element | null = el; p && p !== document.body; p = p.parentElement) {
        const style = getComputedStyle(p);
        if (p !== el && /auto|scroll/.test(style.overflowX)) return true;
        if (style.clip !== "auto" && style.clip !== "") return true;
        if (text && style.textOverflow === "ellipsis" && style.overflowX !== "visible") return true;
      }
      return false;
    };
    const past = (el: Element, r: DOMRect, text = false) =>
      r.width > 0 && r.right > vw + 0.5 && !scroller(el, text);
    const cut = [...document.body.querySelectorAll("*")]
      .filter((el) => past(el, el.getBoundingClientRect())).map(name);
    // Text that spills out of its box (a long word) is no element of its own.
    const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    for (let n = walk.nextNode(); n; n = walk.nextNode()) {
      range.selectNodeContents(n);
      const el = n.parentElement!;
      if (past(el, range.getBoundingClientRect(), true)) cut.push(`text in ${name(el)}`);
    }
    const overlaps: string[] = [];
    for (const row of document.querySelectorAll(".share-list li a, .card")) {
      const parts = [...row.children].filter((c) => c.getBoundingClientRect().width > 0);
      parts.forEach((a, i) =>
        parts.slice(i + 1).forEach((b) => {
          const p = a.getBoundingClientRect(), q = b.getBoundingClientRect();
          const x = Math.min(p.right, q.right) - Math.max(p.left, q.left);
          const y = Math.min(p.bottom, q.bottom) - Math.max(p.top, q.top);
          if (x > 1 && y > 1) overlaps.push(`${name(a)} over ${name(b)}`);
        })
      );
    }
    const tables = [...document.querySelectorAll<HTMLElement>(".table-wrap")]
      .filter((w) => w.getBoundingClientRect().width > 0)
      .map((w) => {
        const box = w.getBoundingClientRect();
        const scrolls = w.scrollWidth > w.clientWidth + 1;
        const first = w.querySelector<HTMLElement>("tbody tr > :first-child");
        w.scrollLeft = w.scrollWidth;
        const moved = w.scrollLeft > 0;
        // A sticky first column stays at the box's left edge when scrolled to the end.
        const sticky = !!first && first.getBoundingClientRect().left >= box.left - 1;
        w.scrollLeft = 0;
        return {
          scrolls: scrolls && moved && /auto|scroll/.test(getComputedStyle(w).overflowX),
          inside: box.left >= -0.5 && box.right <= vw + 0.5,
          hint: /gradient/.test(getComputedStyle(w).backgroundImage),
          sticky,
        };
      });
    return { scrollWidth: document.documentElement.scrollWidth, cut, overlaps, tables };
  });
}

async function show(
  d: Dashboard,
  page: Page,
  [name, path, , live]: (typeof PAGES)[number],
): Promise<void> {
  const response = await page.goto(path === "/login" ? `${d.url}/login` : d.at(path));
  assert.equal(response?.status(), name.startsWith("notfound") ? 404 : 200, path);
  if (live) await page.locator('[data-live="live"]').waitFor({ timeout: DEADLINE_MS });
  await page.evaluate(() => document.fonts.ready);
  await page.mouse.move(0, 0);
}

Deno.test({
  name: "every page fits a 390 px phone, wide tables scroll in their box, executive fits 900 px",
  ignore: chromiumMissing,
  async fn(t) {
    await Deno.mkdir(OUTPUT, { recursive: true });
    await using d = await startDashboard({ env: { STORE_CONTENT: "true", STREAM_TICK_MS: "500" } });
    await fillPhoneData(d);
    const layouts = new Map<string, Layout>();

    for (const colorScheme of ["light", "dark"] as const) {
      const tabs = {
        in: await d.open({ colorScheme, viewport: PHONE }),
        out: await d.open({ colorScheme, viewport: PHONE, signedIn: false }),
      };
      for (const entry of PAGES) {
        const { page } = entry[2] ? tabs.in : tabs.out;
        await show(d, page, entry);
        if (colorScheme === "light") layouts.set(entry[0], await measure(page));
        await page.screenshot({
          path: new URL(`${entry[0]}-phone-${colorScheme}.png`, OUTPUT).pathname,
          fullPage: true,
        });
      }
      const desktop = await d.open({ colorScheme, viewport: DESKTOP });
      await show(d, desktop.page, PAGES.find(([n]) => n === "notfound")!);
      await desktop.page.screenshot({
        path: new URL(`notfound-${colorScheme}.png`, OUTPUT).pathname,
        fullPage: true,
      });
      for (const tab of [tabs.in, tabs.out, desktop]) {
        assert.deepEqual(tab.errors.filter((e) => !/status of (401|404)/.test(e)), []);
        await tab.context.close();
      }
    }

    await t.step("no page overflows 390 px or cuts anything off", () => {
      const wide = [...layouts].filter(([, l]) => l.scrollWidth > PHONE.width || l.cut.length);
      assert.deepEqual(
        wide.map(([name, l]) => `${name}: ${l.scrollWidth} px; ${l.cut.slice(0, 4).join("; ")}`),
        [],
      );
    });

    await t.step("share-list rows and stat cards do not draw over themselves", () => {
      const bad = [...layouts].filter(([, l]) => l.overlaps.length);
      assert.deepEqual(bad.map(([name, l]) => `${name}: ${l.overlaps.slice(0, 3).join("; ")}`), []);
    });

    await t.step(
      "wide tables scroll inside their box, with a fade and a sticky first column",
      () => {
        for (const name of ["models", "users", "endpoints", "events", "overview"]) {
          const tables = layouts.get(name)!.tables;
          assert.ok(tables.some((w) => w.scrolls), `${name}: a table wider than the phone`);
          for (const w of tables) {
            assert.ok(w.inside, `${name}: the table's box stays on screen`);
            if (w.scrolls) assert.ok(w.hint && w.sticky, `${name}: a hint that the table scrolls`);
          }
        }
      },
    );

    await t.step("the executive view fits one 1440×900 screen", async () => {
      const { page, context } = await d.open({ viewport: DESKTOP });
      await show(d, page, PAGES.find(([n]) => n === "overview-executive")!);
      const height = await page.evaluate(() => document.documentElement.scrollHeight);
      await page.screenshot({ path: new URL("overview-executive-900.png", OUTPUT).pathname });
      await context.close();
      assert.ok(height <= DESKTOP.height, `the executive view is ${height} px tall`);
    });
  },
});
