// The lock screen and the PIN setup. Shows no participant data: the store is
// sealed until the PIN (or the phone's screen lock, or an online login) opens it.
import * as applock from "../applock.js";
import { _, ngettext } from "../i18n.js";
import { field, h, replace } from "../ui.js";
import { timestampWords } from "../words.js";
import { heading } from "./parts.js";

const LOGIN = "/login?reauth=1&next=/app/";

function loginLink(text) {
  return h("a", { class: "button primary", href: LOGIN, id: "lock-login", text });
}

function pinInput(name, label, hint = null) {
  const input = h("input", { type: "password", name, inputmode: "numeric", pattern: "[0-9]*",
    autocomplete: "off", minlength: String(applock.PIN_MIN_LENGTH), maxlength: String(applock.PIN_MAX_LENGTH),
    required: true, class: "pin" });
  return field(label, input, hint);
}

function message(el, text, kind = "error") {
  el.className = kind === "error" ? "error" : "notice";
  el.textContent = text;
}

/**
 * The locked app. `onUnlocked()` is called once the store is open. Modes:
 * unlock (PIN / screen lock), pin_off (5 wrong PINs), expired, none (no PIN
 * on this device yet: an online login is needed).
 */
export async function render(main, _params, ctx) {
  const st = await applock.lockState();
  document.title = _("Bokvar is locked");
  const box = h("p", { id: "lock-message", role: "alert", "aria-live": "assertive" });
  const parts = [heading(_("Bokvar is locked")),
    h("p", { class: "meta", text: ctx.own ? _("Your plan on this phone is encrypted. Unlock to see it.")
      : _("Participants' data on this phone is encrypted. Unlock to see it.") })];
  if (st.mode === "pin_off") {
    parts.push(h("p", { class: "notice", id: "lock-reason",
      text: _("Unlocking without a connection is switched off after 5 wrong PINs. Log in with your password when you are online, then choose a new PIN. Nothing has been deleted, and unsynced changes sync after that login.") }),
    loginLink(_("Log in with password")));
  } else if (st.mode === "expired") {
    parts.push(h("p", { class: "notice", id: "lock-reason",
      text: ngettext("You have not logged in online for {n} day. Log in with your password when you are online to unlock the app. Nothing has been deleted.",
        "You have not logged in online for {n} days. Log in with your password when you are online to unlock the app. Nothing has been deleted.",
        st.offlineDays) }),
    loginLink(_("Log in with password")));
  } else if (st.mode === "none") {
    parts.push(h("p", { class: "notice", id: "lock-reason",
      text: _("This device has no PIN yet. Log in with your password while online; then choose a PIN.") }),
    loginLink(_("Log in with password")));
  } else {
    const form = h("form", { class: "lock-form", id: "unlock-form", novalidate: true });
    if (st.pin) {
      form.append(pinInput("pin", _("PIN")), h("button", { type: "submit", class: "primary", id: "unlock-button",
        text: _("Unlock") }));
    }
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const pin = new FormData(form).get("pin") || "";
      if (!pin) { message(box, _("Enter your PIN.")); return; }
      performance.mark("bokvar:unlock-submit");
      const button = form.querySelector("button[type=submit]");
      button.disabled = true;
      message(box, _("Unlocking…"), "notice");
      const result = await applock.tryPin(String(pin));
      button.disabled = false;
      if (result.ok) { await ctx.onUnlocked("pin"); return; }
      form.reset();
      if (result.block) { await render(main, _params, ctx); return; }
      message(box, ngettext("Wrong PIN. {n} attempt left before unlocking without a connection is switched off.",
        "Wrong PIN. {n} attempts left before unlocking without a connection is switched off.", result.left));
      form.querySelector("input").focus();
    });
    parts.push(form, box);
    if (st.prf) {
      parts.push(h("button", { type: "button", id: "unlock-prf", text: _("Unlock with the phone's screen lock"),
        onclick: async () => {
          const result = await applock.tryPrf();
          if (result.ok) await ctx.onUnlocked("prf");
          else if (result.block) await render(main, _params, ctx);
          else message(box, _("The screen lock did not unlock the app. Try again, or use your PIN."));
        } }));
    }
    if (st.until) {
      parts.push(h("p", { class: "meta", id: "lock-until",
        text: _("Works without a connection until {date}.", { date: timestampWords(st.until) }) }));
    }
    parts.push(h("p", {}, h("a", { href: LOGIN, id: "forgot-pin", text: _("Forgot the PIN? Log in with your password") })));
  }
  replace(main, parts);
  main.dataset.rendered = `lock-${st.mode}`;
  performance.mark("bokvar:lock-ready");
  const input = main.querySelector("input.pin");
  if (input) input.focus();
}

/** Choose a PIN right after an online login (the first one, or after 5 wrong ones). */
export async function renderSetup(main, ctx) {
  document.title = _("Choose a PIN");
  const box = h("p", { id: "setup-message", role: "alert" });
  const prf = await applock.prfPossible();
  const form = h("form", { class: "lock-form", id: "pin-setup", novalidate: true },
    pinInput("pin", _("New PIN"), _("At least {n} digits. You unlock the app with it when there is no connection.",
      { n: applock.PIN_MIN_LENGTH })),
    pinInput("again", _("The same PIN again")),
    ctx.askName ? field(_("A name for this device (optional)"), h("input", { type: "text", name: "name",
      maxlength: "80", autocomplete: "off" }), ctx.own ? _("For example “My phone”.")
      : _("For example “Work phone”. You see it under My devices.")) : null,
    prf ? field(_("Also unlock with the phone's screen lock (fingerprint, face or its code)"),
      h("input", { type: "checkbox", name: "prf", checked: true })) : null,
    h("button", { type: "submit", class: "primary", id: "pin-save", text: _("Save the PIN") }));
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const fd = new FormData(form);
    const pin = String(fd.get("pin") || "");
    if (!applock.validPin(pin)) {
      message(box, _("The PIN must be {min} to {max} digits.", { min: applock.PIN_MIN_LENGTH, max: applock.PIN_MAX_LENGTH }));
      return;
    }
    if (pin !== String(fd.get("again") || "")) { message(box, _("The two PINs are not the same.")); return; }
    form.querySelector("button[type=submit]").disabled = true;
    message(box, _("Saving…"), "notice");
    await applock.choosePin(pin, { name: String(fd.get("name") || "").trim(), clientID: ctx.clientID,
      usePrf: fd.get("prf") === "on", user: ctx.user || {} });
    await ctx.onUnlocked("setup");
  });
  replace(main, heading(_("Choose a PIN")),
    h("p", { text: ctx.own ? _("Your plan on this phone is encrypted. The PIN unlocks it when you have no connection; your passphrase always does when you log in online.")
      : _("Participants' data on this phone is encrypted. The PIN unlocks it when you have no connection; your password always does when you log in online.") }),
    form, box);
  main.dataset.rendered = "pin-setup";
  form.querySelector("input").focus();
}
