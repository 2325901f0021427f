"""Every link and anchor of the built site, traced back to its source."""
