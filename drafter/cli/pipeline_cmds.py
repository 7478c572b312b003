"""`drafter draft | classify | lint | serve`, `drafter orders import`, `drafter knowledge import`,
`drafter keys create`, `drafter db upgrade`."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from drafter.cli.io import open_input, process_jsonl
from drafter.config import Settings, get_settings
from drafter.models import BuyerMessage, Platform
from drafter.schemas import ClassifyRequest, LintRequest

if TYPE_CHECKING:
    from drafter.imports.report import ImportReport

FileArg = Annotated[str, typer.Argument(help="A JSON Lines file, or - for standard input.")]


def _err(text: str) -> None:
    typer.echo(text, err=True)


def draft(file: FileArg = "-") -> None:
    """Draft replies: one buyer message per input line, one draft per output line (persisted)."""
    # local: start-up time
    from drafter.drafts import service
    from drafter.persistence.db import session_scope
    from drafter.wiring import build_pipeline

    settings = get_settings()
    pipeline = build_pipeline(settings)

    def handle(obj: dict[str, Any]) -> dict[str, Any]:
        message = BuyerMessage.model_validate(obj)
        with session_scope(settings.resolved_database_url) as session:
            row, _ = service.create_draft(session, pipeline=pipeline, message=message, actor="cli")
            return service.view(row).model_dump(mode="json")

    with open_input(file) as stream:
        ok, failed = process_jsonl(stream, sys.stdout, handle)
    _err(f"{ok} drafted, {failed} errors")
    if failed:
        raise typer.Exit(1)


def classify(file: FileArg = "-") -> None:
    """Classify messages (text, platform, optional buyer_locale): language, intent, confidence, risk, flags."""
    # local: start-up time
    from drafter.classify import classify as run_classify
    from drafter.language import detect_language

    settings = get_settings()
    kdir = settings.knowledge_dir

    def handle(obj: dict[str, Any]) -> dict[str, Any]:
        req = ClassifyRequest.model_validate(obj)
        language = detect_language(
            req.text, locale=req.buyer_locale, platform=req.platform.value, knowledge_dir=kdir
        ).language
        return run_classify(
            req.text,
            platform=req.platform,
            language=language,
            thread=req.thread,
            knowledge_dir=kdir,
            embed_threads=settings.embed_threads,
        ).model_dump(mode="json")

    with open_input(file) as stream:
        ok, failed = process_jsonl(stream, sys.stdout, handle)
    _err(f"{ok} classified, {failed} errors")


def lint(
    file: FileArg = "-",
    platform: Annotated[
        Platform, typer.Option(help="Platform for lines that do not name one.")
    ] = Platform.amazon,
) -> None:
    """Lint replies (text or parts, optional platform and language; a draft_id checks the reply as an
    edit of that draft, like approval): ok is false exactly when a blocking rule fired."""
    # local: start-up time
    from drafter.knowledge import Knowledge
    from drafter.lint import CheckContext, check_reply
    from drafter.pipeline import Pipeline

    settings = get_settings()
    knowledge = Knowledge.from_settings(settings)
    pipelines: list[Pipeline] = []  # built on the first line that names a draft (it opens the database)

    def handle(obj: dict[str, Any]) -> dict[str, Any]:
        store_id = obj.pop("store_id", None)  # optional here: a store's own banned terms
        req = LintRequest.model_validate({"platform": platform.value, **obj})
        if req.draft_id is not None:
            return _lint_as_edit(settings, pipelines, req, store_id).model_dump(mode="json")
        context = CheckContext(
            platform=req.platform,
            knowledge_dir=knowledge.root,
            store=knowledge.store(store_id) if store_id else None,
            buyer_language=req.language,
        )
        return check_reply(req.reply(), None, context).model_dump(mode="json")

    with open_input(file) as stream:
        ok, failed = process_jsonl(stream, sys.stdout, handle)
    _err(f"{ok} linted, {failed} errors")


def demo_team(settings: Settings) -> list[str]:
    """The demo lead and agent of demo-store (made on first start, like the demo key), as lines to print."""
    from drafter.persistence.db import session_scope
    from drafter.persistence.init import DEMO_STORE
    from drafter.team.demo import demo_users_path, ensure_demo_team
    from drafter.team.errors import UserExists

    if not settings.load_demo_data:
        return []
    try:
        with session_scope(settings.resolved_database_url) as session:
            ensure_demo_team(
                session,
                store_id=DEMO_STORE,
                data_dir=settings.data_dir,
                rounds=settings.password_bcrypt_rounds,
            )
    except UserExists:  # another process sharing the database made them at the same moment
        pass
    path = demo_users_path(settings.data_dir)
    if not path.exists():
        return []
    lines = [f"Demo people of {DEMO_STORE} (review page sign-in; also in {path}):"]
    for row in path.read_text(encoding="utf-8").splitlines():
        role, email, password = row.split("\t")
        lines.append(f"  {role}: {email}  password: {password}")
    return lines


def _lint_as_edit(settings: Any, pipelines: list[Any], req: Any, store_id: str | None) -> Any:
    """/v1/lint's draft_id answer, from the command line: the draft's own check and fact sheet."""
    from drafter.drafts.transitions import edited_draft, get_draft, recheck
    from drafter.models import Draft
    from drafter.persistence.db import session_scope
    from drafter.wiring import build_pipeline

    if store_id is None:
        raise ValueError("a line with draft_id needs its store_id")
    if not pipelines:
        pipelines.append(build_pipeline(settings))
    reply = req.reply()
    with session_scope(settings.resolved_database_url) as session:
        row = get_draft(session, store_id=store_id, draft_id=req.draft_id)
        if isinstance(reply, Draft):
            parts = {
                "restatement": reply.restatement,
                "solution": reply.solution,
                "commitment": reply.commitment,
            }
            reply = edited_draft(row, parts)
        return recheck(pipelines[0], row, reply)


def serve(
    host: Annotated[str | None, typer.Option(help="Default: DRAFTER_HOST or 127.0.0.1")] = None,
    port: Annotated[int | None, typer.Option(help="Default: DRAFTER_PORT or 8000")] = None,
    workers: Annotated[
        int | None,
        typer.Option(
            min=1, help="API processes sharing the port (default: DRAFTER_WORKERS or 1); about one per core."
        ),
    ] = None,
) -> None:
    """Serve the API and its docs (/docs) on the embedded defaults."""
    import uvicorn

    # local: start-up time
    from drafter.api.app import create_app
    from drafter.persistence.init import demo_key_path, ensure_initialized

    settings = get_settings()
    ensure_initialized(settings)
    key_file = demo_key_path(settings)
    host, port = host or settings.host, port or settings.port
    _err(f"Drafter on http://{host}:{port}  (API docs: http://{host}:{port}/docs)")
    _err(f"Review page: http://{host}:{port}/review")
    if key_file.exists():
        _err(f"Demo API key for store demo-store: {key_file.read_text().strip()}  (also in {key_file})")
    for line in demo_team(settings):
        _err(line)
    if settings.demo_drafts:
        _err(
            "Demo messages are drafted on the first start (DRAFTER_DEMO_DRAFTS): the review queue opens on them."
        )
    workers = workers or settings.workers
    if workers == 1:
        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
        return
    # Each process builds its app from the same DRAFTER_* environment; the data dir is initialised
    # above, once, so the workers only open it (SQLite in WAL mode with a busy timeout; see docs/deploy.md).
    _err(f"{workers} worker processes")
    # The workers build their settings from the environment: they learn how many share the cores from it.
    os.environ["DRAFTER_WORKERS"] = str(workers)
    uvicorn.run(
        "drafter.api.app:create_app", factory=True, workers=workers, host=host, port=port, log_level="info"
    )


orders_app = typer.Typer(help="The order store.", no_args_is_help=True)
knowledge_app = typer.Typer(help="FAQ knowledge in the vector store.", no_args_is_help=True)
keys_app = typer.Typer(help="API keys.", no_args_is_help=True)
db_app = typer.Typer(help="Database schema.", no_args_is_help=True)


@orders_app.command("import")
def orders_import(
    file: Annotated[Path, typer.Argument(help="Orders as JSON Lines (.jsonl) or CSV (.csv).")],
    store: Annotated[str | None, typer.Option(help="Store for rows that do not name one.")] = None,
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Import (insert or update) orders, streamed in batches. CSV columns: docs/imports.md.
    Bad rows are reported one JSON line each (line number, code, reason) and skipped; exit code 1 if any."""
    # local: start-up time
    from drafter.imports.order_import import ImportFileError, import_orders
    from drafter.imports.report import ImportReport

    report = ImportReport("orders")
    try:
        import_orders(get_settings(), file, default_store=store, report=report, progress=progress)
    except ImportFileError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    _finish(report)


@knowledge_app.command("import")
def knowledge_import(
    path: Annotated[
        Path,
        typer.Argument(
            help="A knowledge dir (faq/**/*.jsonl), a folder of .jsonl files, or one .jsonl file."
        ),
    ],
    progress: Annotated[bool, typer.Option(help="Show a progress bar on stderr.")] = True,
) -> None:
    """Index FAQ entries into the vector store (insert or update), streamed in batches. Broken lines and
    repeated ids are reported and skipped; exit code 1 if any line failed, 2 if the path has no FAQ files."""
    # local: start-up time
    from drafter.imports.faq import import_faq
    from drafter.imports.order_import import ImportFileError
    from drafter.imports.report import ImportReport

    report = ImportReport("FAQ entries")
    try:
        import_faq(get_settings(), path, report=report, progress=progress)
    except ImportFileError as exc:
        _err(f"error: {exc}")
        raise typer.Exit(2) from None
    _finish(report)


def _finish(report: ImportReport) -> None:
    for warning in report.warnings:
        _err(f"warning: {warning}")
    _err(report.summary())
    if report.exit_code:
        raise typer.Exit(report.exit_code)


@keys_app.command("create")
def keys_create(
    store: Annotated[str, typer.Option(help="The store this key may see.")],
    label: Annotated[str, typer.Option(help="A note for you.")] = "",
    user: Annotated[
        str | None, typer.Option(help="A person's e-mail: a personal key (the audit trail names them).")
    ] = None,
) -> None:
    """Create an API key; it is printed once and never stored in clear."""
    # local: start-up time
    from drafter.persistence import keys
    from drafter.persistence.db import session_scope
    from drafter.persistence.init import ensure_initialized

    settings = get_settings()
    ensure_initialized(settings)
    with session_scope(settings.resolved_database_url) as session:
        if user is None:
            typer.echo(keys.create_key(session, store_id=store, label=label))
            return
        from drafter.team import keys as team_keys
        from drafter.team.users import find_by_email, member_of

        person = find_by_email(session, email=user)
        if person is None or not member_of(session, user_id=person.id, store_id=store):
            _err(f"error: user_not_found: no user {user} in store {store}")
            raise typer.Exit(1)
        typer.echo(team_keys.create_key(session, store_id=store, user_id=person.id, label=label).key)


@db_app.command("upgrade")
def db_upgrade(revision: str = "head") -> None:
    """Apply the schema migrations to DRAFTER_DATABASE_URL (SQLite or PostgreSQL)."""
    # local: start-up time
    from drafter.persistence import migrate

    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate.upgrade(settings.resolved_database_url, revision)
    _err(f"database at {revision}")


def register(app: typer.Typer) -> None:
    for command in (draft, classify, lint, serve):
        app.command()(command)
    app.add_typer(orders_app, name="orders")
    app.add_typer(knowledge_app, name="knowledge")
    app.add_typer(keys_app, name="keys")
    app.add_typer(db_app, name="db")
