"""What `guidekit check` runs: translation QA, safe-messaging lint, readability, crisis terms."""
