// The base of the manager's elements. They render into the light DOM (no shadow root): one form
// spans several elements (FormData reads every input of the dialog), focus is one document's
// `activeElement` for keyboard restore and for tests, and VS Code's theme variables and the base
// stylesheet apply as they are. Each element's own rules are a constructed stylesheet adopted
// into the document once per class, which the page's CSP allows (no inline <style>).
import { LitElement, type CSSResult } from "lit";

const adopted = new Set<CSSResult>();

export class LightElement extends LitElement {
  /** The element's own rules, scoped by its tag name in the selectors. */
  static ownStyles: CSSResult | null = null;

  protected override createRenderRoot(): HTMLElement {
    const own = (this.constructor as typeof LightElement).ownStyles;
    if (own && !adopted.has(own) && own.styleSheet) {
      adopted.add(own);
      document.adoptedStyleSheets = [...document.adoptedStyleSheets, own.styleSheet];
    }
    return this;
  }

  /** An event for the manager (bubbles to it through the light DOM). */
  protected emit<T>(type: string, detail: T): void {
    this.dispatchEvent(new CustomEvent<T>(type, { detail, bubbles: true }));
  }
}
