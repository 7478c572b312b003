"""The words a language needs besides whole phrasings: status names, measures, country names.

They live in the `words:` block of knowledge/templates/<lang>.yaml, next to the phrasings.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from babel import Locale

from drafter.knowledge import read_yaml


class Vocabulary:
    def __init__(self, language: str, data: dict[str, Any]) -> None:
        self.language = language
        self.data = data
        self.words: dict[str, Any] = data.get("words") or {}
        self.list_sep: str = self.words.get("list_sep", ", ")
        self._spans: dict[tuple[str, int, int | None, bool], str] = {}
        self._locale = Locale.parse(language)
        self._territories = self._locale.territories

    def word(self, group: str, key: str) -> str:
        return str((self.words.get(group) or {}).get(key, ""))

    def span(self, unit: str, low: int, high: int | None = None, *, within: bool = False) -> str:
        """'2 business days', '3 to 8 days', 'от 3 до 8 дней': the plural form follows the last number.

        Languages with cases define `<unit>_within` (the form after "within"; with `range_case: within`
        also in ranges, e.g. the Russian and Polish genitive); without it the plain forms serve.
        """
        key = (unit, low, high, within)
        cached = self._spans.get(key)
        if cached is not None:
            return cached
        units = self.words.get("units") or {}
        # Ranges take the "within" case only where the language says so (ru, pl: «от 3 до 8 дней»).
        range_case = high is not None and self.words.get("range_case") == "within"
        forms = (units.get(f"{unit}_within") if (within or range_case) else None) or units.get(unit) or {}
        last = high if high is not None else low
        number = (
            str(low) if high is None else self.words.get("range", "{min} to {max}").format(min=low, max=high)
        )
        category = self._locale.plural_form(last)
        form = forms.get(category) or forms.get("other") or "{n}"
        self._spans[key] = text = form.format(n=number)
        return text

    def country(self, code: str) -> str:
        return self._territories.get(code.upper(), code.upper())

    def size_row(self, label: str, measures: dict[str, float], unit: str) -> str:
        return self.words.get("size_row", "{size}: {measures}").format(
            size=label, measures=self.measures(measures, unit)
        )

    def measures(self, measures: dict[str, float], unit: str) -> str:
        """'chest 118 cm, sleeve 66 cm' in the language's words."""
        names = self.words.get("measures") or {}
        parts = [
            self.words.get("measure", "{name} {value} {unit}").format(
                name=names.get(name, name.replace("_", " ")),
                value=_number(value, self.language),
                unit=(self.words.get("unit_names") or {}).get(unit, unit),
            )
            for name, value in measures.items()
        ]
        return self.words.get("measure_sep", ", ").join(parts)


def _number(value: float, language: str) -> str:
    text = f"{value:g}"
    # Decimal comma where the language writes one (25,5 cm in German, Russian, Spanish...).
    comma = language in {"es", "ru", "fr", "pt", "de", "it", "pl", "nl", "tr"}
    return text.replace(".", ",") if comma else text


@lru_cache(maxsize=64)
def load_templates(templates_dir: Path, language: str) -> dict[str, Any]:
    """The language file with its situations file (templates/situations/<lang>.yaml) merged over it."""
    path = templates_dir / f"{language}.yaml"
    if not path.exists():
        path = templates_dir / "en.yaml"
    data = read_yaml(path) or {}
    extra_path = templates_dir / "situations" / path.name
    if extra_path.exists():
        data = _merge(data, read_yaml(extra_path) or {})
    return data


def _merge(base: dict[str, Any], extra: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in extra.items():
        out[key] = (
            _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
        )
    return out


@lru_cache(maxsize=64)
def load_vocabulary(templates_dir: Path, language: str) -> Vocabulary:
    data = load_templates(templates_dir, language)
    return Vocabulary(data.get("language", language), data)


@lru_cache(maxsize=64)
def regional_variant(templates_dir: Path, language: str, country: str | None):
    """A function rewriting a reply for the buyer's region (pt-PT for Portugal), or None.

    knowledge/templates/variants/<language>-<COUNTRY>.yaml lists replacements, longest first.
    """
    if not country:
        return None
    path = templates_dir / "variants" / f"{language}-{country.upper()}.yaml"
    if not path.exists():
        return None
    pairs = sorted(
        ((str(a), str(b)) for a, b in (read_yaml(path) or {}).get("replace") or []),
        key=lambda p: len(p[0]),
        reverse=True,
    )
    pattern = re.compile("|".join(rf"(?<!\w){re.escape(a)}(?!\w)" for a, _ in pairs))
    table = dict(pairs)
    return lambda text: pattern.sub(lambda m: table[m.group(0)], text)
