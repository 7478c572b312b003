"""CI gate: the full evaluation on the template composer must not regress against eval/baseline.json.

A deliberate change of the figures: refresh the baseline in the same commit with
    drafter eval --out eval/out --save-baseline eval/baseline.json
"""

from __future__ import annotations

import pytest

from drafter.config import REPO_ROOT
from tests.eval.conftest import invoke_eval

BASELINE = REPO_ROOT / "eval" / "baseline.json"


@pytest.mark.slow
def test_template_composer_has_no_guarded_regression(tmp_path):
    pytest.importorskip("drafter.pipeline", reason="drafter.pipeline is not in this checkout yet")
    assert BASELINE.exists(), f"missing {BASELINE}: create it with drafter eval --save-baseline {BASELINE}"
    result = invoke_eval("--out", str(tmp_path), "--baseline", str(BASELINE))
    assert result.exit_code == 0, (
        f"{result.output}\nThe evaluation regressed against {BASELINE} (report: {tmp_path / 'report.html'}). "
        "If the change is intended, refresh the baseline: drafter eval --out eval/out --save-baseline eval/baseline.json"
    )
