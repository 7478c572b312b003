"""How the reviewer-language versions hold up over the evaluation cases (eval/cases, every buyer language):
`python -m drafter.review.report [--language zh]` prints, for unedited drafts, how many reviewer versions
state the same order number, how many report a disagreement (each one a false alarm: nothing was edited),
and how many rendered another situation than the buyer's reply."""

from __future__ import annotations

import argparse
import json
import re
import time
from collections import Counter
from pathlib import Path

from drafter.config import REPO_ROOT, Settings
from drafter.models import BuyerMessage, Order
from drafter.review.for_reviewer import rendered
from drafter.review.labels import labels
from drafter.wiring import build_pipeline

_SCRIPT = {"zh": re.compile(r"[\u4e00-\u9fff]"), "en": re.compile(r"[A-Za-z]")}


def run(language: str, data_dir: Path) -> dict:
    pipeline = build_pipeline(Settings(data_dir=data_dir))
    notes = labels(pipeline.settings.knowledge_dir, language)["notes"]
    figures: Counter = Counter()
    by_lang: Counter = Counter()
    times = []
    for path in sorted((REPO_ROOT / "eval" / "cases").glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            message = BuyerMessage.model_validate(case["message"])
            order = Order.model_validate(case["order"]) if case.get("order") else None
            result = pipeline.run(message, order=order)
            d = result.draft
            reply = {
                "restatement": d.restatement,
                "solution": d.solution,
                "commitment": d.commitment,
                "text": d.text,
            }
            start = time.perf_counter()
            fr = rendered(
                message=message,
                classification=result.classification,
                retrieval=result.retrieval,
                run=result.model_dump(mode="json", exclude={"message"}),
                reply=reply,
                received_at=result.received_at,
                store=pipeline.store(message.store_id),
                language=language,
                settings=pipeline.settings,
            )
            times.append((time.perf_counter() - start) * 1000)
            figures["drafts"] += 1
            by_lang[result.classification.language] += 1
            figures["in_reviewer_script"] += bool(_SCRIPT.get(language, _SCRIPT["en"]).search(fr.draft.text))
            if result.retrieval.order:
                oid = result.retrieval.order.order_id
                figures["with_order"] += 1
                figures["order_id_agrees"] += (oid in d.text) == (oid in fr.draft.text)
            figures["with_disagreement"] += bool(fr.disagreements)
            figures["other_situation"] += notes["other_situation"] in fr.notes
    times.sort()
    return {
        "reviewer_language": language,
        **figures,
        "buyer_languages": len(by_lang),
        "render_ms_median": round(times[len(times) // 2], 2),
        "render_ms_p95": round(times[int(len(times) * 0.95)], 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--language", default="zh")
    parser.add_argument("--data-dir", type=Path, default=Path("var/review-report"))
    args = parser.parse_args()
    print(json.dumps(run(args.language, args.data_dir), indent=2))


if __name__ == "__main__":
    main()
