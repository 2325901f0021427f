"""The site root: a language chooser at site/index.html and a multilingual site/404.html.

Plain HTML and inline CSS/JS: it loads nothing, not even from our own assets, so it works
from file:// and from any host, and sends no request anywhere.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from guidekit.config import Project
from guidekit.deploy import sitemaps, urls
from guidekit.files import write_all
from guidekit.i18n.sitestrings import SiteStrings
from guidekit.safety import helplines

_STYLE = """
:root{color-scheme:light;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Noto Sans Tamil",sans-serif}
body{margin:0;background:#f5f7f7;color:#1b1b1b;line-height:1.5}
main{max-width:32rem;margin:0 auto;padding:2rem 1rem}
h1{font-size:1.6rem;margin:0 0 .5rem}
p{margin:.25rem 0 1.25rem}
ul{list-style:none;padding:0;margin:0}
li{margin:.6rem 0}
a.lang{display:block;padding:.9rem 1rem;border-radius:.5rem;background:#fff;border:2px solid #00695c;color:#00483f;text-decoration:none;font-size:1.25rem}
a.lang:hover,a.lang:focus{background:#e0f2f1;outline:3px solid #bf360c;outline-offset:2px}
.help{margin-top:2rem;padding:.5rem 1rem;border-radius:.5rem;background:#fff3e0;border-left:4px solid #bf360c}
.help p{margin:.5rem 0}
.help a{color:#8c2500;font-weight:700}
"""

_REMEMBER = """
(function(){
  var KEY="guidekit-language";
  var links=document.querySelectorAll("a.lang");
  for(var i=0;i<links.length;i++){links[i].addEventListener("click",function(){
    try{localStorage.setItem(KEY,this.getAttribute("data-url"))}catch(e){}
  })}
  if(document.body.getAttribute("data-page")!=="chooser")return;
  if(location.search.indexOf("choose")>=0)return;
  try{var saved=localStorage.getItem(KEY)}catch(e){return}
  if(saved&&/^[a-z-]+$/.test(saved)&&document.querySelector('a.lang[data-url="'+saved+'"]')){location.replace(saved+"/")}
})();
"""


def _emergency_lines(project: Project) -> str:
    """The emergency line in every language, from the helpline registry: help before choice."""
    registry = helplines.load(project)
    service = registry.get("emergency") or (registry.services[0] if registry.services else None)
    if service is None:
        return ""
    number = service.primary
    link = f'<a href="tel:{html.escape(number.tel)}">{html.escape(number.display)}</a>'
    lines = []
    for loc in project.locales:
        text = SiteStrings(project, loc.id)("If you or someone else is in danger right now, call {emergency}.",
                                            emergency="\0")
        before, _, after = text.partition("\0")
        lines.append(f'    <p lang="{html.escape(loc.html_lang)}">{html.escape(before)}{link}{html.escape(after)}</p>')
    return '  <div class="help" role="note">\n' + "\n".join(lines) + "\n  </div>\n"


def _alternates(project: Project, root: str) -> str:
    """Crawlers: each language's home, and this chooser as x-default (absolute, public URL)."""
    if not root:
        return ""
    links = [f'<link rel="alternate" hreflang="{html.escape(loc.html_lang)}" '
             f'href="{html.escape(root + loc.url)}/">' for loc in project.locales]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{html.escape(root)}">')
    links.append(f'<link rel="canonical" href="{html.escape(root)}">')
    return "\n".join(links) + "\n"


def _page(project: Project, kind: str, title: str, intro: str, head: str = "") -> str:
    items = "\n".join(
        f'      <li><a class="lang" href="{html.escape(loc.url)}/" data-url="{html.escape(loc.url)}" '
        f'hreflang="{html.escape(loc.html_lang)}" lang="{html.escape(loc.html_lang)}">{html.escape(loc.name)}</a></li>'
        for loc in project.locales
    )
    site_name = html.escape(str(project.config.get("site_name", "Guides")))
    help = _emergency_lines(project)
    return f"""<!doctype html>
<html lang="{html.escape(project.source.html_lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{html.escape(title)} · {site_name}</title>
{head}<style>{_STYLE}</style>
</head>
<body data-page="{kind}">
<main>
  <h1>{html.escape(title)}</h1>
  <p>{intro}</p>
  <nav aria-label="Languages">
    <ul>
{items}
    </ul>
  </nav>
{help}</main>
<script>{_REMEMBER}</script>
</body>
</html>
"""


def write_root(project: Project, site_dir: Path) -> None:
    site_name = str(project.config.get("site_name", "Guides"))
    root = "" if urls.is_local(urls.site_root(project)) else urls.site_root(project)
    chooser = _page(project, "chooser", site_name,
                    "Choose your language · Pilih bahasa anda · 选择语言 · உங்கள் மொழியைத் தேர்ந்தெடுக்கவும்",
                    _alternates(project, root))
    # The root 404 uses absolute links: it is served for any missing path, at any depth.
    missing = _page(project, "404", "Page not found",
                    "Page not found · Halaman tidak dijumpai · 找不到页面 · பக்கம் கிடைக்கவில்லை")
    # site_url's path is where the site lives on its host ("/", or "/<repository>/" for a
    # GitHub Pages project site).
    prefix = urls.root_path(root)
    missing = missing.replace('class="lang" href="', f'class="lang" href="{html.escape(prefix)}') \
                     .replace('location.replace(saved', f'location.replace({json.dumps(prefix)}+saved')
    files = {"index.html": chooser, "404.html": missing}
    if root:  # only a public address belongs in a sitemap
        files["sitemap.xml"] = sitemaps.sitemap_index(root, project.locales)
        if urls.root_path(root) == "/":  # robots.txt counts only at the root of a host
            files["robots.txt"] = sitemaps.robots_txt(root)
    # All or nothing: the root files are renamed into place together.
    write_all({site_dir / name: text.encode("utf-8") for name, text in files.items()})
