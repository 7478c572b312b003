"""`drafter train` (fit the intent model) and `drafter classify-report` (accuracy on the held-out set)."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.console import Console

from drafter.config import get_settings


def register(app: typer.Typer) -> None:
    @app.command("train")
    def train_cmd(
        knowledge_dir: Path = typer.Option(
            None, help="Knowledge directory (default: settings.knowledge_dir)."
        ),
    ) -> None:
        """Train the intent classifier on knowledge/intents/seed and write knowledge/intents/model.npz."""
        import time

        # local: start-up time
        from drafter.classify.engine import reset_engine
        from drafter.classify.train import model_path, train, write_artifact

        kdir = knowledge_dir or get_settings().knowledge_dir
        started = time.perf_counter()
        arrays = train(kdir)
        path = model_path(kdir)
        write_artifact(arrays, path)
        reset_engine()
        summary = {
            "artifact": str(path),
            "examples": int(arrays["n_examples"]),
            "flag_exemplars": int(len(arrays["flag_labels"])),
            "temperature": round(float(arrays["temperature"]), 2),
            "power": round(float(arrays["power"]), 2),
            "calibration_share_confident": round(float(arrays["calibration_share_confident"]), 4),
            "calibration_accuracy_confident": round(float(arrays["calibration_accuracy_confident"]), 4),
            "calibration_split_accuracy": round(float(arrays["calibration_accuracy"]), 4),
            "train_accuracy": round(float(arrays["train_accuracy"]), 4),
            "seed_digest": str(arrays["seed_digest"]),
            "seconds": round(time.perf_counter() - started, 2),
        }
        typer.echo(json.dumps(summary))

    @app.command("classify-report")
    def report_cmd(
        heldout: Path = typer.Option(None, help="Held-out set (default: eval/classify/heldout.txt)."),
        bitext: Path = typer.Option(
            None, help="Bitext JSONL (default: eval/benchmarks/bitext-intents.jsonl)."
        ),
        messy: Path = typer.Option(None, help="Messy check set (default: eval/classify/messy.txt)."),
        as_json: bool = typer.Option(False, "--json", help="Print the figures as one JSON object."),
    ) -> None:
        """Accuracy report on the held-out set (and the Bitext English sample as an outside check)."""
        # local: start-up time
        from drafter.classify.report import default_paths, messy_path, run_report
        from drafter.classify.report_print import print_report

        default_heldout, default_bitext = default_paths()
        figures = run_report(
            heldout=heldout or default_heldout, bitext=bitext or default_bitext, messy=messy or messy_path()
        )
        if as_json:
            typer.echo(json.dumps(figures, ensure_ascii=False))
        else:
            print_report(figures, Console())
