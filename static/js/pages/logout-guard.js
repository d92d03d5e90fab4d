// Loaded by the server pages: their logout button warns first when this
// device still holds changes that are not synced (the PWA's outbox).
import { loadLocale, ngettext } from "../i18n.js";
import { DATABASE_NAME } from "../db.js";
import { pendingCount } from "../outbox.js";

const form = document.querySelector("form.logout-form");
if (form) {
  form.addEventListener("submit", async (event) => {
    if (form.dataset.confirmed === "yes") return;
    event.preventDefault();
    let pending = 0;
    try {
      // Only look if the app ever stored something here (never create the database).
      const names = (await indexedDB.databases()).map((d) => d.name);
      if (names.includes(DATABASE_NAME)) pending = await pendingCount();
    } catch { pending = 0; }
    if (pending) {
      await loadLocale(document.documentElement.lang);
      const text = ngettext(
        "{n} change in the app is not synced and is deleted from this device if you log out. Open the app to sync first. Log out anyway?",
        "{n} changes in the app are not synced and are deleted from this device if you log out. Open the app to sync first. Log out anyway?",
        pending);
      if (!window.confirm(text)) return;
    }
    form.dataset.confirmed = "yes";
    form.requestSubmit();
  });
}
