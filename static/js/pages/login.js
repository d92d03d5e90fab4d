// Loaded by the login page. After a logout (?logged_out=1) or a revoked
// device it wipes everything this browser holds for Bokvar: IndexedDB,
// Cache Storage, bokvar.* keys. On every login page it also marks that the
// next app start must check who owns the local data before showing it.
import { wipeEverything } from "../session.js";

const params = new URLSearchParams(location.search);
const done = params.has("logged_out") || params.has("revoked") ? wipeEverything() : Promise.resolve();
done.catch((err) => console.error("wipe failed", err)).finally(() => {
  localStorage.setItem("bokvar.verifyOwner", "1");
  document.documentElement.dataset.wiped = "yes";
});
