"""Write the import benchmark's files: `python scripts/make_import_files.py DIR [ORDERS] [FAQ_ENTRIES]`
(default 1,000,000 orders and 50,000 FAQ entries, fixed seeds), then e.g.
`drafter orders import DIR/orders.jsonl` and `drafter knowledge import DIR/faq.jsonl`."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from drafter.devtools.bench.imports import FAQ_ENTRIES, ORDERS, write_faq, write_orders  # noqa: E402

if __name__ == "__main__":
    out = Path(sys.argv[1])
    out.mkdir(parents=True, exist_ok=True)
    write_orders(out / "orders.jsonl", int(sys.argv[2]) if len(sys.argv) > 2 else ORDERS)
    write_faq(out / "faq.jsonl", int(sys.argv[3]) if len(sys.argv) > 3 else FAQ_ENTRIES)
    print(f"wrote {out / 'orders.jsonl'} and {out / 'faq.jsonl'}")
