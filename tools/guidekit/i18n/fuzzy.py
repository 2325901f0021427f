"""Babel's fuzzy matching of a catalogue update, with the same results in a fraction of the time.

`Catalog.update` compares each new msgid with every translated msgid of the catalogue through
difflib's `SequenceMatcher(autojunk=False).ratio()` (cutoff 0.6, best one wins): three quarters
of `guidekit update` after edits went there. Here RapidFuzz's Indel ratio picks the candidates
first. Indel similarity is 2·LCS/(len a + len b); difflib's ratio is 2·M/(len a + len b), where
M counts the characters of difflib's matching blocks, which form a common subsequence, so
M ≤ LCS and the Indel ratio is never below difflib's. Every msgid difflib would accept therefore
passes the RapidFuzz filter, and the exact difflib ratio is then computed for those few only:
the chosen match is Babel's, ties included.
"""

from __future__ import annotations

from collections.abc import Iterable
from difflib import SequenceMatcher

from babel.messages.catalog import Catalog, Message
from rapidfuzz import fuzz, process

CUTOFF = 0.6  # babel.messages.catalog.get_close_matches' default, used by Catalog.update
# The filter only has to let through everything difflib accepts: a hair below the cutoff
# keeps float rounding in RapidFuzz's percentage from dropping a ratio of exactly 0.6.
_FILTER = CUTOFF * 100 - 1e-6


def match_key(msgid: str) -> str:
    """What Babel compares: `Catalog._to_fuzzy_match_key` of a context-free msgid."""
    return msgid.lower().strip()


def closest(word: str, keys: list[str]) -> str | None:
    """The key `babel.messages.catalog.get_close_matches(word, keys, 1)` returns, or None."""
    if not word:  # RapidFuzz and difflib disagree on empty strings: let difflib decide
        candidates: Iterable[str] = keys
    else:
        candidates = (key for key, _, _ in process.extract_iter(
            word, keys, scorer=fuzz.ratio, processor=None, score_cutoff=_FILTER))
    best: tuple[float, str] | None = None
    matcher = SequenceMatcher(autojunk=False)
    matcher.set_seq2(word)
    for key in candidates:
        matcher.set_seq1(key)
        # heapq.nlargest(1, [(ratio, key)]) in Babel: the higher ratio, then the larger key
        if (matcher.real_quick_ratio() >= CUTOFF and matcher.quick_ratio() >= CUTOFF
                and (ratio := matcher.ratio()) >= CUTOFF and (best is None or (ratio, key) > best)):
            best = (ratio, key)
    return best[1] if best else None


def update(catalog: Catalog, template: Catalog, **options) -> None:
    """`catalog.update(template, **options)` with fuzzy matching, as Babel does it, but fast.

    Babel merges exact matches and moves what left the template to `obsolete`; then each new
    msgid takes the translation of its closest translated msgid of the catalogue as it was
    (whether that msgid stayed or left), fuzzy and with `#| msgid`, as `Catalog.update` does.
    """
    before = {_key(m): m for m in catalog if m.id}
    candidates: dict[str, Message] = {}
    for message in before.values():
        if message.string:
            candidates[match_key(_singular(message.id))] = message  # a later one wins, as in Babel
    catalog.update(template, no_fuzzy_matching=True, **options)
    keys = list(candidates)
    matched: dict[object, Message] = {}
    for message in template:
        if message.id and _key(message) not in before and keys:
            key = closest(match_key(_singular(message.id)), keys)
            if key is not None:
                matched[_key(message)] = candidates[key]
    if not matched:
        return
    # The messages Babel added are the template's own objects, shared with every language's
    # update: replace them with clones rather than change them, keeping the catalogue's order.
    messages = [m for m in catalog if m.id]
    for message in messages:
        catalog.delete(message.id, message.context)
    for message in messages:
        old = matched.get(_key(message))
        if old is not None:
            message = _fuzzy_copy(message, old)
            if catalog.obsolete.get(_key(old)) is old:
                del catalog.obsolete[_key(old)]  # Babel keeps a fuzzy-matched msgid out of obsolete
        catalog[message.id] = message


def _key(message: Message):
    """The key of a message in Babel's catalogue: the msgid, with its context if it has one."""
    msgid = _singular(message.id)
    return (msgid, message.context) if message.context else msgid


def _singular(msgid) -> str:
    return msgid if isinstance(msgid, str) else msgid[0]


def _fuzzy_copy(message: Message, old: Message) -> Message:
    """Babel's `_merge` of `old` into a new msgid (plural templates never come from guidekit)."""
    new = message.clone()
    new.previous_id = [old.id] if isinstance(old.id, str) else list(old.id)
    new.string = old.string[0] if isinstance(old.string, (list, tuple)) else old.string
    if old.user_comments:
        new.user_comments = list(dict.fromkeys(old.user_comments))
    new.flags |= old.flags | {"fuzzy"}
    return new
