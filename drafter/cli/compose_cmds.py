"""`drafter gallery`: render sample replies (per intent, or per buyer situation) into a Markdown file for review."""

from __future__ import annotations

from pathlib import Path

import typer

from drafter.config import get_settings
from drafter.models import SUPPORTED_LANGUAGES


def register(app: typer.Typer) -> None:
    @app.command()
    def gallery(
        out: Path = typer.Option(Path("gallery.md"), "--out", help="Markdown file to write."),
        languages: str = typer.Option(
            ",".join(SUPPORTED_LANGUAGES), "--languages", help="Comma-separated codes."
        ),
        all_situations: bool = typer.Option(
            False, "--all-situations", help="Every main situation, not one per intent."
        ),
        situations: str = typer.Option(
            "",
            "--situations",
            help="What buyers really ask instead (safety, defect, size_advice...): "
            "'all' or comma-separated names.",
        ),
    ) -> None:
        """Render one reply per intent per language (template composer, demo orders) into a readable file."""
        # local: start-up time
        from drafter.compose import get_composer
        from drafter.devtools.gallery import render_gallery

        settings = get_settings()
        codes = [c.strip() for c in languages.split(",") if c.strip()]
        unknown = [c for c in codes if c not in SUPPORTED_LANGUAGES]
        if unknown:
            raise typer.BadParameter(
                f"unsupported language(s): {', '.join(unknown)}", param_hint="--languages"
            )
        composer = get_composer("template", settings)
        if situations:
            # local: start-up time
            from drafter.devtools.gallery import render_situation_gallery
            from drafter.devtools.situation_samples import SAMPLES

            known = {s.situation for s in SAMPLES}
            names = (
                sorted(known)
                if situations == "all"
                else [n.strip() for n in situations.split(",") if n.strip()]
            )
            if set(names) - known:
                raise typer.BadParameter(
                    f"unknown situation(s): {', '.join(sorted(set(names) - known))}; "
                    f"known: {', '.join(sorted(known))}",
                    param_hint="--situations",
                )
            text = render_situation_gallery(composer, settings.knowledge_dir, codes, names)
        else:
            text = render_gallery(composer, settings.knowledge_dir, codes, all_situations=all_situations)
        out.write_text(text, encoding="utf-8")
        typer.echo(f"wrote {out} ({len(codes)} languages)")
