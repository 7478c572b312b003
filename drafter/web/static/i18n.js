// The page's words: one catalogue per UI locale (i18n/<locale>.json), dates and numbers formatted in that
// locale with Intl. The locale is the reviewer's choice (kept in localStorage), else the browser's, else English.
"use strict";

const UI_LOCALES = ["zh-CN", "en"];
const UI_LOCALE_KEY = "drafter.uiLocale";
const i18n = { locale: "en", messages: {}, fallback: {} };

function pickLocale() {
  const saved = localStorage.getItem(UI_LOCALE_KEY);
  if (UI_LOCALES.includes(saved)) return saved;
  for (const lang of navigator.languages || [navigator.language]) {
    if (String(lang).toLowerCase().startsWith("zh")) return "zh-CN";
    if (String(lang).toLowerCase().startsWith("en")) return "en";
  }
  return "en";
}

async function loadCatalogue(locale) {
  const res = await fetch(`/review/static/i18n/${locale}.json`, { cache: "no-cache" });
  if (!res.ok) throw new Error(`catalogue ${locale}: HTTP ${res.status}`);
  return res.json();
}

async function setLocale(locale) {
  if (!UI_LOCALES.includes(locale)) locale = "en";
  const [messages, fallback] = await Promise.all([loadCatalogue(locale), locale === "en" ? null : loadCatalogue("en")]);
  Object.assign(i18n, { locale, messages, fallback: fallback || messages });
  localStorage.setItem(UI_LOCALE_KEY, locale);
  document.documentElement.lang = locale;
  applyI18n(document);
}

// A missing key shows the key itself (a test checks no key is missing), never a silent English fallback in zh.
function t(key, params = {}) {
  const text = i18n.messages[key] ?? (i18n.locale === "en" ? i18n.fallback[key] : undefined) ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

// t() as nodes: parameters given as nodes (buyer or store data, marked translate="no") are inserted as such.
function tNodes(key, params = {}) {
  const text = i18n.messages[key] ?? key;
  return text.split(/(\{\w+\})/).filter(Boolean).map((part) => {
    const name = part.match(/^\{(\w+)\}$/)?.[1];
    return name && name in params ? params[name] : part;
  });
}

function applyI18n(root) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    const params = node.dataset.n ? { n: fmtNumber(Number(node.dataset.n)) } : {};
    node.textContent = t(node.dataset.i18n, params);
  }
  for (const node of root.querySelectorAll("[data-i18n-title]")) node.title = t(node.dataset.i18nTitle);
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) node.placeholder = t(node.dataset.i18nPlaceholder);
  for (const node of root.querySelectorAll("[data-i18n-aria]")) node.setAttribute("aria-label", t(node.dataset.i18nAria));
  if (root === document) document.title = t("app.title");
}

const fmtNumber = (n, opts = {}) => new Intl.NumberFormat(i18n.locale, opts).format(n);
const fmtPct = (share) => (share === null || share === undefined ? "–" : fmtNumber(share, { style: "percent" }));

// A language code named in the UI language: es -> 西班牙语 / Spanish.
function languageName(code) {
  try { return new Intl.DisplayNames([i18n.locale], { type: "language" }).of(code) || code; } catch { return code; }
}

function regionName(code) {
  try { return new Intl.DisplayNames([i18n.locale], { type: "region" }).of(code) || code; } catch { return code; }
}

// Times read in the store's own time zone (its deadlines are set there), formatted in the UI language.
function fmtDate(value, timeZone) {
  const opts = { dateStyle: "medium", timeStyle: "short" };
  try { return new Date(value).toLocaleString(i18n.locale, { ...opts, timeZone }); }
  catch { return new Date(value).toLocaleString(i18n.locale, opts); }
}

function fmtDay(value) { // a calendar date (YYYY-MM-DD) as such, whatever the zone
  const [y, m, d] = String(value).split("-").map(Number);
  if (!y || !m || !d) return String(value);
  return new Date(Date.UTC(y, m - 1, d)).toLocaleDateString(i18n.locale, { dateStyle: "medium", timeZone: "UTC" });
}

function fmtSpan(ms) {
  const mins = Math.round(Math.abs(ms) / 60000);
  const d = Math.floor(mins / 1440), h = Math.floor((mins % 1440) / 60), m = mins % 60;
  if (d) return `${fmtNumber(d)} ${t("unit.d")} ${fmtNumber(h)} ${t("unit.h")}`;
  if (h) return `${fmtNumber(h)} ${t("unit.h")} ${fmtNumber(m)} ${t("unit.min")}`;
  return `${fmtNumber(m)} ${t("unit.min")}`;
}

function timeLeft(deadline, now = Date.now()) {
  const ms = new Date(deadline).getTime() - now;
  return { text: ms < 0 ? t("time.overdue", { span: fmtSpan(ms) }) : t("time.left", { span: fmtSpan(ms) }),
           cls: ms < 0 ? "overdue" : ms < 3600000 ? "soon" : "" };
}
