"""A thread entry's author as helpdesks send it (role/from): a seller's earlier reply is never shown as the buyer's."""

import pytest
from pydantic import ValidationError

from drafter.models import ThreadMessage


@pytest.mark.parametrize(
    "entry,author",
    [
        ({"author": "seller", "text": "x"}, "seller"),
        ({"role": "agent", "text": "x"}, "seller"),
        ({"from": "Seller", "text": "x"}, "seller"),
        ({"role": "customer", "text": "x"}, "buyer"),
        ({"text": "x"}, "buyer"),
    ],
)
def test_author_is_read_from_role_or_from(entry, author):
    assert ThreadMessage.model_validate(entry).author == author


def test_an_unknown_role_is_refused_not_guessed():
    with pytest.raises(ValidationError):
        ThreadMessage.model_validate({"role": "bot", "text": "x"})
