// DOM helpers. All text goes in through textContent: never innerHTML.
import { locale } from "./i18n.js";

import { clockWords, dateWords } from "./words.js";

// The years the server accepts (core/limits.py, through the spec).
export { DATE_RANGE } from "./spec.js";

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  // What is typed in the app stays in the sealed store only: the browser's
  // form-state restore and autofill would keep it in the profile in clear.
  if (tag === "form") el.setAttribute("autocomplete", "off");
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") el.textContent = value;
    else if (key === "class") el.className = value;
    else if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(el.dataset, value);
    else if (key === "value") el.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled") el[key] = Boolean(value);
    else el.setAttribute(key, value === true ? "" : value);
  }
  append(el, children);
  return el;
}

export function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function replace(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

let seq = 0;
export const uid = (prefix) => `${prefix}-${++seq}`;

/** A labelled control: <div class=field><label for>…</label>control hint</div>. */
export function field(label, control, hint) {
  control.id = control.id || uid("f");
  const hintEl = hint ? h("p", { class: "hint", id: `${control.id}-hint`, text: hint }) : null;
  if (hintEl) control.setAttribute("aria-describedby", hintEl.id);
  if (control.type === "checkbox") {
    return h("div", { class: "field" }, h("label", { class: "check", for: control.id }, control, label), hintEl);
  }
  return h("div", { class: "field" }, h("label", { for: control.id, text: label }), control, hintEl);
}

export function select(name, options, value) {
  return h("select", { name },
    options.map(([v, label]) => h("option", { value: v, selected: v === value, text: label })));
}

export function todayISO(date = new Date()) {
  const pad = (n) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function daysFromToday(iso) {
  if (!iso) return null;
  const [y, m, d] = iso.split("-").map(Number);
  const then = Date.UTC(y, m - 1, d);
  const now = new Date();
  const today = Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
  return Math.round((then - today) / 86400000);
}

const tag = () => (locale() === "en" ? "en-GB" : "sv-SE");

/** A stored date ("2026-12-01") in the catalogue's words, as the server pages say it. */
export const fmtDate = (iso) => dateWords(iso);

/** A moment (ms) on the team's clock, as timestampWords says it: the time alone today. */
export const fmtTime = (ms) => (ms ? clockWords(ms) : "");

export function fmtLongDate(date = new Date()) {
  return new Intl.DateTimeFormat(tag(), { weekday: "long", day: "numeric", month: "long" }).format(date);
}

export function newUuid() { return crypto.randomUUID(); }

/**
 * A trigger that calls fn once `ms` have passed since its last call (a
 * debounce). Calling it is cheap: one timestamp, and a timer only when none
 * is armed, so a burst of saves does not create and cancel a timer each.
 */
export function quiet(ms, fn) {
  let last = 0;
  let timer = null;
  const check = () => {
    const wait = last + ms - performance.now();
    if (wait > 1) { timer = setTimeout(check, wait); return; }
    timer = null;
    fn();
  };
  return () => {
    last = performance.now();
    if (!timer) timer = setTimeout(check, ms);
  };
}

/** A modal-ish confirm built from the DOM (no window.confirm). Resolves the chosen value. */
export function ask({ title, text, buttons }) {
  return new Promise((resolve) => {
    const dialog = h("dialog", { class: "ask", "aria-labelledby": "ask-title" });
    const done = (value) => { dialog.close(); dialog.remove(); resolve(value); };
    append(dialog, [
      h("h2", { id: "ask-title", text: title }),
      text ? h("p", { text }) : null,
      h("div", { class: "actions" }, buttons.map((b) =>
        h("button", { type: "button", class: b.class || "", onclick: () => done(b.value), text: b.label }))),
    ]);
    dialog.addEventListener("cancel", (e) => { e.preventDefault(); done(null); });
    document.body.append(dialog);
    dialog.showModal();
  });
}
