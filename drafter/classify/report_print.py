"""Printing `drafter classify-report`: one section per check set, then the Bitext outside check."""

from __future__ import annotations

from drafter.models import SUPPORTED_LANGUAGES, Intent

_SUMMARY = (
    "language_accuracy",
    "intent_accuracy",
    "intent_accuracy_clear",
    "intent_macro_f1",
    "secondary_recall",
    "high_risk_recall",
    "high_risk_precision",
    "low_raised_to_high",
    "share_confident",
    "accuracy_when_confident",
    "ms_p50",
    "ms_p95",
)
_TITLES = {"heldout": "Held-out set", "messy": "Messy check set", "heldout_v3": "Held-out set v3"}


def print_report(figures: dict, console) -> None:
    for key in ("heldout", "messy", "heldout_v3"):
        if key in figures:
            _print_set(_TITLES[key], figures[key], console)
    if "bitext" in figures:
        b = figures["bitext"]
        console.print(
            f"[bold]Bitext English sample[/bold] ({b['n']} messages, outside check, never trained on): "
            f"intent accuracy {b['intent_accuracy']}, macro-F1 {b['intent_macro_f1']} (aggregates only)"
        )


def _print_set(title: str, h: dict, console) -> None:
    from rich.table import Table

    console.print(
        f"[bold]{title}[/bold] ({h['n']} messages, {len(h['intent_accuracy_by_language'])} languages)"
    )
    for key in _SUMMARY:
        console.print(f"  {key:<26} {h[key]}")
    ru = h["latin_russian"]
    if ru["n"]:
        console.print(
            f"  {'latin_script_russian':<26} {ru['language_accuracy']} language accuracy over {ru['n']}"
        )
    console.print(
        f"  {'injection_detected':<26} {h['injection_detected']}"
        + (
            f" (gold {h['injection_gold']}: recall {h['injection_recall']}, "
            f"false alarms {h['injection_false_alarms']})"
            if h["injection_gold"]
            else ""
        )
    )
    if h["missed_high_risk"]:
        console.print(f"  [red]missed high risk:[/red] {', '.join(h['missed_high_risk'])}")
    if h["injection_missed"]:
        console.print(f"  [red]missed injections:[/red] {', '.join(h['injection_missed'])}")
    per_lang = Table(title=f"{title}: per language")
    for col in ("language", "intent acc", "language acc"):
        per_lang.add_column(col)
    for lang in SUPPORTED_LANGUAGES:
        if lang in h["intent_accuracy_by_language"]:
            per_lang.add_row(
                lang,
                str(h["intent_accuracy_by_language"][lang]),
                str(h["language_accuracy_by_language"][lang]),
            )
    console.print(per_lang)
    flags = Table(title=f"{title}: flags")
    for col in ("flag", "gold", "recall", "precision"):
        flags.add_column(col)
    for flag, s in h["flags"].items():
        flags.add_row(flag, str(s["gold"]), str(s["recall"]), str(s["precision"]))
    console.print(flags)
    _print_confusion(h["confusion"], console, f"{title}: confusion (rows gold, columns predicted)")


def _print_confusion(confusion: dict, console, title: str) -> None:
    from rich.table import Table

    labels = [i.value for i in Intent]
    short = {lab: "".join(w[0] for w in lab.split("_")) for lab in labels}
    table = Table(title=title)
    table.add_column("gold")
    for lab in labels:
        table.add_column(short[lab], justify="right")
    for gold, row in confusion.items():
        table.add_row(gold, *[str(row.get(lab, "")) for lab in labels])
    console.print(table)
