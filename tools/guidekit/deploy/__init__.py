"""Where the site is published: its public URL, per-page language alternates and sitemaps."""
