"""Clinical sign-off: reviewers, sign-off records, digests of what readers see, states, signing, diffs and the pull-request report."""
