"""Clinical sign-off: reviewers, records, digests, states, signatures, diffs, publishing plan."""
