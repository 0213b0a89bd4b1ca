"""'Did you mean' for names a user typed: rule ids, keys, regions, parameters."""

from __future__ import annotations

import difflib
import os


def did_you_mean(word: str, choices) -> str:
    """``"; did you mean 'X'?"`` for the closest of ``choices``, or ``""`` when none is close.
    Letters typed for look-alike digits (``SL1O3``) count as the digits; among equally close
    choices the one sharing the longest start wins (``SL10X``: an SL10x id, not SL710)."""
    choices = list(choices)
    digits_from = next((index for index, char in enumerate(word) if char.isdigit()), len(word))
    lookalike = (word[:digits_from] + word[digits_from:].upper().translate(_LOOKALIKE_DIGITS)).upper()
    for choice in choices:
        if choice.upper() == lookalike and choice != word:
            return f"; did you mean '{choice}'?"
    matcher = difflib.SequenceMatcher(b=word)
    best, best_key = None, (0.75, 0)  # 0.75: SL999 suggests nothing rather than SL905
    for choice in choices:
        matcher.set_seq1(choice)
        if matcher.real_quick_ratio() < best_key[0] or matcher.quick_ratio() < best_key[0]:
            continue
        key = (matcher.ratio(), len(os.path.commonprefix([choice, word])))
        if key >= best_key:
            best, best_key = choice, key
    return f"; did you mean '{best}'?" if best is not None else ""


_LOOKALIKE_DIGITS = str.maketrans("OIL", "011")  # after the first digit: SL1O3 -> SL103
