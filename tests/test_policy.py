from guidekit.i18n.policy import MISSING, PARTIAL, UPDATING, Counts, decide

STRICT = {"min_translated": 100, "allow_fuzzy": False}


def test_complete_translation_is_published_without_notice():
    assert decide(STRICT, Counts(10, 10, 0, 0)).translated is True
    assert decide(STRICT, Counts(10, 10, 0, 0)).notice is None


def test_one_fuzzy_message_keeps_the_source_with_an_updating_notice():
    d = decide(STRICT, Counts(10, 9, 1, 0))
    assert (d.translated, d.notice) == (False, UPDATING)


def test_untranslated_page_gets_missing_notice():
    d = decide(STRICT, Counts(10, 0, 0, 10))
    assert (d.translated, d.notice) == (False, MISSING)


def test_partial_policy_publishes_with_partial_notice_never_silently():
    d = decide({"min_translated": 80, "allow_fuzzy": False}, Counts(10, 8, 0, 2))
    assert (d.translated, d.notice) == (True, PARTIAL)
    d = decide({"min_translated": 80, "allow_fuzzy": False}, Counts(10, 7, 0, 3))
    assert (d.translated, d.notice) == (False, MISSING)
