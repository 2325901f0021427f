"""Static checks `guidekit check` runs: translation QA, safe-messaging lint, readability."""
