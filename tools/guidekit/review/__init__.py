"""Clinical sign-off: reviewers, records, digests of what readers see, states, signing, diffs,
the publishing plan and the pull-request report."""
