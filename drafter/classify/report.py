"""`drafter classify-report`: figures on the held-out set and on the Bitext English sample.

The held-out set (eval/classify/heldout.txt) is never used for training or for picking keywords.
Each message goes through the same path as production: detect_language (no locale hint; the
platform as its weak prior, as the pipeline passes it) then classify. Gold risk comes from the gold intent, flags and platform through the same risk rules.
"""

from __future__ import annotations

import json
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from drafter.classify.risk import risk_level
from drafter.config import REPO_ROOT
from drafter.models import Flag, Intent, Platform, Risk
from drafter.text.translit import is_mostly_latin

PLATFORMS = (Platform.aliexpress, Platform.amazon, Platform.ebay, Platform.shopify)
AUTO_SEND_THRESHOLD = 0.8


@dataclass
class Case:
    text: str
    language: str
    intent: Intent
    secondary: list[Intent]
    flags: list[Flag]
    platform: Platform
    source: str = ""
    extra: dict = field(default_factory=dict)


def default_paths() -> tuple[Path, Path]:
    return (
        REPO_ROOT / "eval" / "classify" / "heldout.txt",
        REPO_ROOT / "eval" / "benchmarks" / "bitext-intents.jsonl",
    )


def messy_path() -> Path:
    """The second check set: messy messages (typos, Latin-script Russian, false-alarm traps, paraphrased
    injections), written apart from the seed and the flag lists and never trained on."""
    return REPO_ROOT / "eval" / "classify" / "messy.txt"


def heldout_v3_path() -> Path:
    """The third check set (issue 17): 15 messages per language, written before that round's training
    data and never trained on or tuned against."""
    return REPO_ROOT / "eval" / "classify" / "heldout_v3.txt"


def read_heldout(path: Path) -> list[Case]:
    cases: list[Case] = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        parts = [p.strip() for p in raw.split(" | ", 3)]
        if len(parts) != 4:
            raise ValueError(f"{path}:{number}: expected 4 fields, got {raw!r}")
        lang, intents, flags, text = parts
        names = intents.split("+")
        tokens = [] if flags == "-" else [f.strip() for f in flags.split(",")]
        cases.append(
            Case(
                text=text,
                language=lang,
                intent=Intent(names[0]),
                secondary=[Intent(n) for n in names[1:]],
                flags=[Flag(f) for f in tokens if f != "injection"],
                platform=PLATFORMS[len(cases) % len(PLATFORMS)],
                source=f"{path.name}:{number}",
                extra={"injection": "injection" in tokens},
            )
        )
    return cases


def read_bitext(path: Path) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            cases.append(
                Case(
                    text=row["text"],
                    language=row.get("language", "en"),
                    intent=Intent(row["intent"]),
                    secondary=[],
                    flags=[],
                    platform=Platform(row.get("platform", "amazon")),
                    source=row.get("id", ""),
                )
            )
    return cases


def _macro_f1(gold: list[str], pred: list[str], labels: list[str]) -> float:
    scores = []
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, pred))
        fp = sum(g != label and p == label for g, p in zip(gold, pred))
        fn = sum(g == label and p != label for g, p in zip(gold, pred))
        if tp + fp + fn == 0:
            continue
        scores.append(2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def evaluate(cases: list[Case]) -> dict:
    # local: drafter.classify imports drafter.language, which imports drafter.classify (a cycle arch-core breaks)
    from drafter.classify import classify
    from drafter.language import detect_language

    rows = []
    for case in cases:
        started = time.perf_counter()
        detected = detect_language(case.text, platform=case.platform.value).language
        result = classify(case.text, platform=case.platform, language=detected)
        ms = (time.perf_counter() - started) * 1000
        gold_risk = risk_level(
            platform=case.platform, intent=case.intent, flags=case.flags, secondary=case.secondary
        )
        rows.append((case, detected, result, gold_risk, ms))

    gold = [c.intent.value for c, *_ in rows]
    pred = [r.intent.value for _, _, r, _, _ in rows]
    labels = [i.value for i in Intent]
    confusion = {g: dict(Counter(p for gg, p in zip(gold, pred) if gg == g)) for g in labels if g in gold}
    by_lang: dict[str, list[bool]] = defaultdict(list)
    lang_ok: dict[str, list[bool]] = defaultdict(list)
    for case, detected, result, _, _ in rows:
        by_lang[case.language].append(result.intent == case.intent)
        lang_ok[case.language].append(detected == case.language)
    high_gold = [g == Risk.high for *_, g, _ in rows]
    high_pred = [r.risk == Risk.high for _, _, r, _, _ in rows]
    low_gold = [g == Risk.low for *_, g, _ in rows]
    flag_stats = {}
    for flag in Flag:
        g = [flag in c.flags for c, *_ in rows]
        p = [flag in r.flags for _, _, r, _, _ in rows]
        tp = sum(a and b for a, b in zip(g, p))
        flag_stats[flag.value] = {
            "gold": sum(g),
            "recall": _ratio(tp, sum(g)),
            "precision": _ratio(tp, sum(p)),
        }
    multi = [(c, r) for c, _, r, _, _ in rows if c.secondary]
    clear = [(c, r) for c, _, r, _, _ in rows if not c.secondary]
    latin_ru = [(c, d) for c, d, *_ in rows if c.language == "ru" and is_mostly_latin(c.text)]
    injected = [bool(c.extra.get("injection")) for c, *_ in rows]
    flagged = [r.injection for _, _, r, _, _ in rows]
    confident = [(c, r) for c, _, r, _, _ in rows if r.confidence >= AUTO_SEND_THRESHOLD]
    times = sorted(ms for *_, ms in rows)
    missed_high = [c.source for (c, _, r, g, _) in rows if g == Risk.high and r.risk != Risk.high]
    return {
        "n": len(rows),
        "language_accuracy": _ratio(sum(d == c.language for c, d, *_ in rows), len(rows)),
        "language_accuracy_by_language": {k: _ratio(sum(v), len(v)) for k, v in sorted(lang_ok.items())},
        "intent_accuracy": _ratio(sum(g == p for g, p in zip(gold, pred)), len(rows)),
        "intent_macro_f1": round(_macro_f1(gold, pred, labels), 4),
        "intent_accuracy_clear": _ratio(sum(c.intent == r.intent for c, r in clear), len(clear)),
        "latin_russian": {
            "n": len(latin_ru),
            "language_accuracy": _ratio(sum(d == "ru" for _, d in latin_ru), len(latin_ru)),
        },
        "intent_accuracy_by_language": {k: _ratio(sum(v), len(v)) for k, v in sorted(by_lang.items())},
        "confusion": confusion,
        "secondary_recall": _ratio(
            sum(len(set(c.secondary) & ({r.intent, *r.secondary_intents})) for c, r in multi),
            sum(len(c.secondary) for c, _ in multi),
        ),
        "high_risk_recall": _ratio(sum(a and b for a, b in zip(high_gold, high_pred)), sum(high_gold)),
        "high_risk_precision": _ratio(sum(a and b for a, b in zip(high_gold, high_pred)), sum(high_pred)),
        "low_raised_to_high": _ratio(sum(a and b for a, b in zip(low_gold, high_pred)), sum(low_gold)),
        "missed_high_risk": missed_high,
        "flags": flag_stats,
        "injection_detected": sum(flagged),
        "injection_gold": sum(injected),
        "injection_recall": _ratio(sum(a and b for a, b in zip(injected, flagged)), sum(injected)),
        "injection_false_alarms": sum(b and not a for a, b in zip(injected, flagged)),
        "injection_missed": [
            c.source for c, _, r, _, _ in rows if c.extra.get("injection") and not r.injection
        ],
        "share_confident": _ratio(len(confident), len(rows)),
        "accuracy_when_confident": _ratio(sum(c.intent == r.intent for c, r in confident), len(confident)),
        "ms_p50": round(times[len(times) // 2], 2) if times else None,
        "ms_p95": round(times[int(len(times) * 0.95) - 1], 2) if times else None,
    }


# The outside check reports aggregates only: no per-intent confusion and no per-message output, so
# nobody is tempted to tune against it.
BITEXT_FIGURES = ("n", "intent_accuracy", "intent_macro_f1", "language_accuracy")


def run_report(
    *, heldout: Path, bitext: Path | None, messy: Path | None = None, heldout_v3: Path | None = None
) -> dict:
    figures = {"heldout": evaluate(read_heldout(heldout))}
    if messy and messy.exists():
        figures["messy"] = evaluate(read_heldout(messy))
    if heldout_v3 and heldout_v3.exists():
        figures["heldout_v3"] = evaluate(read_heldout(heldout_v3))
    if bitext and bitext.exists():
        b = evaluate(read_bitext(bitext))
        figures["bitext"] = {k: b[k] for k in BITEXT_FIGURES}
    return figures
