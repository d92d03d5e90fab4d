// The app shell's controller: boot (revoked? owner, locale, the lock), hash
// router, top-bar status, banners, language switch and the logout wipe.
import { onStorageError, saveLocale } from "./actions.js";
import { _, loadLocale, locale, ngettext } from "./i18n.js";
import { pendingCount } from "./outbox.js";
import { bootMeta, currentUser, openConflictCount, ownParticipant, storedLocale } from "./queries.js";
import * as applock from "./applock.js";
import { HttpError, ensureOwner, fetchSession, requestPersistence, setDeviceId, submitLogoutForm,
  csrfToken, wipeEverything } from "./session.js";
import { activateUpdate, ensurePrecache, registerServiceWorker,
  whenUpdateReady } from "./sw-register.js";
import { events, onRevoked, requestSync, startSync } from "./sync-client.js";
import { ask, h, replace } from "./ui.js";
import { allowedHash, heldBy, setOwnAccount } from "./participant-mode.js";
import * as conflicts from "./views/conflicts.js";
import * as goalEditor from "./views/goal-editor.js";
import * as landlordReport from "./views/landlord-report.js";
import * as landlordTenancy from "./views/landlord-tenancy.js";
import * as lockView from "./views/lock.js";
import * as noteEditor from "./views/note-editor.js";
import * as participant from "./views/participant.js";
import * as participantPlan from "./views/participant-plan.js";
import * as refused from "./views/refused.js";
import * as status from "./views/status.js";
import * as today from "./views/today.js";

const ROUTES = [
  [/^#?\/?(today)?$/, today, () => ({})],
  [/^#\/p\/([\w-]+)$/, participant, (m) => ({ uuid: m[1] })],
  [/^#\/note\/new\/([\w-]+)$/, noteEditor, (m) => ({ participant: m[1] })],
  [/^#\/note\/([\w-]+)$/, noteEditor, (m) => ({ uuid: m[1] })],
  [/^#\/goal\/new\/([\w-]+)$/, goalEditor, (m) => ({ participant: m[1] })],
  [/^#\/goal\/([\w-]+)$/, goalEditor, (m) => ({ uuid: m[1] })],
  [/^#\/tenancy\/([\w-]+)$/, landlordTenancy, (m) => ({ uuid: m[1] })],
  [/^#\/report\/new\/([\w-]+)$/, landlordReport, (m) => ({ tenancy: m[1] })],
  [/^#\/report\/([\w-]+)$/, landlordReport, (m) => ({ uuid: m[1] })],
  [/^#\/conflicts$/, conflicts, () => ({})],
  [/^#\/pm(\/.*)?$/, participantPlan, (m) => ({ sub: m[1] || "" })],
  [/^#\/status$/, status, () => ({})],
  [/^#\/refused\/([\w-]+)$/, refused, (m) => ({ uuid: m[1] })],
];

const main = () => document.getElementById("main");
let current = { view: null, cleanup: null, hash: null };
const banners = new Map();

const ctx = {
  refresh: () => renderRoute({ keepScroll: true }),
  lock: () => lockNow(),
  clientID: () => bootInfo.clientID,
  reportError,
  setLocale,
  logout,
};

function match(hash) {
  for (const [re, view, params] of ROUTES) {
    const m = hash.match(re);
    if (m) return { view, params: params(m) };
  }
  return { view: today, params: {} };
}

/** `preload`: {view, data} read at boot, used if the route still shows that view. */
async function renderRoute({ keepScroll = false, preload = null } = {}) {
  if (!applock.isUnlocked()) return; // the lock screen stays until the store is open
  const asked = location.hash || "#/today";
  // Participant mode: only the participant's own plan, whatever the URL or Back says.
  const hash = allowedHash(asked);
  if (hash !== asked) history.replaceState(null, "", hash);
  document.body.dataset.mode = heldBy() ? "participant" : "worker";
  const { view, params } = match(hash);
  if (current.cleanup) {
    const cleanup = current.cleanup;
    current.cleanup = null;
    await cleanup();
  }
  const y = scrollY;
  const isNewPage = current.hash !== hash;
  current = { view, cleanup: null, hash };
  document.title = "Bokvar";
  try {
    const preloaded = preload && preload.view === view ? preload.data : null;
    current.cleanup = (await view.render(main(), params, ctx, preloaded)) || null;
  } catch (err) {
    reportError(err);
  }
  markTabs(hash);
  status.updateChip();
  if (keepScroll && !isNewPage) scrollTo(0, y);
  else if (isNewPage) {
    scrollTo(0, 0);
    const h1 = main().querySelector("h1");
    if (h1 && document.activeElement !== document.body) h1.focus();
  }
}

function mountChrome() {
  document.getElementById("skip-link").textContent = _("Skip to content");
  const nav = document.getElementById("tabbar");
  nav.setAttribute("aria-label", _("Main"));
  replace(nav, h("ul", {},
    [["#/today", _("Today"), "today"], ["#/conflicts", _("Conflicts"), "conflicts"], ["#/status", _("Sync"), "status"]]
      .map(([href, label, key]) => h("li", {}, h("a", { href, dataset: { tab: key } },
        h("span", { class: "tab-label", text: label }),
        key === "conflicts" ? h("span", { class: "tab-count", id: "conflict-count" }) : null)))));
  const bannersEl = document.getElementById("banners");
  replace(bannersEl, h("div", { id: "download-progress", class: "download", hidden: true }),
    h("div", { id: "banner-list" }));
  status.mountChip();
}

function markTabs(hash) {
  const key = hash.startsWith("#/conflicts") ? "conflicts" : hash.startsWith("#/status") ? "status"
    : hash === "#/today" || hash === "" || hash === "#/" ? "today" : null;
  for (const a of document.querySelectorAll("#tabbar a")) {
    if (a.dataset.tab === key) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

/** Banners: quota errors, logged out, update available, app too old. */
function setBanner(key, build) {
  if (build) banners.set(key, build); else banners.delete(key);
  const list = document.getElementById("banner-list");
  if (list) replace(list, [...banners.values()].map((b) => b()));
}

function reportError(err) {
  const quota = err && (err.name === "QuotaExceededError" || /quota/i.test(err.message || ""));
  const text = quota ? _("This device is out of storage space: the last change was NOT saved. Free some space, then try again.")
    : _("Something went wrong: {message}", { message: (err && err.message) || String(err) });
  setBanner("error", () => h("div", { class: "banner banner-error", role: "alert" },
    h("p", { text }), h("button", { type: "button", class: "linklike", text: _("Close"),
      onclick: () => setBanner("error", null) })));
  console.error(err);
}

async function updateBanner() {
  const pending = await pendingCount().catch(() => 0);
  setBanner("update", () => h("div", { class: "banner banner-update", role: "status" },
    h("p", { text: _("A new version is ready — reload") }),
    pending ? h("p", { class: "meta", text: ngettext("{n} change is not synced yet: it stays on this device and syncs after the reload.",
      "{n} changes are not synced yet: they stay on this device and sync after the reload.", pending) }) : null,
    h("button", { type: "button", class: "primary", id: "reload-update", text: _("Reload"),
      onclick: async () => { if (current.cleanup) await current.cleanup(); activateUpdate(); } })));
}

function watchSyncState() {
  let lastFresh = false;
  events.addEventListener("state", (e) => {
    const st = e.detail;
    setBanner("auth", st.phase === "auth" ? () => h("div", { class: "banner", role: "status" },
      h("p", { text: _("You are logged out on the server. Your changes stay on this device until you log in again.") }),
      h("a", { class: "button primary", href: "/login?next=/app/", text: _("Log in") })) : null);
    setBanner("old", st.phase === "update" ? () => h("div", { class: "banner banner-error", role: "alert" },
      h("p", { text: _("Update the app: this version no longer matches the server. Your unsynced changes are kept.") }),
      h("button", { type: "button", class: "primary", text: _("Reload"), onclick: () => activateUpdate() })) : null);
    if (st.phase === "idle" && lastFresh) { lastFresh = false; }
  });
  events.addEventListener("data", (e) => {
    if (e.detail && e.detail.owner) {
      lastFresh = true;
      requestPersistence();
      ensurePrecache();
      if (e.detail.user && e.detail.user.locale && e.detail.user.locale !== locale()) {
        setLocale(e.detail.user.locale, { local: true });
      }
    }
    if (heldBy() === "pending") holdOwnAccount().then(() => renderRoute({ keepScroll: true }));
    // Sync results only: a local write is no "data" event (the view that wrote re-renders itself).
    updateConflictCount();
    if (!current.view || current.view.keepOnData) return;
    renderRoute({ keepScroll: true });
  });
}

async function updateConflictCount() {
  const el = document.getElementById("conflict-count");
  if (!el) return;
  const n = await openConflictCount().catch(() => 0);
  el.textContent = n ? String(n) : "";
  el.hidden = !n;
}

async function setLocale(code, { local = false } = {}) {
  await saveLocale(code);
  localStorage.setItem("bokvar.locale", code);
  await loadLocale(code);
  mountChrome();
  renderRoute({ keepScroll: true });
  if (local || !navigator.onLine) return;
  try { // best effort: the server remembers it for the server pages too
    const session = await fetchSession();
    const body = new FormData();
    body.set("csrf_token", session.csrfToken);
    body.set("locale", code);
    body.set("next", "/app/");
    await fetch("/language", { method: "POST", body, credentials: "same-origin", redirect: "manual" });
  } catch { /* offline: kept on the device */ }
}

/** Unsynced work → warn and try to sync first; then wipe everything and log out. */
async function logout() {
  let pending = await pendingCount();
  if (pending) {
    const go = await ask({ title: _("Log out"),
      text: ngettext("{n} change is not synced yet. We try to sync it before you log out.",
        "{n} changes are not synced yet. We try to sync them before you log out.", pending),
      buttons: [{ label: _("Sync and log out"), value: true, class: "primary" }, { label: _("Cancel"), value: false }] });
    if (!go) return;
    await requestSync("logout");
    pending = await pendingCount();
    if (pending) {
      const anyway = await ask({ title: _("Changes could not be synced"),
        text: ngettext("{n} change could not be synced. If you log out now it is deleted from this device.",
          "{n} changes could not be synced. If you log out now they are deleted from this device.", pending),
        buttons: [{ label: _("Log out anyway"), value: true, class: "danger" }, { label: _("Stay logged in"), value: false, class: "primary" }] });
      if (!anyway) return;
    }
  }
  let token = csrfToken();
  try { token = (await fetchSession()).csrfToken; } catch { /* offline */ }
  await wipeEverything();
  if (token && navigator.onLine) {
    submitLogoutForm(token);
    return;
  }
  localStorage.setItem("bokvar.logoutPending", "1");
  replace(main(), h("h1", { tabindex: "-1", text: _("You are logged out on this device") }),
    h("p", { text: _("Everything stored on this device has been deleted. The server session ends the next time you are online.") }),
    h("a", { class: "button primary", href: "/login", text: _("Log in") }));
}

/** A logout made offline finishes on the server at the next start online. */
async function finishPendingLogout() {
  if (localStorage.getItem("bokvar.logoutPending") !== "1" || !navigator.onLine) return false;
  try {
    const session = await fetchSession();
    localStorage.removeItem("bokvar.logoutPending");
    submitLogoutForm(session.csrfToken);
    return true;
  } catch (err) {
    if (err instanceof HttpError && err.status === 401) localStorage.removeItem("bokvar.logoutPending");
    return false;
  }
}

// --- the lock --------------------------------------------------------------------------

let bootInfo = { clientID: null, user: null };
let unlockedOnce = false;
let watcher = null;

/** Lock now (idle, background): flush the open draft, forget the key, show the lock screen. */
async function lockNow() {
  if (!applock.isUnlocked()) return;
  if (current.cleanup) {
    const cleanup = current.cleanup;
    current.cleanup = null;
    try { await cleanup(); } catch (err) { reportError(err); }
  }
  applock.lock();
  current = { view: null, cleanup: null, hash: null };
  await showLock();
}

async function showLock() {
  document.body.dataset.locked = "yes";
  document.querySelectorAll("dialog.ask").forEach((d) => d.remove());
  await lockView.render(main(), {}, { onUnlocked, own: ownAccountUser() });
  status.updateChip();
}

/** The store is open: show the route, sync, and lock again when idle or hidden. */
async function onUnlocked() {
  delete document.body.dataset.locked;
  if (!watcher) watcher = applock.watch(lockNow);
  watcher.touch();
  applock.touchClock();
  await holdOwnAccount(); // a participant's own account: the app is their plan
  await renderRoute();
  updateConflictCount();
  startSyncOnce("unlock");
}

let routing = false;
/** Sync from the first unlock on (it needs the open store); later unlocks sync once more. */
function startSyncOnce(reason) {
  if (!routing) {
    routing = true;
    addEventListener("hashchange", () => { if (applock.isUnlocked()) renderRoute(); });
  }
  if (!unlockedOnce) {
    unlockedOnce = true;
    startSync();
  } else {
    requestSync(reason);
  }
}

/** A revoked device: nothing more is shown; everything local is deleted; the login says why. */
async function revoked() {
  replace(main(), h("h1", { tabindex: "-1", text: _("This device has been revoked") }),
    h("p", { text: _("Everything Bokvar had stored on it is being deleted.") }));
  document.body.dataset.locked = "yes";
  document.body.dataset.revoked = "yes";
  const bannersEl = document.getElementById("banner-list");
  if (bannersEl) replace(bannersEl);
  applock.lock();
  // The session may still live (the owner revoked this phone from itself): end it, or
  // the login page would send a logged-in browser straight back to the app.
  let token = null;
  setDeviceId(null); // asked without the device: only whether a user is still logged in
  try { token = (await fetchSession({ timeoutMs: ONLINE_CHECK_MS })).csrfToken; } catch { token = null; }
  try { await wipeEverything(); } finally {
    if (token) submitLogoutForm(token, { revoked: true });
    else location.replace("/login?revoked=1");
  }
}

function connectFirst() {
  replace(main(), h("h1", { tabindex: "-1", text: _("Connect to the internet") }),
    h("p", { text: _("The first time you log in on this device you need a connection, to download your caseload.") }),
    h("a", { class: "button primary", href: "/login?next=/app/", text: _("Log in") }));
  main().dataset.rendered = "connect";
  status.updateChip();
}

const ONLINE_CHECK_MS = 4000;

async function boot() {
  performance.mark("bokvar:boot");
  onStorageError((err) => { if (err && err.name === "QuotaExceededError") reportError(err); });
  onRevoked(revoked);
  registerServiceWorker();
  whenUpdateReady(updateBanner);
  if (await finishPendingLogout()) return;
  // The catalogue is fetched while the database opens (locale mirrored in localStorage).
  const guess = localStorage.getItem("bokvar.locale") || (navigator.language || "sv").slice(0, 2);
  const catalogue = loadLocale(guess);
  let storeError = null;
  const meta = await bootMeta().catch((err) => { storeError = err; return {}; });
  setDeviceId(meta.clientID);
  // Online, the server is asked first (a revoked device wipes before anything
  // is shown); offline, the lock screen comes at once.
  const asking = navigator.onLine && !storeError
    ? fetchSession({ timeoutMs: ONLINE_CHECK_MS }).catch((err) => err) : Promise.resolve(null);
  await catalogue;
  if (meta.locale && meta.locale !== locale()) await loadLocale(meta.locale);
  mountChrome();
  watchSyncState();
  if (storeError) { // e.g. an upgrade step failed: the old store is untouched, show why
    replace(main(), h("h1", { tabindex: "-1", text: _("The storage on this device could not be opened") }),
      h("p", { text: _("Nothing has been deleted. Reload the app; if this stays, contact your team lead before you log out.") }));
    reportError(storeError);
    return;
  }
  const answer = await asking;
  if (answer instanceof HttpError && answer.status === 403) { await revoked(); return; }
  const session = answer instanceof Error ? null : answer;
  if (answer instanceof HttpError && answer.status === 401 && !meta.owner) {
    location.replace("/login?next=/app/");
    return;
  }
  let needsPin = false;
  if (session) {
    const owner = await ensureOwner(session); // another user: the store is wiped first
    localStorage.removeItem("bokvar.verifyOwner");
    bootInfo = { clientID: owner.clientID, user: session.user };
    requestPersistence();
    const stored = await storedLocale();
    if (stored && stored !== locale()) { await loadLocale(stored); mountChrome(); }
    if (stored) localStorage.setItem("bokvar.locale", stored);
    try {
      ({ needsPin } = await applock.unlockOnline(owner.clientID, session));
    } catch (err) {
      if (err instanceof HttpError && err.status === 403) { await revoked(); return; }
      reportError(err);
    }
  } else if (!meta.owner) {
    connectFirst();
    return;
  } else {
    bootInfo = { clientID: meta.clientID, user: meta.user || null };
  }
  if (applock.isUnlocked() && needsPin) {
    // The store is open (the server's key): the first download runs while the PIN is chosen.
    startSyncOnce("start");
    document.body.dataset.locked = "setup"; // no tab bar until a PIN is chosen (onUnlocked)
    await lockView.renderSetup(main(), { onUnlocked, clientID: bootInfo.clientID, user: bootInfo.user,
      own: ownAccountUser(),
      askName: true });
    return;
  }
  if (applock.isUnlocked()) { await onUnlocked(); return; }
  await showLock();
  // Locked and online: keep asking whether this device was revoked (sync does it once unlocked).
  addEventListener("online", () => { if (!applock.isUnlocked()) fetchSession({ timeoutMs: ONLINE_CHECK_MS })
    .catch((err) => { if (err instanceof HttpError && err.status === 403) revoked(); }); });
}

/** This phone is a participant's own (the lock and the PIN say "your plan", not "participants'"). */
const ownAccountUser = () => Boolean(bootInfo.user && bootInfo.user.role === "participant");

/** A participant's own account: the app is their plan, and only that. */
async function holdOwnAccount() {
  const user = await currentUser().catch(() => ({}));
  if (user.role !== "participant") return;
  const own = await ownParticipant().catch(() => null);
  setOwnAccount(own ? own.uuid : "pending"); // "pending" until the first download
}

addEventListener("unhandledrejection", (e) => {
  const err = e.reason;
  if (err && err.name === "QuotaExceededError") reportError(err);
});

boot();
