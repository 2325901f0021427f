"""What the reader-facing templates need for one language: strings, helplines, help panels.

MkDocs-free. The plugin merges `reader_context()` into `config.extra["guidekit"]` (main.html and
the partials read it there) and calls `page_content()` on every page's HTML. The help panel's
markup is made here, once, so the header dialog, the footer, the inline panel on sensitive pages
and the crisis and eating-disorder panels in search all say the same thing with the same numbers.
Which query shows which search panel is decided by assets/crisis.js with the model of
guidekit.safety.distress (`distress_model_js`).
"""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any

from guidekit.config import Locale, Project
from guidekit.i18n import translations
from guidekit.i18n.dates import format_day
from guidekit.i18n.sitestrings import TEMPLATE_STRINGS, SiteStrings
from guidekit.safety import distress
from guidekit.safety import helplines as helplinesmod

# Where a guide about getting help lives (the eating-disorder panel links to it).
GETTING_HELP_PAGE = "getting-help.md"
ED_TOPIC = "eating-disorders"
CRISIS_HEADING = "If your search is about wanting to hurt yourself, please talk to someone now."
ED_HEADING = "Worried about eating, weight or your body? You deserve support."
ED_MESSAGE = ("Eating disorders are serious, and people do recover. Talking to someone you trust, "
              "a doctor at a klinik kesihatan or a helpline is a strong first step.")
ED_LINK = "How to get help for an eating disorder"
GETTING_HELP_URL_PLACEHOLDER = "guidekit:getting-help"

PANEL_MARKER = re.compile(r'<div\s+data-guidekit="help-panel"\s*>\s*</div>')
# Where the Getting help page says, once, whether the numbers were checked (never per number).
CHECK_NOTE_MARKER = re.compile(r'<div\s+data-guidekit="helpline-check-note"\s*>\s*</div>')
INLINE_PANEL_ID = "guidekit-help-inline"
# (guide, heading id) that explains review in plain words: the draft banner links there.
REVIEW_EXPLAINED = ("about.md", "review")
FOOTER_PANEL_ID = "guidekit-help"
# pymdownx.details renders `??? content-note "..."` as <details class="content-note">.
_CONTENT_NOTE_SUMMARY = re.compile(
    r'(<details\b[^>]*\bclass="[^"]*\bcontent-note\b[^"]*"[^>]*>\s*<summary)(?![^>]*aria-describedby)')
HINT_ID = "guidekit-content-note-hint"
# Material's search plugin leaves out any element carrying data-search-exclude (and strips
# data-search-* attributes with a value from the published page afterwards).
_DETAILS_TAG = re.compile(r"<(/?)details\b[^>]*>", re.IGNORECASE)
_NOTE_OPEN = re.compile(r'<details\b[^>]*\bclass="[^"]*\bcontent-note\b[^"]*"[^>]*>', re.IGNORECASE)
NOTE_BODY_OPEN = '<div class="guidekit-note-body" data-search-exclude="content-note">'


# ---------------------------------------------------------------------------------------------
# Helplines


def _name(service: helplinesmod.Service, locale: Locale, source: str,
          registry_path: str = helplinesmod.REGISTRY_FILE) -> tuple[str, bool]:
    """(the service's name for this language, whether it fell back to the source language).
    A per-language name is a translation of the source name, so it passes the same gate:
    "Kecemasan (MERS 991)" for "Emergency (MERS 999)" is never shown."""
    source_name = service.name_for(source)
    name = service.name.get(locale.id)
    if name and locale.id != source:
        gate = translations.Gate({source_name: name}, registry_path,
                                 {source_name: service.key_lines.get("name", service.line)})
        shown = gate(source_name)
        return shown, shown != name  # refused: the source name, marked with the source's lang
    if name:
        return name, False
    return source_name, locale.id != source


def _translated(value: str | None, locale: Locale, source: str, t: SiteStrings) -> tuple[str, bool]:
    """Registry text (hours, notes) is English site text, translated through site.po."""
    if not value:
        return "", False
    text = t(value) if locale.id != source else value
    return text, locale.id != source and text == value


def _lang(project: Project, locale: Locale, fallback: bool) -> str:
    return project.source.html_lang if fallback else locale.html_lang


def _is_emergency(service: helplinesmod.Service) -> bool:
    return service.id == "emergency" or any(
        n.normalised in helplinesmod.EMERGENCY_CODES for n in service.numbers)


def helplines(project: Project, locale: Locale, t: SiteStrings) -> list[dict[str, Any]]:
    """Services ready for templates, emergency first, each number with a tel: form."""
    source = project.source_locale
    out = []
    registry_path = project.rel(project.data_dir / helplinesmod.REGISTRY_FILE)
    for service in helplinesmod.load(project).services:
        name, name_fallback = _name(service, locale, source, registry_path)
        hours, hours_fallback = _translated(service.hours, locale, source, t)
        numbers = []
        for number in service.numbers:
            note, note_fallback = _translated(number.note, locale, source, t)
            numbers.append({"display": number.display, "tel": number.href, "note": note,
                            "channel": number.channel,
                            "note_lang": _lang(project, locale, note_fallback)})
        checked = service.verified_on
        if checked:
            msgid = "Number last checked on {date}."
            # An untranslated sentence keeps a date in its own language too.
            date_locale = locale.id if t(msgid) != msgid or locale.id == source else source
            verified = t(msgid, date=format_day(checked, date_locale))
        else:
            msgid = "Number not yet checked against the official source."
            verified = t(msgid)
        untranslated = locale.id != source and t(msgid) == msgid
        out.append({
            "id": service.id,
            "name": name,
            "name_lang": _lang(project, locale, name_fallback),
            "hours": hours,
            "hours_lang": _lang(project, locale, hours_fallback),
            "numbers": numbers,
            "verified_on": checked.isoformat() if checked else None,
            "verified": verified,
            "verified_lang": _lang(project, locale, untranslated),
            "emergency": _is_emergency(service),
            "topics": list(service.topics),
        })
    return sorted(out, key=lambda s: not s["emergency"])  # stable: registry order otherwise


# ---------------------------------------------------------------------------------------------
# The context and the markup


def reader_context(project: Project, locale: Locale) -> dict[str, Any]:
    t = SiteStrings(project, locale.id)
    msgids = list(TEMPLATE_STRINGS)
    strings = {msgid: t(msgid) for msgid in msgids}
    is_source = locale.id == project.source_locale
    untranslated = [] if is_source else [m for m in msgids if strings[m] == m]
    ctx: dict[str, Any] = {
        "locale": {"id": locale.id, "url": locale.url, "html_lang": locale.html_lang,
                   "name": locale.name, "source": is_source,
                   "source_lang": project.source.html_lang},
        "strings": strings,
        "untranslated": untranslated,
        "helplines": helplines(project, locale, t),
        "getting_help_url": ("getting-help/" if (project.docs_dir / GETTING_HELP_PAGE).is_file()
                             else None),
        "getting_help_placeholder": GETTING_HELP_URL_PLACEHOLDER,
    }
    ctx["data_json"] = _script_json({"lang": locale.html_lang,
                                     "hint": strings["Open content note"],
                                     "hint_id": HINT_ID})
    ctx["panels"] = {
        "dialog": help_panel(ctx, "guidekit-help-dialog", level=2, closable=True),
        "footer": help_panel(ctx, FOOTER_PANEL_ID, level=2, variant="footer"),
        "crisis": help_panel(ctx, "guidekit-crisis", level=2, variant="crisis"),
        "ed": help_panel(ctx, "guidekit-ed", level=2, variant="ed"),
    }
    ctx["link_html"] = text_html(ctx, "Get help now")
    ctx["not_found_html"] = text_html(ctx, "Page not found")
    ctx["hint_html"] = text_html(ctx, "Open content note")
    ctx["draft_html"] = text_html(ctx, "Draft: awaiting clinical review.")
    ctx["check_note_html"] = check_note(ctx)
    ctx["review_link_html"] = text_html(ctx, "How we check our guides")
    # The 404 page's words, escaped, untranslated ones marked lang=source.
    ctx["not_found_page"] = {key: text_html(ctx, msgid) for key, msgid in (
        ("sorry", "Sorry, we cannot find this page. It may have moved, or the address may be wrong."),
        ("search_label", "Search this site"), ("search", "Search"), ("guides", "Main guides"),
        ("home", "Home"))}
    return ctx


def _script_json(value: Any) -> str:
    # Safe inside <script type="application/json">: no "</script>" or "<!--" can end or bend it.
    return (json.dumps(value, ensure_ascii=False)
            .replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


def distress_model_js(project: Project) -> str | None:
    """assets/guidekit/distress-model.js: the compiled search-intercept model for crisis.js.
    The same for every language (readers mix languages). ASCII-only JSON with <, > and &
    escaped: a script file that data from the term list cannot break out of."""
    model = distress.load(project)
    if model is None:
        return None
    text = json.dumps(model, ensure_ascii=True, separators=(",", ":"), sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return ("// Generated by guidekit from guides/_data/distress-terms.yml; do not edit.\n"
            f"window.guidekitDistressModel = {text};\n")


def text_html(ctx: dict[str, Any], msgid: str, **links: str) -> str:
    """A site string as HTML; untranslated text is marked lang=source (WCAG 3.1.2).
    `links` maps a {placeholder} to ready-made HTML."""
    if msgid not in ctx["strings"]:  # not (yet) in sitestrings.TEMPLATE_STRINGS: untranslated
        ctx["strings"][msgid] = msgid
        if not ctx["locale"]["source"]:
            ctx["untranslated"].append(msgid)
    text = html.escape(ctx["strings"][msgid])
    for key, value in links.items():
        text = text.replace("{" + key + "}", value)
    if msgid in ctx["untranslated"]:
        return f'<span lang="{ctx["locale"]["source_lang"]}">{text}</span>'
    return text


def _lang_attr(ctx: dict[str, Any], lang: str) -> str:
    return "" if lang == ctx["locale"]["html_lang"] else f' lang="{html.escape(lang)}"'


def check_note(ctx: dict[str, Any]) -> str:
    """One calm note on whether the numbers were checked: not yet if any is unchecked, else the
    date of the oldest check. The publish gate (`check --publish`) refuses unchecked numbers."""
    services = [s for s in ctx["helplines"] if s["numbers"]]
    if not services:
        return ""
    if any(not s["verified_on"] for s in services):
        text = text_html(ctx, "These numbers have not yet been checked against each service's "
                              "official source.")
    else:
        oldest = min(dt.date.fromisoformat(s["verified_on"]) for s in services)
        day = html.escape(format_day(oldest, ctx["locale"]["id"]))
        text = text_html(ctx, "These numbers were last checked against each service's official "
                              "source on {date}.", date=day)
    return f'<p class="guidekit-check-note">{text}</p>'


def help_panel(ctx: dict[str, Any], ident: str, level: int = 2, variant: str = "inline",
               closable: bool = False) -> str:
    """The help panel: emergency number first, then every service with tap-to-call (or WhatsApp)
    links and hours. Whether numbers were checked is said once, on the Getting help page."""
    e = html.escape
    services = ctx["helplines"]
    emergency = next((s for s in services if s["emergency"] and s["numbers"]), None)
    others = [s for s in services if s is not emergency]
    if variant == "ed":  # only services the registry lists for eating disorders
        others = [s for s in others if ED_TOPIC in s["topics"]]
    title_id = f"{ident}-title"
    heading = {"crisis": CRISIS_HEADING, "ed": ED_HEADING}.get(variant, "Get help now")
    parts = [(f'<h{level} id="{title_id}" class="guidekit-help__title">'
              f'{text_html(ctx, heading)}</h{level}>')]
    if emergency:
        first = emergency["numbers"][0]
        link = (f'<a class="guidekit-tel guidekit-tel--emergency" href="{e(first["tel"])}">'
                f'{e(first["display"])}</a>')
        sentence = text_html(ctx, "If you or someone else is in danger right now, call {emergency}.",
                             emergency=link)
        parts.append(f'<p class="guidekit-help__emergency">{sentence}</p>')
    intro = ED_MESSAGE if variant == "ed" else "You are not alone. These services listen, in confidence."
    parts.append(f'<p class="guidekit-help__intro">{text_html(ctx, intro)}</p>')
    items = []
    for s in others:
        if not s["numbers"]:
            continue
        numbers = " ".join(
            f'<a class="guidekit-tel guidekit-tel--{e(n["channel"])}" href="{e(n["tel"])}">'
            f'{e(n["display"])}</a>'
            + (f' <span class="guidekit-help__note"{_lang_attr(ctx, n["note_lang"])}>'
               f'({e(n["note"])})</span>' if n["note"] else "")
            for n in s["numbers"])
        hours = (f'<span class="guidekit-help__hours"{_lang_attr(ctx, s["hours_lang"])}>'
                 f'{e(s["hours"])}</span>' if s["hours"] else "")
        items.append(
            f'<li class="guidekit-help__service" data-service="{e(s["id"])}">'
            f'<span class="guidekit-help__name"{_lang_attr(ctx, s["name_lang"])}>{e(s["name"])}</span> '
            f'<span class="guidekit-help__numbers">{numbers}</span> {hours}</li>')
    if items:
        parts.append(f'<ul class="guidekit-help__list">{"".join(items)}</ul>')
    if variant == "ed" and ctx.get("getting_help_url"):
        # main.html replaces the placeholder with the page's relative URL of the guide.
        parts.append(f'<p class="guidekit-help__more"><a href="{GETTING_HELP_URL_PLACEHOLDER}">'
                     f'{text_html(ctx, ED_LINK)}</a></p>')
    close = ""
    if closable:
        close = (f'<form method="dialog" class="guidekit-help__close-form">'
                 f'<button type="submit" class="guidekit-help__close md-button">'
                 f'{text_html(ctx, "Close")}</button></form>')
    body = "".join(parts) + close
    if variant == "crisis":
        return f'<div class="guidekit-help guidekit-help--crisis" data-guidekit-crisis>{body}</div>'
    if variant == "ed":
        return (f'<div class="guidekit-help guidekit-help--crisis guidekit-help--ed" '
                f'data-guidekit-ed>{body}</div>')
    if closable:
        return (f'<dialog id="{ident}" class="guidekit-help guidekit-help--dialog" '
                f'aria-labelledby="{title_id}">{body}</dialog>')
    return (f'<section id="{ident}" class="guidekit-help guidekit-help--{variant}" '
            f'aria-labelledby="{title_id}">{body}</section>')


def has_inline_panel(html_text: str) -> bool:
    """Whether a page places its own help panel (then the footer does not repeat it)."""
    return PANEL_MARKER.search(html_text) is not None


def page_content(html_text: str, ctx: dict[str, Any]) -> str:
    """A page's HTML with the help panel where the guide asked for one (the first place only:
    help once, calmly), the helpline check note where asked for, every content note's summary
    described by the "Open content note" hint, and every note's body kept out of the search
    index."""
    count = 0

    def panel(_match: re.Match[str]) -> str:
        nonlocal count
        count += 1
        return help_panel(ctx, INLINE_PANEL_ID, level=2, variant="inline") if count == 1 else ""

    html_text = PANEL_MARKER.sub(panel, html_text)
    html_text = CHECK_NOTE_MARKER.sub(lambda _m: ctx.get("check_note_html", ""), html_text)
    html_text = _CONTENT_NOTE_SUMMARY.sub(rf'\1 aria-describedby="{HINT_ID}"', html_text)
    return hide_note_bodies_from_search(html_text)


def hide_note_bodies_from_search(html_text: str) -> str:
    """Wrap what each content note hides (all but its summary) in an element Material's search
    index leaves out: a search result's excerpt can show the note's label, never the text a
    reader chose not to open."""
    out: list[str] = []
    pos = 0
    for note in _NOTE_OPEN.finditer(html_text):
        if note.start() < pos:
            continue  # nested in a note already wrapped
        summary_end = html_text.find("</summary>", note.end())
        if summary_end < 0:
            continue
        body = summary_end + len("</summary>")
        depth, end = 1, -1
        for tag in _DETAILS_TAG.finditer(html_text, note.end()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                end = tag.start()
                break
        if end < body or html_text[body:end].lstrip().startswith(NOTE_BODY_OPEN):
            continue
        out += [html_text[pos:body], NOTE_BODY_OPEN, html_text[body:end], "</div>"]
        pos = end
    out.append(html_text[pos:])
    return "".join(out)
