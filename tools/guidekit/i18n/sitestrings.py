"""The `site` catalogue domain: nav section titles, site name and description, our templates' text.

Every string our templates and notices show is declared here (so `guidekit extract` finds them)
and looked up in locales/<L>/LC_MESSAGES/site.po at build time through the translations layer:
fuzzy, empty or unsafe entries fall back to English.
"""

from __future__ import annotations

# msgid -> translator comment. The English text is the msgid.
TEMPLATE_STRINGS: dict[str, str] = {
    "Get help now": "Label of the help panel shown on every page",
    "If you or someone else is in danger right now, call {emergency}.":
        "Keep {emergency} exactly: it becomes the tap-to-call emergency number",
    "You are not alone. These services listen, in confidence.": "Help panel introduction",
    "Number last checked on {date}.": "Helpline verification date; keep {date}",
    "Number not yet checked against the official source.": "Shown when nobody has verified a helpline yet",
    "Open content note": "Screen-reader hint on a collapsed content note",
    "This guide is not yet available in {language}. You are reading the English version.":
        "Notice on a page whose translation is missing; keep {language}",
    "This guide is being updated in {language}. You are reading the English version until the translation is finished.":
        "Notice on a page whose translation is out of date; keep {language}",
    "Some parts of this guide are not yet translated into {language}; they are shown in English.":
        "Notice on a page published with some messages untranslated; keep {language}",
    "Draft: awaiting clinical review.": "Banner on every guide that no clinician has signed yet",
    "Translation awaiting review.": "Banner on a translated page no reviewer for this language has signed",
    "Reviewed by {name}, {role}, on {date}": "Review line in the page footer",
    "Next review due {date}": "Review line in the page footer",
    "If your search is about wanting to hurt yourself, please talk to someone now.":
        "Crisis panel heading shown above search results",
    "Worried about eating, weight or your body? You deserve support.":
        "Heading of the eating-disorder help panel shown above search results",
    "Eating disorders are serious, and people do recover. Talking to someone you trust, a doctor at a klinik kesihatan or a helpline is a strong first step.":
        "Eating-disorder help panel in search; keep 'klinik kesihatan' (the name of government clinics)",
    "How to get help for an eating disorder": "Link from the eating-disorder help panel to the getting-help guide",
    "Translation status": "Title of the translation status page",
    "Close": "Button that closes the help panel",
    "Page not found": "Heading of the 404 page",
    "Review status": "Title of the review status page",
    "These numbers have not yet been checked against each service's official source.":
        "Said once, on the Getting help page, under the list of helplines",
    "These numbers were last checked against each service's official source on {date}.":
        "Said once, on the Getting help page; keep {date}",
    "Draft: a health professional has not yet checked this guide.":
        "Banner on a guide no clinician has signed yet; followed by a link to how review works",
    "Draft: a health professional has not yet checked this translation.":
        "Banner on a translated page no reviewer for this language has signed yet",
    "How we check our guides": "Link from the draft banner to the About page's review section",
    "Last updated {date}": "At the end of every guide; keep {date}",
    "Print this page": "Button that prints the guide as a handout",
    "Printed on {date}": "At the top of a printed page; keep {date} (filled in when printing)",
    "Scan to read this page online": "Caption of the QR code on a printed page",
    "Sorry, we cannot find this page. It may have moved, or the address may be wrong.":
        "404 page",
    "Search this site": "Label of the search box on the 404 page",
    "Search": "Button of the search box on the 404 page",
    "Main guides": "Heading of the list of guides on the 404 page",
    "Home": "Link to the home page on the 404 page",
    "Guide": "Column header on the contributors' status pages",
    "Language": "Column header on the review status page",
    "Checked by a health professional?": "Column header on the review status page",
    "Checked by": "Column header on the review status page: the reviewer's name",
    "Checked on": "Column header on the review status page: the date of the review",
    "Next check due": "Column header on the review status page",
    "Checked": "Review state: a health professional signed this exact text",
    "Not yet checked": "Review state: nobody has signed this guide in this language",
    "Changed since it was checked: needs checking again": "Review state",
    "Due for its regular check": "Review state: the sign-off is older than the review interval",
    "The sign-off record has a problem: ask the project team": "Review state",
    "Complete": "Translation status of a guide in one language: everything translated",
    "{done} of {total} parts translated": "Translation status; keep {done} and {total}",
    "{count} changed in English and need updating": "Translation status; keep {count}",
    "How much of each guide is translated into each language.":
        "Introduction of the translation status page",
    "Whether a health professional has checked each guide in each language, and when it is due to be checked again.":
        "Introduction of the review status page",
}


class SiteStrings:
    """gettext for our templates: the site catalogue's safe translations, else English."""

    def __init__(self, project, locale_id: str):
        from guidekit.i18n import catalogs, translations

        self.gate = (translations.IDENTITY if locale_id == project.source_locale
                     else translations.gate(catalogs.translations(project, locale_id, catalogs.SITE)))

    def __call__(self, msgid: str, **values: object) -> str:
        return self.gate(msgid, **values)
