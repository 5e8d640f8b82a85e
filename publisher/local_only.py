"""Nothing in the built site may make a browser reach another host.

mkdocs-material's JavaScript bundle loads two scripts from unpkg.com when a browser lacks them: a
ResizeObserver polyfill (browsers before 2020) and mermaid (diagrams, which these pages never
have). Both addresses are replaced with data: URLs: a small ResizeObserver of our own, good
enough for the theme's layout, and an empty script. No request leaves the site either way.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

RESIZE_OBSERVER = """window.ResizeObserver=window.ResizeObserver||class{constructor(c){this.c=c;this.t=[];\
this.f=()=>this.c(this.t.map(t=>({target:t,contentRect:t.getBoundingClientRect()})),this)}\
observe(t){this.t.push(t);if(this.t.length===1)addEventListener("resize",this.f);this.f()}\
unobserve(t){this.t=this.t.filter(x=>x!==t)}disconnect(){this.t=[];removeEventListener("resize",this.f)}};"""
REPLACEMENTS = {
    "https://unpkg.com/resize-observer-polyfill": "data:text/javascript," + quote(RESIZE_OBSERVER, safe=""),
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "data:text/javascript,",
}


def localise_theme_scripts(site: Path) -> int:
    """Rewrite the theme's remote script addresses in the built site; returns the files changed."""
    changed = 0
    folder = site / "assets" / "javascripts"
    for path in sorted(folder.glob("*.js")) if folder.is_dir() else []:
        text = path.read_text(encoding="utf-8")
        new = text
        for remote, local in REPLACEMENTS.items():
            new = new.replace(remote, local)
        if new != text:
            path.write_text(new, encoding="utf-8")
            changed += 1
    return changed
