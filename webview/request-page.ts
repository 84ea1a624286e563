// The page a coding agent's credential request opens (server/devserver/credential-requests.ts):
// one form for one key at one scope. It trades the link's code for a session granted only this
// request, keeps that session in the tab (a reload keeps the form), and sends the values once
// to the dev server, which stores them in the keychain. The agent never sees them.
import { describeTarget } from "../server/core/push-preview";
import { ApiErrorBody, CredentialRequestState, SessionExchangeResponse, type CredentialRequestView } from "../server/core/schema";

// Relative, like the manager page, so a path-proxied page reaches its own server.
const API = "api/v1";
const SESSION_HEADER = "X-Keystroke-Session";
const TAB_KEY = "keystroke-credentials.request";

interface Opened {
  session: string;
  request: CredentialRequestView;
}

const app = document.getElementById("app")!;
const live = document.getElementById("live")!;

function el<K extends keyof HTMLElementTagNameMap>(tag: K, props: Partial<HTMLElementTagNameMap[K]> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const node = Object.assign(document.createElement(tag), props);
  node.append(...children);
  return node;
}

/** Replaces the page's content and says the same in the live region. */
function show(title: string, message: string, error = false): void {
  app.replaceChildren(el("h1", {}, "Keystroke Credentials"), el("h2", {}, title), el("p", { className: error ? "banner error" : "banner" }, message));
  app.setAttribute("aria-busy", "false");
  live.textContent = `${title}. ${message}`;
}

async function call(method: "POST" | "PUT" | "DELETE", path: string, body: unknown, session?: string): Promise<unknown> {
  const response = await fetch(`${API}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(session ? { [SESSION_HEADER]: session } : {}) },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  const json: unknown = await response.json().catch(() => null);
  if (!response.ok) throw new Error(ApiErrorBody.safeParse(json).data?.error.message ?? `the dev server answered ${response.status}`);
  return json;
}

async function open(): Promise<Opened | null> {
  const code = new URLSearchParams(location.search).get("code");
  if (code === null) {
    const kept = sessionStorage.getItem(TAB_KEY);
    return kept === null ? null : (JSON.parse(kept) as Opened);
  }
  // The code is spent on first use; drop it from the address bar and the history.
  history.replaceState(null, "", location.pathname);
  const exchanged = SessionExchangeResponse.parse(await call("POST", "/session", { code }));
  if (exchanged.request === undefined) throw new Error("this link is not a credential request's");
  const opened = { session: exchanged.session, request: exchanged.request };
  sessionStorage.setItem(TAB_KEY, JSON.stringify(opened));
  return opened;
}

function render({ session, request }: Opened): void {
  const inputs = request.fields.map((f) => {
    const input = el("input", { id: `field-${f.name}`, name: f.name, type: f.secret ? "password" : "text", autocomplete: "off", spellcheck: false, required: !f.optional });
    const label = el("label", { htmlFor: input.id }, f.name, f.optional ? el("span", { className: "muted" }, " (optional)") : "");
    return { field: f, input, row: el("div", { className: "field" }, label, input) };
  });
  const status = el("p", { className: "hint", id: "status" });
  const save = el("button", { type: "submit", className: "primary" }, "Store in keychain");
  const cancel = el("button", { type: "button", className: "secondary" }, "Cancel request");
  const form = el("form", {}, ...inputs.map((i) => i.row), el("div", { className: "dialog-buttons" }, save, cancel), status);
  const expires = new Date(request.expiresAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  app.replaceChildren(
    el("h1", {}, "Keystroke Credentials"),
    el("h2", {}, `${request.requester} asks for the credential “${request.key}”`),
    el("p", {}, `It will be stored in your OS keychain at the ${describeTarget(request)} scope of your local store, for \`keystroke dev\`. The agent is told only that it was stored, never the value. This form works once, until ${expires}.`),
    ...(request.replaces ? [el("p", { className: "banner" }, `A ${describeTarget(request)} credential “${request.key}” exists already: storing replaces its values.`)] : []),
    form,
  );
  app.setAttribute("aria-busy", "false");
  inputs[0]?.input.focus();

  const busy = (on: boolean) => {
    save.disabled = on;
    cancel.disabled = on;
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const fields = Object.fromEntries(inputs.map((i) => [i.field.name, i.input.value]));
    busy(true);
    status.textContent = "Storing…";
    call("PUT", `/requests/${encodeURIComponent(request.id)}`, { fields }, session)
      .then((answer) => {
        const state = CredentialRequestState.parse(answer);
        sessionStorage.removeItem(TAB_KEY);
        show("Stored", `“${state.key}” is in your keychain at the ${describeTarget(request)} scope. You can close this tab and go back to ${request.requester}.`);
      })
      .catch((error: unknown) => {
        busy(false);
        status.textContent = error instanceof Error ? error.message : String(error);
        status.className = "field-error error";
        live.textContent = status.textContent;
      });
  });
  cancel.addEventListener("click", () => {
    busy(true);
    call("DELETE", `/requests/${encodeURIComponent(request.id)}`, undefined, session)
      .catch(() => undefined)
      .finally(() => {
        sessionStorage.removeItem(TAB_KEY);
        show("Cancelled", `Nothing was stored. ${request.requester} is told that you cancelled.`);
      });
  });
}

open()
  .then((opened) => {
    if (opened === null) show("Nothing to fill in", "This page only opens from a coding agent's credential request link.", true);
    else render(opened);
  })
  .catch((error: unknown) => show("This link does not work", error instanceof Error ? error.message : String(error), true));
