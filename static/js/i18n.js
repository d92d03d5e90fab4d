// Translations for every string the JS shows: msgids are English, wrapped in
// _("...") so scripts/i18n.py extracts them; the catalogue comes from
// /i18n/<locale>.json (precached by the service worker for both locales).
export const LOCALES = ["sv", "en"];
let messages = {};
let current = "sv";

export function locale() { return current; }

export async function loadLocale(loc) {
  const chosen = LOCALES.includes(loc) ? loc : "sv";
  try {
    const resp = await fetch(`/i18n/${chosen}.json`, { credentials: "same-origin" });
    if (!resp.ok) throw new Error(String(resp.status));
    messages = (await resp.json()).messages || {};
  } catch {
    messages = {}; // English msgids still read fine
  }
  current = chosen;
  document.documentElement.lang = chosen;
}

function fill(text, params) {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, key) => (key in params ? String(params[key]) : m));
}

export function _(msgid, params) {
  const found = messages[msgid];
  const text = Array.isArray(found) ? found[0] : found;
  return fill(text || msgid, params);
}

export function ngettext(singular, plural, n, params) {
  const found = messages[singular];
  const index = n === 1 ? 0 : 1; // Swedish and English share this rule
  const text = Array.isArray(found) ? found[index] : (index ? plural : singular);
  return fill(text || (index ? plural : singular), { n, ...params });
}
