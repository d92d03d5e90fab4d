// The self-rating chart, drawn on the phone as the server draws it
// (core/chart.py; measures from the spec): one small line chart per life
// area, time left to right over all the ratings, the worded scale 1-5 up.
import SPEC from "./spec.js";

const G = SPEC.chart;
const SVG = "http://www.w3.org/2000/svg";
const tenth = (v) => Math.floor(v * 10 + 0.5) / 10;
const dayNumber = (iso) => {
  const [y, m, d] = iso.slice(0, 10).split("-").map(Number);
  return Date.UTC(y, m - 1, d) / 86400000;
};

export const yOf = (rating) => tenth(G.top + (G.high - rating) * (G.height - G.top - G.bottom) / (G.high - G.low));

/** Ratings ({lifeArea, ownArea, rating, ratedOn, comment}) as series of points, by area. */
export function series(ratings) {
  if (!ratings.length) return [];
  // Ties by area, then rating: the same order as core/chart.py.
  const cmp = (x, y) => (x < y ? -1 : x > y ? 1 : 0);
  const ordered = [...ratings].sort((a, b) => cmp(a.ratedOn, b.ratedOn) || cmp(a.lifeArea, b.lifeArea)
    || cmp(a.ownArea || "", b.ownArea || "") || a.rating - b.rating);
  const first = dayNumber(ordered[0].ratedOn);
  const span = dayNumber(ordered[ordered.length - 1].ratedOn) - first;
  const groups = new Map();
  for (const r of ordered) {
    const x = span === 0 ? G.left + (G.width - G.left - G.right) / 2
      : G.left + (dayNumber(r.ratedOn) - first) * (G.width - G.left - G.right) / span;
    const key = `${r.lifeArea}\u0000${r.lifeArea === "other" ? r.ownArea || "" : ""}`;
    if (!groups.has(key)) groups.set(key, { area: r.lifeArea, ownArea: r.lifeArea === "other" ? r.ownArea || "" : "", points: [] });
    groups.get(key).points.push({ x: tenth(x), y: yOf(r.rating), on: r.ratedOn, rating: r.rating, comment: r.comment || "" });
  }
  return [...groups.values()];
}

const el = (tag, attrs = {}, text = null) => {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== null) node.textContent = text;
  return node;
};

/** One series as an <svg> with a <title> (the text alternative is the table beside it). */
export function svgOf(s, title, firstLabel, lastLabel) {
  const svg = el("svg", { viewBox: `0 0 ${G.width} ${G.height}`, class: "rating-chart", role: "img", focusable: "false" });
  svg.append(el("title", {}, title));
  for (let v = G.low; v <= G.high; v += 1) {
    svg.append(el("line", { class: "grid", x1: G.left, x2: G.width - G.right, y1: yOf(v), y2: yOf(v) }));
    svg.append(el("text", { class: "grid-label", x: 2, y: yOf(v) + 4 }, String(v)));
  }
  if (s.points.length > 1) {
    svg.append(el("polyline", { class: "line", points: s.points.map((p) => `${p.x},${p.y}`).join(" ") }));
  }
  for (const p of s.points) svg.append(el("circle", { class: "dot", cx: p.x, cy: p.y, r: 5 }));
  svg.append(el("text", { class: "axis-label", x: G.left, y: G.height - 6 }, firstLabel));
  if (s.points.length > 1) {
    svg.append(el("text", { class: "axis-label", "text-anchor": "end", x: G.width - G.right, y: G.height - 6 }, lastLabel));
  }
  return svg;
}
