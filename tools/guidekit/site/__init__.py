"""The only code that knows MkDocs, Material and HTML: plugin, build, pages, theme, assets."""
