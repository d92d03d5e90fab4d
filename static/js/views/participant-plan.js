// The participant's own plan, in large plain words: on the worker's phone in
// participant mode, or on the participant's own phone (their account). They
// write goals in their own words, add steps and who does each, rate their life
// areas, say the plan is theirs or what they disagree with. Offline too: every
// write is one outbox entry (actions.js), marked as written in participant mode.
// Nothing here shames: no overdue badges, no red.
import * as actions from "../actions.js";
import { svgOf, series } from "../chart.js";
import { specField } from "../forms.js";
import { _, locale, ngettext } from "../i18n.js";
import * as L from "../labels.js";
import { handedOver, heldBy, isOwnAccount, leave, modeOf } from "../participant-mode.js";
import { participantBundle, planOf } from "../queries.js";
import { lockState, tryPin, validPin } from "../applock.js";
import { verifyWorker } from "../session.js";
import { field, fmtDate, h, replace, todayISO } from "../ui.js";
import { areaOf, heading, notFound, pendingMark, refusedList } from "./parts.js";

// A form under the participant's fingers is never re-rendered by a sync; the plan is.
export let keepOnData = false; // eslint-disable-line import/no-mutable-exports

const who = (s) => (s.who === "other" && s.whoName ? s.whoName : L.label("step_who_mine", s.who));
const link = (href, text, cls = "button") => h("a", { class: cls, href, text });
const back = () => h("p", { class: "crumb" }, h("a", { href: "#/pm", text: _("‹ My plan") }));

function said(events, goalUuid) {
  const mine = events.filter((e) => (e.goal || null) === goalUuid && ["disagreed", "comment"].includes(e.kind))
    .sort((a, b) => (a.createdAt || "").localeCompare(b.createdAt || ""));
  if (!mine.length) return null;
  return h("ul", { class: "said" }, mine.map((e) => h("li", { class: `said-${e.kind}` },
    h("p", { class: "meta" }, h("span", { class: "said-kind", text: L.label("plan_event_kind", e.kind) }),
      ` · ${e.writtenBy === "worker" ? e.authorName || L.writtenBy(e.writtenBy) : L.writtenBy(e.writtenBy)}`,
      e.createdAt ? ` · ${fmtDate(e.createdAt)}` : ""),
    h("p", { class: "verbatim", text: e.text }))));
}

function stepRow(s, ctx) {
  const box = h("input", { type: "checkbox", checked: Boolean(s.doneOn), onchange: async (e) => {
    await actions.updateStep(s, { doneOn: e.target.checked ? todayISO() : null }, modeOf());
    ctx.refresh();
  } });
  const when = s.doneOn ? _("done {date}", { date: fmtDate(s.doneOn) })
    : s.dueOn ? _("by {date}", { date: fmtDate(s.dueOn) }) : "";
  return h("li", { class: "step" }, field(`${s.what} (${[who(s), when].filter(Boolean).join(" · ")})`, box),
    pendingMark(ctx.pendingUuids, s.uuid));
}

function goalItem(g, b, ctx) {
  const steps = b.step.filter((s) => s.goal === g.uuid);
  return h("li", { class: "goal pm-goal", dataset: { goal: g.uuid } },
    h("p", { class: "meta" }, h("span", { class: "life-area", text: areaOf(g) }), " · ",
      h("span", { text: L.goalStatus(g.status) })),
    h("p", { class: "own-words", text: g.ownWords }),
    g.whyItMatters ? h("p", {}, h("span", { class: "meta-label", text: _("Why it matters to me:") }), " ",
      h("span", { class: "verbatim", text: g.whyItMatters })) : null,
    g.supportWanted ? h("p", {}, h("span", { class: "meta-label", text: _("The support I would like:") }), " ",
      h("span", { class: "verbatim", text: g.supportWanted })) : null,
    pendingMark(ctx.pendingUuids, g.uuid),
    steps.length ? h("ul", { class: "steps" }, steps.map((s) => stepRow(s, ctx))) : null,
    said(b.planEvent, g.uuid),
    h("p", { class: "pm-actions" },
      link(`#/pm/step/${g.uuid}`, _("Add a step")),
      link(`#/pm/goal/${g.uuid}`, _("Change my words")),
      link(`#/pm/disagree/${g.uuid}`, _("I disagree with this"))));
}

function ratingsCard(ratings) {
  const charts = series(ratings).map((s, i) => {
    const area = s.ownArea || L.lifeArea(s.area);
    const latest = L.label("rating_scale", String(s.points[s.points.length - 1].rating));
    const title = ngettext("{area}: {n} rating, the latest {latest}", "{area}: {n} ratings, the latest {latest}",
      s.points.length, { area, latest });
    const table = h("table", { class: "rating-table" },
      h("caption", { class: "visually-hidden", text: _("The ratings of {area}", { area }) }),
      h("thead", {}, h("tr", {}, [_("Date"), _("Rating"), _("In my words")].map((t) => h("th", { scope: "col", text: t })))),
      h("tbody", {}, [...s.points].reverse().map((p) => h("tr", {},
        h("td", { text: fmtDate(p.on) }), h("td", { text: `${p.rating} – ${L.label("rating_scale", String(p.rating))}` }),
        h("td", { class: "verbatim", text: p.comment })))));
    return h("figure", { class: "chart", "aria-labelledby": `pm-chart-${i}` },
      h("figcaption", { id: `pm-chart-${i}`, text: area }),
      svgOf(s, title, fmtDate(s.points[0].on), fmtDate(s.points[s.points.length - 1].on)), table);
  });
  return h("section", { class: "card ratings", "aria-labelledby": "pm-ratings" },
    h("h2", { id: "pm-ratings", text: _("How it is going, in my own ratings") }),
    charts.length ? h("div", { class: "charts" }, charts) : h("p", { class: "muted", text: _("No ratings yet.") }),
    link("#/pm/rate", _("Rate how it is going"), "button primary"));
}

function agreement(b) {
  const agreed = b.planEvent.filter((e) => e.kind === "agreed" && !e.goal)
    .sort((a, c) => (c.createdAt || "").localeCompare(a.createdAt || ""))[0];
  if (agreed) {
    return h("p", { class: "agreement is-agreed",
      text: _("You said this plan is yours on {date}.", { date: fmtDate(agreed.createdAt) }) });
  }
  return h("div", {}, h("p", { class: "agreement", text: _("When the plan feels like yours, you can say so here.") }),
    link("#/pm/agree", _("This is my plan"), "button"));
}

function ownAccountCards(b) {
  if (!isOwnAccount()) return [];
  const open = b.followup.filter((f) => !f.doneOn).sort((a, c) => a.dueOn.localeCompare(c.dueOn));
  const notes = b.note.filter((n) => n.status === "signed")
    .sort((a, c) => (c.visitDate || "").localeCompare(a.visitDate || "")).slice(0, 10);
  return [
    h("section", { class: "card", "aria-labelledby": "pm-followups" },
      h("h2", { id: "pm-followups", text: _("Coming up") }),
      open.length ? h("ul", { class: "list" }, open.map((f) => h("li", {},
        h("strong", { text: f.title || L.followupKind(f.kind) }), " ", h("span", { class: "meta", text: fmtDate(f.dueOn) }))))
        : h("p", { class: "muted", text: _("Nothing planned right now.") })),
    h("section", { class: "card", "aria-labelledby": "pm-notes" },
      h("h2", { id: "pm-notes", text: _("What we wrote after our meetings") }),
      notes.length ? h("ul", { class: "list" }, notes.map((n) => h("li", {},
        h("p", { class: "meta", text: `${fmtDate(n.visitDate)} · ${L.noteKind(n.kind)}` }),
        n.body ? h("p", { class: "verbatim", text: n.body }) : null)))
        : h("p", { class: "muted", text: _("Nothing yet.") })),
    h("p", {}, h("a", { href: "/me/print", text: _("Print my plan") }), " · ",
      h("a", { href: "/me/history", text: _("What has changed in my plan") })),
  ];
}

function planPage(main, b, ctx) {
  const p = b.participant;
  replace(main,
    heading(_("Hi {name}!", { name: p.preferredName })),
    h("p", { class: "pm-intro", text: _("This is your plan. Write it in your own words: nothing you write is changed by anyone else.") }),
    refusedList(b.errors, () => ctx.refresh()),
    agreement(b),
    h("p", { class: "pm-actions" }, link("#/pm/goal/new", _("Write a new goal"), "button primary"),
      link("#/pm/disagree", _("Say what you disagree with"))),
    b.goal.length ? h("ol", { class: "goals" }, b.goal.map((g) => goalItem(g, b, ctx)))
      : h("p", { class: "muted", text: _("No goals written yet.") }),
    said(b.planEvent, null),
    ratingsCard(b.rating),
    ownAccountCards(b),
    h("p", { class: "pm-actions" },
      h("button", { type: "button", class: "linklike", text: locale() === "sv" ? "English" : "Svenska",
        lang: locale() === "sv" ? "en" : "sv", onclick: () => ctx.setLocale(locale() === "sv" ? "en" : "sv") }),
      handedOver() ? link("#/pm/leave", _("Give the phone back"), "button") : null,
      isOwnAccount() ? h("button", { type: "button", class: "button", text: _("Log out"),
        onclick: () => ctx.logout() }) : null));
}

function form(main, title, controls, onSubmit, intro = null) {
  const f = h("form", { class: "pm-form" }, controls,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: _("Save") }),
      link("#/pm", _("Cancel"))));
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    if (await onSubmit(new FormData(f)) !== false) location.hash = "#/pm";
  });
  replace(main, back(), heading(title), intro ? h("p", { text: intro }) : null, f);
}

function goalForm(main, b, goal) {
  const g = goal || {};
  form(main, goal ? _("My words for this goal") : _("A new goal"), [
    specField("goal", "ownWords", { value: g.ownWords, rows: "3" }, { label: _("My goal, in my own words") }),
    specField("goal", "lifeArea", { value: g.lifeArea || "home" }, { label: _("What part of life it is about") }),
    specField("goal", "ownArea", { value: g.ownArea }, { label: _("Or name it yourself"),
      hint: _("If none of the areas fits, give it your own name.") }),
    specField("goal", "whyItMatters", { value: g.whyItMatters, rows: "2" }, { label: _("Why it matters to me") }),
    specField("goal", "supportWanted", { value: g.supportWanted, rows: "2" }, { label: _("The support I would like") }),
  ], async (fd) => {
    const v = Object.fromEntries(["ownWords", "lifeArea", "ownArea", "whyItMatters", "supportWanted"]
      .map((k) => [k, fd.get(k) ?? ""]));
    if (!v.ownWords.trim()) return false;
    if (goal) await actions.updateGoal(goal, v, modeOf());
    else {
      const plan = await planOf(b.participant.uuid);
      await actions.createGoal(b.participant.uuid, plan && plan.uuid, v, modeOf());
    }
    return true;
  }, _("Write it the way you want to say it. It is saved exactly as you write it."));
}

function stepForm(main, goal) {
  form(main, _("A step towards the goal"), [
    h("blockquote", { class: "own-words", text: goal.ownWords }),
    specField("step", "what", {}, { label: _("What is the next step?") }),
    field(_("Who does it"), whoSelect()),
    specField("step", "whoName", {}, { label: _("Who, if someone else") }),
    specField("step", "dueOn", {}, { label: _("By when (if you like)") }),
  ], async (fd) => {
    if (!fd.get("what").trim()) return false;
    await actions.createStep(goal, { what: fd.get("what"), who: fd.get("who"), whoName: fd.get("whoName"),
      dueOn: fd.get("dueOn") || null }, modeOf());
    return true;
  });
}

function whoSelect() {
  return h("select", { name: "who" }, L.STEP_WHO.map((v) => h("option", { value: v, text: L.label("step_who_mine", v) })));
}

function rateForm(main) {
  const scale = h("fieldset", { class: "rating-choice" }, h("legend", { text: _("How is it going right now?") }),
    [5, 4, 3, 2, 1].map((v) => {
      const input = h("input", { type: "radio", name: "rating", value: String(v), required: true });
      return h("label", { class: "check" }, input, h("span", { text: `${v} – ${L.label("rating_scale", String(v))}` }));
    }));
  form(main, _("How is it going?"), [
    specField("rating", "lifeArea", { value: "home" }, { label: _("What part of life") }),
    specField("rating", "ownArea", {}, { label: _("Or name it yourself") }),
    scale,
    specField("rating", "comment", { rows: "2" }, { label: _("A few words (if you like)") }),
  ], async (fd) => {
    if (!fd.get("rating")) return false;
    await actions.rate(heldBy(), { lifeArea: fd.get("lifeArea"), ownArea: fd.get("ownArea") || "",
      rating: Number(fd.get("rating")), comment: fd.get("comment") || "", ratedOn: todayISO() }, modeOf());
    return true;
  }, _("Only you decide how it is going. Your answer is shown to you over time, as a line."));
}

function sayForm(main, title, intro, label, required, act) {
  form(main, title, [specField("planEvent", "text", { rows: "4", required: required || undefined }, { label })],
    async (fd) => {
      const text = fd.get("text") || "";
      if (required && !text.trim()) return false;
      await act(text);
      return true;
    }, intro);
}

/**
 * The worker's secret: six or more digits are tried as the app PIN on the
 * phone (offline too; a wrong one counts towards the lock's five), anything
 * else — or digits that are not the PIN, when online — as the password,
 * which the server checks. {ok, offline, left, block}.
 */
async function verifySecret(secret) {
  const text = String(secret || "");
  let pin = null;
  if (validPin(text) && (await lockState()).pin) {
    pin = await tryPin(text);
    if (pin.ok) return { ok: true };
  }
  if (!navigator.onLine) return { ok: false, offline: true, ...(pin || {}) };
  try {
    return { ok: await verifyWorker(text) };
  } catch {
    return { ok: false, offline: true, ...(pin || {}) };
  }
}

function leaveMessage(result) {
  if (result.block === "pin_off") {
    return _("Unlocking without a connection is switched off after 5 wrong PINs. Log in with your password when you are online, then choose a new PIN. Nothing has been deleted, and unsynced changes sync after that login.");
  }
  if (result.left) { // the lock screen's words: it is the same count
    return ngettext("Wrong PIN. {n} attempt left before unlocking without a connection is switched off.",
      "Wrong PIN. {n} attempts left before unlocking without a connection is switched off.", result.left);
  }
  return result.offline ? _("Without a connection the password cannot be checked. Use your app PIN, or connect and try again.")
    : _("That did not work. Check the PIN or password and try again.");
}

function leaveForm(main, ctx) {
  const error = h("p", { class: "field-error", role: "alert", hidden: true });
  const f = h("form", { class: "pm-form" },
    field(_("Your app PIN or password"), h("input", { type: "password", name: "secret", autocomplete: "current-password", required: true })),
    error,
    h("div", { class: "actions" }, h("button", { type: "submit", class: "primary", text: _("Take the phone back") }),
      link("#/pm", _("Cancel"))));
  f.addEventListener("submit", async (e) => {
    e.preventDefault();
    const secret = new FormData(f).get("secret");
    const result = await leave(secret, verifySecret).catch(() => ({ ok: false, offline: !navigator.onLine }));
    if (!result.ok) {
      error.hidden = false;
      error.textContent = leaveMessage(result);
      f.querySelector("input").value = "";
      return;
    }
    ctx.refresh();
  });
  replace(main, back(), heading(_("Give the phone back")),
    h("p", { text: _("The case manager types their app PIN or password to take the phone back.") }), f);
}

export async function render(main, params, ctx) {
  const uuid = heldBy();
  const b = uuid ? await participantBundle(uuid) : null;
  document.body.classList.add("participant-mode");
  if (!b || !b.participant) {
    replace(main, notFound(_("Your plan is on its way"), _("It is shown as soon as it has been downloaded.")));
    main.dataset.rendered = "participant-plan";
    return () => document.body.classList.remove("participant-mode");
  }
  ctx.pendingUuids = new Set(b.pending.map((e) => e.entityUuid));
  document.title = `${_("My plan")} · Bokvar`;
  const [kind, arg] = (params.sub || "").split("/").filter(Boolean);
  keepOnData = Boolean(kind);
  const goal = arg ? b.goal.find((g) => g.uuid === arg) : null;
  if (kind === "goal") goalForm(main, b, arg === "new" ? null : goal);
  else if (kind === "step" && goal) stepForm(main, goal);
  else if (kind === "rate") rateForm(main);
  else if (kind === "agree") {
    sayForm(main, _("This is my plan"), _("When you say the plan is yours, the date is written in it, and we plan the next time to look at it together."),
      _("Anything you want to add (if you like)"), false, (t) => actions.agreePlan(uuid, t, modeOf()));
  } else if (kind === "disagree") {
    sayForm(main, _("What I disagree with"), _("Your words are added to the plan with today's date. Nothing in the plan is removed or changed by it."),
      _("What you do not agree with, in your own words"), true, (t) => actions.disagree(uuid, goal ? goal.uuid : null, t, modeOf()));
  } else if (kind === "leave" && handedOver()) leaveForm(main, ctx);
  else planPage(main, b, ctx);
  main.dataset.rendered = "participant-plan";
  return () => document.body.classList.remove("participant-mode");
}
