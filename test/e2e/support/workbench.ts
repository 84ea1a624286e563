// Drives the VS Code workbench that code-server serves, through Chromium, the way a person does:
// clicks in the Explorer, the command palette (F1), the Problems panel, hovers, quick fixes and
// the sidebar's webview. Every wait is on a selector, a text or an event with a deadline.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Frame, type Locator, type Page } from "playwright-core";
import { CHROMIUM } from "./prerequisites";
import { waitUntil } from "./wait";

const UI_TIMEOUT_MS = 30_000;
// First activation includes the extension host start, the language server and the dev server.
const ACTIVATION_TIMEOUT_MS = 90_000;

export interface Problem {
  /** The file row's label, e.g. "1 problems in file search-web.ts of folder src/actions" (VS Code's wording). */
  file: string;
  /** e.g. "Error: [local] \"exa\" is not set … at line 11 and character 17." */
  label: string;
  /** What the row shows: message, source and code, "[Ln 11, Col 17]". */
  text: string;
}

export class Workbench {
  private constructor(
    private readonly browser: Browser,
    readonly page: Page,
    private readonly screenshotsDir: string,
  ) {}

  static async open(url: string, folder: string, screenshotsDir: string): Promise<Workbench> {
    mkdirSync(screenshotsDir, { recursive: true });
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
    try {
      const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
      page.setDefaultTimeout(UI_TIMEOUT_MS);
      const workbench = new Workbench(browser, page, screenshotsDir);
      await page.goto(`${url}/?folder=${encodeURIComponent(folder)}`);
      await workbench.waitForWorkbench();
      return workbench;
    } catch (error) {
      await browser.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    await this.browser.close();
  }

  /** The workbench is drawn once its status bar is; each helper then waits for its own part. */
  async waitForWorkbench(): Promise<void> {
    await this.page.locator(".monaco-workbench #workbench\\.parts\\.statusbar").waitFor({ timeout: ACTIVATION_TIMEOUT_MS });
  }

  async screenshot(name: string): Promise<string> {
    const file = path.join(this.screenshotsDir, `${name}.png`);
    await this.page.screenshot({ path: file });
    return file;
  }

  // ---- Explorer and editor

  async showExplorer(): Promise<void> {
    await this.page.keyboard.press("Control+Shift+E");
    await this.page.locator(".explorer-folders-view .monaco-list-row").first().waitFor({ timeout: ACTIVATION_TIMEOUT_MS });
  }

  /** Opens `relPath` (folders separated by "/") by expanding its folders and clicking it in the Explorer. */
  async openFile(relPath: string): Promise<void> {
    await this.showExplorer();
    const parts = relPath.split("/");
    for (const [index, name] of parts.entries()) {
      const row = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${index + 1}"][aria-label="${name}"]`);
      const isFolder = index < parts.length - 1;
      if (isFolder) {
        // The Explorer may expand the folder by itself meanwhile (revealing an editor opened
        // elsewhere), and a click toggles: re-check after each click instead of clicking once.
        const expanded = this.page.locator(`.explorer-folders-view .monaco-list-row[aria-level="${index + 1}"][aria-label="${name}"][aria-expanded="true"]`);
        await waitUntil(`folder ${parts.slice(0, index + 1).join("/")} expanded in the Explorer`, async () => {
          if ((await row.getAttribute("aria-expanded")) === "true") return true;
          await row.click();
          return expanded.waitFor({ timeout: 3_000 }).then(() => true, () => false);
        });
      } else {
        await row.click();
      }
    }
    const fileName = parts[parts.length - 1]!;
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${fileName}"]`).waitFor();
    await this.activeEditor().locator(".view-lines").waitFor();
  }

  activeEditor(): Locator {
    return this.page.locator(".editor-group-container.active .monaco-editor").first();
  }

  /** Moves the cursor to a 1-based line and column with "Go to Line/Column…" (Ctrl+G). */
  async goTo(line: number, column = 1): Promise<void> {
    await this.activeEditor().locator(".view-lines").click();
    await this.page.keyboard.press("Control+G");
    await this.quickInput().fill(`:${line}:${column}`);
    await this.page.keyboard.press("Enter");
    await this.page.locator(".quick-input-widget").waitFor({ state: "hidden" });
  }

  /** The visible text of the active editor, line by line (Monaco renders non-breaking spaces). */
  async editorText(): Promise<string> {
    const lines = await this.activeEditor().locator(".view-lines .view-line").allInnerTexts();
    return lines.map((line) => line.replace(/\u00a0/g, " ")).join("\n");
  }

  // ---- Command palette and quick input

  quickInput(): Locator {
    return this.page.locator(".quick-input-widget .quick-input-box input");
  }

  /** Runs a command by its palette title ("Category: Title") with F1, as a person does. */
  async runCommand(title: string): Promise<void> {
    await this.page.keyboard.press("F1");
    const input = this.quickInput();
    await input.waitFor();
    await input.fill(`>${title}`);
    const row = this.page.locator(".quick-input-list .monaco-list-row", {
      has: this.page.locator(".label-name", { hasText: new RegExp(`^${escapeRegExp(title)}$`) }),
    });
    await row.first().click();
  }

  /** Picks an item of an open QuickPick by its label. */
  async pickQuickItem(label: string | RegExp): Promise<void> {
    const row = this.page.locator(".quick-input-list .monaco-list-row", { has: this.page.locator(".label-name", { hasText: label }) });
    await row.first().click();
  }

  /**
   * Types into the open InputBox and accepts it; `expectPassword` checks the input is masked.
   * `title` waits for that box (one flow's boxes reuse one widget: typing before the next one
   * is shown would land in the last).
   */
  async answerInputBox(value: string, { expectPassword = false, title }: { expectPassword?: boolean; title?: string | RegExp } = {}): Promise<void> {
    const input = this.quickInput();
    await input.waitFor();
    if (title !== undefined) await this.page.locator(".quick-input-widget .quick-input-title", { hasText: title }).waitFor();
    if (expectPassword) await this.page.locator('.quick-input-widget .quick-input-box input[type="password"]').waitFor();
    await input.fill(value);
    await this.page.keyboard.press("Enter");
  }

  // ---- Problems panel, hovers, quick fixes

  /**
   * Shows the Problems panel with `filter` typed in its filter box ("" clears it). Filtering is
   * what a person does with a long list, and it keeps the rows a test looks for rendered: the
   * panel is a virtual list that only draws the rows in view.
   */
  async showProblems(filter = ""): Promise<Locator> {
    const panel = this.page.locator(".markers-panel");
    // Ctrl+Shift+M toggles when the panel already has focus, so only press it when hidden.
    if (!(await panel.isVisible())) await this.page.keyboard.press("Control+Shift+M");
    await panel.waitFor();
    // The filter applies after a debounce; its badge ("Showing 3 of 17") is hidden while the
    // applied filter is empty and shown once a non-empty one applies. Going through "" makes
    // both steps observable, so no row of the previous filter is mistaken for a current one.
    // The workbench can drop typed text when it re-renders the panel (a reload, a view
    // opening): each step re-types until the box holds it and the badge says it applied.
    const filterBox = this.page.locator('.viewpane-filter:has(input[aria-label="Filter Problems"])');
    const input = filterBox.locator("input");
    const badge = filterBox.locator(".viewpane-filter-badge");
    const apply = (text: string) =>
      waitUntil(`the Problems filter "${text}" applied`, async () => {
        if ((await input.inputValue()) !== text) await input.fill(text);
        const applied = await badge.waitFor({ state: text === "" ? "hidden" : "visible", timeout: 2_000 }).then(() => true, () => false);
        return applied && (await input.inputValue()) === text;
      });
    if ((await input.inputValue()) !== filter) {
      if ((await input.inputValue()) !== "") await apply("");
      if (filter !== "") await apply(filter);
    }
    return panel;
  }

  /** Waits for a problem row, re-applying the filter if the workbench dropped it meanwhile. */
  private async waitForProblemRow(text: string | RegExp, filter: string, state: "visible" | "detached", timeoutMs: number): Promise<void> {
    await waitUntil(`a problem "${String(text)}" ${state === "visible" ? "listed" : "gone"} (filter "${filter}")`, async () => {
      const panel = await this.showProblems(filter);
      const row = panel.locator('.monaco-list-row[aria-level="2"]', { hasText: text }).first();
      return row.waitFor({ state, timeout: 2_000 }).then(() => true, () => false);
    }, { timeoutMs });
  }

  /** The problems matching `filter` as the panel reads them out, each with its file row's label. */
  async problems(filter = ""): Promise<Problem[]> {
    const panel = await this.showProblems(filter);
    const rows = await panel
      .locator(".monaco-list-row")
      .evaluateAll((elements) => elements.map((row) => ({ level: row.getAttribute("aria-level"), label: row.getAttribute("aria-label") ?? "", text: (row as HTMLElement).innerText })));
    const problems: Problem[] = [];
    let file = "";
    for (const row of rows) {
      // Level 1: a file; level 2: a problem; level 3: a problem's related information.
      if (row.level === "1") file = row.label;
      else if (row.level === "2") problems.push({ file, label: row.label, text: row.text.replace(/\s+/g, " ").trim() });
    }
    const needle = filter.toLowerCase();
    const stray = problems.filter((p) => !p.text.toLowerCase().includes(needle));
    if (stray.length > 0) throw new Error(`the Problems filter "${filter}" shows rows without it: ${JSON.stringify(stray)}`);
    return problems;
  }

  async waitForProblem(text: string | RegExp, { filter = "", timeoutMs = UI_TIMEOUT_MS } = {}): Promise<void> {
    await this.waitForProblemRow(text, filter, "visible", timeoutMs);
  }

  async waitForNoProblem(text: string | RegExp, { filter = "", timeoutMs = UI_TIMEOUT_MS } = {}): Promise<void> {
    await this.waitForProblemRow(text, filter, "detached", timeoutMs);
  }

  /** Clicks a problem in the Problems panel, which opens its file (named `fileName`) at the problem. */
  async openProblem(text: string | RegExp, fileName: string, { filter = "" } = {}): Promise<void> {
    const panel = await this.showProblems(filter);
    await panel.locator('.monaco-list-row[aria-level="2"]', { hasText: text }).first().click();
    await this.page.locator(`.tabs-container .tab.active[aria-label^="${fileName}"]`).waitFor();
  }

  /**
   * The screen point in the middle of the first `token` on 1-based `line` of the active editor
   * (scrolled into view first), found from the rendered text, so the mouse lands where a person
   * would point.
   */
  async tokenPoint(line: number, token: string): Promise<{ x: number; y: number }> {
    await this.goTo(line, 1);
    const editor = this.activeEditor();
    const lineNumber = editor.locator(".margin-view-overlays .line-numbers").filter({ hasText: new RegExp(`^\\s*${line}\\s*$`) });
    const box = await lineNumber.boundingBox();
    if (!box) throw new Error(`line ${line} is not rendered in the editor`);
    const point = await editor.locator(".view-lines").evaluate(
      (lines, { top, token }) => {
        for (const lineEl of Array.from(lines.querySelectorAll(".view-line"))) {
          if (Math.abs(lineEl.getBoundingClientRect().top - top) > 2) continue;
          const at = (lineEl.textContent ?? "").replace(/\u00a0/g, " ").indexOf(token);
          if (at < 0) return null;
          const walker = document.createTreeWalker(lineEl, NodeFilter.SHOW_TEXT);
          let offset = 0;
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const length = node.textContent?.length ?? 0;
            if (at < offset + length) {
              const range = document.createRange();
              range.setStart(node, at - offset);
              range.setEnd(node, Math.min(length, at - offset + token.length));
              const rect = range.getBoundingClientRect();
              return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
            }
            offset += length;
          }
        }
        return null;
      },
      { top: box.y, token },
    );
    if (!point) throw new Error(`"${token}" is not on line ${line} of the editor`);
    return point;
  }

  /** Points the mouse at `token` on `line` and returns the text of the hover that shows `expected`. */
  async hover(line: number, token: string, expected: string | RegExp): Promise<string> {
    const { x, y } = await this.tokenPoint(line, token);
    const hover = this.page.locator(".monaco-hover:not(.hidden)", { hasText: expected }).first();
    // A hover only starts on a mouse move, so come from outside the editor; one asked while the
    // language server is still busy stays empty, so move away and back until it shows.
    await waitUntil(`a hover showing ${expected}`, async () => {
      await this.page.mouse.move(1, 1);
      await this.page.mouse.move(x, y, { steps: 2 });
      return hover.waitFor({ timeout: 3_000 }).then(() => true, () => false);
    });
    return hover.innerText();
  }

  /** Moves the mouse into the open hover (which keeps it open) and scrolls until `text` is in view. */
  async scrollHoverTo(text: string | RegExp): Promise<void> {
    const hover = this.page.locator(".monaco-hover:not(.hidden)").first();
    const box = await hover.boundingBox();
    if (!box) throw new Error("no hover is open");
    await this.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const target = hover.getByText(text).last();
    await waitUntil(`${text} scrolled into the hover`, async () => {
      const at = await target.boundingBox();
      if (at && at.y >= box.y && at.y + at.height <= box.y + box.height) return true;
      await this.page.mouse.wheel(0, 60);
      return false;
    });
  }

  /** Double-clicks `token` on `line`, which selects the word, as a person does before retyping it. */
  /**
   * Selects `length` characters from 1-based `line`:`column` with the keyboard, as a person can
   * (a double-click lands on another word when the editor scrolls between aiming and clicking).
   */
  async selectText(line: number, column: number, length: number): Promise<void> {
    await this.goTo(line, column);
    for (let i = 0; i < length; i++) await this.page.keyboard.press("Shift+ArrowRight");
  }

  /**
   * Clicks `token` on `line` (which puts the cursor there), opens the quick fixes (Ctrl+.) and
   * applies the one titled `title`. Code actions are computed on request, so a press that shows
   * nothing (or not yet this fix) is dismissed and repeated until the deadline.
   */
  async quickFix(line: number, token: string, title: string | RegExp): Promise<void> {
    const item = this.page.locator(".action-widget .monaco-list-row", { hasText: title }).first();
    await waitUntil(`the quick fix "${title}"`, async () => {
      const { x, y } = await this.tokenPoint(line, token);
      await this.page.mouse.click(x, y);
      await this.page.keyboard.press("Control+.");
      if (await item.waitFor({ timeout: 3_000 }).then(() => true, () => false)) return true;
      await this.page.keyboard.press("Escape");
      return false;
    });
    await item.click();
  }

  // ---- Notifications, status bar, sidebar

  async waitForNotification(text: string | RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<Locator> {
    const toast = this.page.locator(".notification-toast", { hasText: text }).first();
    await toast.waitFor({ timeout: timeoutMs });
    return toast;
  }

  async statusBarItem(text: string | RegExp, timeoutMs = UI_TIMEOUT_MS): Promise<Locator> {
    const item = this.page.locator("#workbench\\.parts\\.statusbar .statusbar-item", { hasText: text }).first();
    await item.waitFor({ timeout: timeoutMs });
    return item;
  }

  /** Shows an activity-bar container (e.g. "Keystroke") unless it is already the visible one. */
  async showActivity(label: string): Promise<void> {
    const item = this.page.locator(`.activitybar .action-item:has(.action-label[aria-label^="${label}"])`).first();
    await item.waitFor({ timeout: ACTIVATION_TIMEOUT_MS });
    if (!((await item.getAttribute("class")) ?? "").split(/\s+/).includes("checked")) await item.click();
    await this.page.locator(`.activitybar .action-item.checked:has(.action-label[aria-label^="${label}"])`).waitFor();
  }

  /** Expands a view of the open container by its title (a collapsed view renders nothing). */
  async expandView(title: string): Promise<void> {
    await this.setViewExpanded(title, true);
  }

  /** Collapses a view of the open container, giving the others its room. */
  async collapseView(title: string): Promise<void> {
    await this.setViewExpanded(title, false);
  }

  private async setViewExpanded(title: string, expanded: boolean): Promise<void> {
    const header = this.page.locator(".pane-header", { has: this.page.locator(".title", { hasText: new RegExp(`^${escapeRegExp(title)}$`, "i") }) }).first();
    await header.waitFor();
    if ((await header.getAttribute("aria-expanded")) !== String(expanded)) await header.click();
    await this.page.locator(`.pane-header[aria-expanded=${expanded}]`, { has: this.page.locator(".title", { hasText: new RegExp(`^${escapeRegExp(title)}$`, "i") }) }).first().waitFor();
  }

  /** A native tree view of the open container, expanded, by its title. */
  async treeView(title: string): Promise<Locator> {
    await this.expandView(title);
    const pane = this.page.locator(".pane", { has: this.page.locator(".pane-header .title", { hasText: new RegExp(`^${escapeRegExp(title)}$`, "i") }) }).first();
    await pane.locator(".monaco-list").first().waitFor();
    return pane;
  }

  /**
   * The frame of a webview view whose DOM contains `selector`. Webviews sit in nested iframes
   * (an outer host frame and the content frame), so look through every frame of the page.
   */
  async findWebviewFrame(selector: string, timeoutMs = UI_TIMEOUT_MS): Promise<Frame> {
    return waitUntil(
      `a webview frame containing ${selector}`,
      async () => {
        for (const frame of this.page.frames()) {
          if (frame === this.page.mainFrame() || frame.isDetached()) continue;
          if ((await frame.locator(selector).count().catch(() => 0)) > 0) return frame;
        }
        return null;
      },
      { timeoutMs, intervalMs: 200 },
    );
  }

  /** "Developer: Reload Window", then waits for the new workbench. */
  async reloadWindow(): Promise<void> {
    const navigated = this.page.waitForEvent("framenavigated", { predicate: (frame) => frame === this.page.mainFrame(), timeout: UI_TIMEOUT_MS });
    await this.runCommand("Developer: Reload Window");
    await navigated;
    await this.page.waitForLoadState("load");
    await this.waitForWorkbench();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
