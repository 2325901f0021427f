"""Clinical sign-off: reviewers registry, records, digests, status, SSH signatures, history."""
