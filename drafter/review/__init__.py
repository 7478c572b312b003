"""Review stage: what a reviewer who does not read the buyer's language sees beside each draft.

`for_reviewer.for_reviewer()` gives the buyer's message and the reply in the reviewer's language:
without an LLM, the reply rendered again by the template composer from the same situation and facts
and a structured gloss of the message; with one, a machine translation of both, marked as such.
"""
